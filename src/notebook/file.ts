// The notebook file a user downloads and opens again: JSON with the cells and the settings, never the
// data. Opening checks the whole file before anything of it is used, and refuses what a hand-edited or
// hostile file could smuggle in (`__proto__` keys, wrong types, huge strings) with a code and a place.
//
// Format version 1. The optional top-level `decisions` section carries what the user decided about the action
// list of the dataset the notebook was used with (statuses with notes, relationship levels, account goals; see
// notebook/decisions.ts). It was added without a new version: a version 1 file without it is still valid and
// simply carries no decisions, and a Ciclo that predates it refuses such a file as an unknown field.
// The optional `data` section, added the same way, carries the sales files themselves (their bytes in base64,
// with the import settings and column mapping they were read with), for a notebook downloaded "with data".
import { readDecisionsWith, type ActionDecisions } from './decisions.ts';
import { checkMapping, checkSettings, SavedFileError } from '../persistence/saved-files.ts';
import type { CsvSettings, Mapping } from '../import/types.ts';
import {
  CELL_KINDS,
  CHART_MARKS,
  DEFAULT_SETTINGS,
  NOTEBOOK_VERSION,
  nameProblem,
  type Cell,
  type ChartMark,
  type Notebook,
  type NotebookSettings,
} from './model.ts';

export const NOTEBOOK_FORMAT = 'ciclo-notebook';

export type NotebookFileErrorCode =
  | 'NOTEBOOK_FILE_TOO_LARGE'
  | 'NOTEBOOK_FILE_NOT_JSON'
  | 'NOTEBOOK_FILE_FORBIDDEN_KEY'
  | 'NOTEBOOK_FILE_VERSION'
  | 'NOTEBOOK_FILE_INVALID';

/** Where and why a notebook file was refused. `path` is JSON-style (`cells[2].mark`); `line` is 1-based. */
export interface NotebookFileProblem {
  code: NotebookFileErrorCode;
  path: string;
  line?: number;
  detail: string;
}

export const LIMITS = {
  /** Characters of the whole file, without a data section. */
  fileChars: 5_000_000,
  /** Characters of the whole file with its data (base64 is 4/3 of the bytes: about 380 MB of CSV). */
  fileWithDataChars: 512 * 1024 * 1024,
  /** Sales files in a data section. */
  dataFiles: 50,
  cells: 500,
  /** Characters of one SQL text or note. */
  textChars: 200_000,
  /** Characters of a column name in a chart. */
  columnChars: 256,
  idChars: 32,
  /** Nesting of arrays and objects. */
  depth: 8,
} as const;

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The error `parseNotebookFile` throws: a real Error carrying the problem's fields. */
export type NotebookFileError = Error & NotebookFileProblem;

function fail(problem: NotebookFileProblem): never {
  const error = new Error(`${problem.code} at ${problem.path || 'file'}: ${problem.detail}`) as NotebookFileError;
  error.name = 'NotebookFileError';
  Object.assign(error, problem);
  throw error;
}

export function isNotebookFileError(value: unknown): value is NotebookFileError {
  return value instanceof Error && value.name === 'NotebookFileError';
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Where JSON text first goes wrong, for the error's line (browsers word JSON.parse's message differently and
 * do not always give a position). A small recursive-descent reader of RFC 8259; null when none is found.
 */
export function jsonErrorOffset(source: string): number | null {
  let i = 0;
  const space = () => {
    while (i < source.length && ' \t\n\r'.includes(source[i]!)) i++;
  };
  const expect = (ok: boolean) => {
    if (!ok) throw i;
  };
  const string = () => {
    expect(source[i] === '"');
    i++;
    while (i < source.length && source[i] !== '"') {
      expect(source.charCodeAt(i) >= 0x20);
      if (source[i] === '\\') {
        i++;
        if (source[i] === 'u') {
          expect(/^[0-9a-fA-F]{4}$/.test(source.slice(i + 1, i + 5)));
          i += 4;
        } else expect('"\\/bfnrt'.includes(source[i] ?? 'x'));
      }
      i++;
    }
    expect(i < source.length);
    i++;
  };
  const value = (): void => {
    space();
    const c = source[i];
    if (c === '{') {
      i++;
      space();
      if (source[i] === '}') return void i++;
      for (;;) {
        space();
        string();
        space();
        expect(source[i] === ':');
        i++;
        value();
        space();
        if (source[i] === '}') return void i++;
        expect(source[i] === ',');
        i++;
      }
    }
    if (c === '[') {
      i++;
      space();
      if (source[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (source[i] === ']') return void i++;
        expect(source[i] === ',');
        i++;
      }
    }
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(source.slice(i, i + 400));
    expect(literal !== null);
    i += literal![0].length;
  };
  try {
    value();
    space();
    return i < source.length ? i : null;
  } catch (thrown) {
    return typeof thrown === 'number' ? Math.min(thrown, source.length) : null;
  }
}

/** What a notebook file holds: the notebook, and the action decisions when the file carries them. */
/** A sales file carried in a notebook file, with what it takes to import it again exactly as before. */
export interface NotebookDataFile {
  /** The `source_file` its rows carry. */
  fileTag: string;
  name: string;
  type: string;
  settings: CsvSettings;
  mapping: Mapping;
  bytes: Uint8Array;
}

export interface NotebookFile {
  notebook: Notebook;
  decisions: ActionDecisions | null;
  /** The sales files, when the notebook was downloaded with its data; null otherwise. */
  files: NotebookDataFile[] | null;
}

/**
 * The notebook as the text of a `.ciclo.json` file (pretty-printed, so it diffs and reads well), with the
 * action decisions of the current dataset when given.
 */
export function serializeNotebook(
  notebook: Notebook,
  { decisions = null, files = null }: { decisions?: ActionDecisions | null; files?: readonly NotebookDataFile[] | null } = {},
): string {
  const file = {
    format: NOTEBOOK_FORMAT,
    version: notebook.version,
    settings: notebook.settings,
    cells: notebook.cells,
    ...(decisions ? { decisions } : {}),
    ...(files ? { data: { files: files.map(({ bytes, ...rest }) => ({ ...rest, base64: toBase64(bytes) })) } } : {}),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Reads a notebook file's notebook (its decisions, if any, are checked too). Throws like `readNotebookFile`. */
export function parseNotebookFile(text: string): Notebook {
  return readNotebookFile(text).notebook;
}

/** Reads a notebook file. Throws a NotebookFileError (see its `code`, `path`, `line`) on anything unexpected. */
export function readNotebookFile(text: string): NotebookFile {
  if (typeof text !== 'string') fail({ code: 'NOTEBOOK_FILE_NOT_JSON', path: '', detail: `expected text, got ${typeof text}` });
  // Past the limit of a notebook alone, only a file that carries data is worth parsing.
  const limit = text.length > LIMITS.fileChars && text.includes('"data"') ? LIMITS.fileWithDataChars : LIMITS.fileChars;
  if (text.length > limit) {
    fail({ code: 'NOTEBOOK_FILE_TOO_LARGE', path: '', detail: `at most ${limit} characters, got ${text.length}` });
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    const offset = jsonErrorOffset(text.replace(/^\uFEFF/, ''));
    fail({ code: 'NOTEBOOK_FILE_NOT_JSON', path: '', ...(offset !== null ? { line: lineAt(text, offset) } : {}), detail: message });
  }
  const { data } = (typeof value === 'object' && value !== null ? value : {}) as { data?: unknown };
  if (data === undefined && text.length > LIMITS.fileChars) {
    fail({ code: 'NOTEBOOK_FILE_TOO_LARGE', path: '', detail: `at most ${LIMITS.fileChars} characters without data, got ${text.length}` });
  }
  checkKeys(value, text);
  const notebook = readNotebook(value);
  const { decisions } = value as { decisions?: unknown };
  return {
    notebook,
    decisions: decisions === undefined ? null : readFileDecisions(decisions),
    files: data === undefined ? null : readData(data),
  };
}

/** The data section: each sales file with its settings and mapping checked as stored files are, and its bytes. */
function readData(value: unknown): NotebookDataFile[] {
  const data = record(value, 'data', ['files']);
  if (!Array.isArray(data.files)) invalid('data.files', `expected an array, got ${typeName(data.files)}`);
  if (data.files.length > LIMITS.dataFiles) {
    fail({ code: 'NOTEBOOK_FILE_TOO_LARGE', path: 'data.files', detail: `at most ${LIMITS.dataFiles} files, got ${data.files.length}` });
  }
  const files: NotebookDataFile[] = [];
  data.files.forEach((item: unknown, index: number) => {
    const path = `data.files[${index}]`;
    const file = record(item, path, ['fileTag', 'name', 'type', 'settings', 'mapping', 'base64']);
    const fileTag = text(file.fileTag, `${path}.fileTag`, 1024);
    if (fileTag === '') invalid(`${path}.fileTag`, 'expected a file name, got empty text');
    if (files.some((other) => other.fileTag === fileTag)) invalid(`${path}.fileTag`, `the file "${fileTag}" is carried twice`);
    let settings: CsvSettings;
    let mapping: Mapping;
    try {
      settings = checkSettings(file.settings, `${path}.settings`);
      mapping = checkMapping(file.mapping, `${path}.mapping`);
    } catch (thrown) {
      if (thrown instanceof SavedFileError) invalid(thrown.path, thrown.detail);
      throw thrown;
    }
    const base64 = text(file.base64, `${path}.base64`, LIMITS.fileWithDataChars);
    if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) invalid(`${path}.base64`, 'expected the file’s bytes in base64');
    files.push({ fileTag, name: text(file.name, `${path}.name`, 1024), type: text(file.type, `${path}.type`, 256), settings, mapping, bytes: fromBase64(base64) });
  });
  return files;
}

const BASE64_CHUNK = 0x8000;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The decisions section, refused at its first problem (`decisions.relationship.C001`). */
function readFileDecisions(value: unknown): ActionDecisions {
  return readDecisionsWith(value, ({ at, detail }) => {
    const path = at.reduce<string>((so, key) => (typeof key === 'number' ? `${so}[${key}]` : `${so}.${key}`), 'decisions');
    invalid(path, detail);
  });
}

/** Refuses prototype-polluting keys anywhere, and nesting deeper than a notebook ever has. */
function checkKeys(root: unknown, text: string): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > LIMITS.depth) fail({ code: 'NOTEBOOK_FILE_INVALID', path, detail: `nested deeper than ${LIMITS.depth} levels` });
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        const at = text.search(new RegExp(`"${key}"\\s*:`));
        fail({ code: 'NOTEBOOK_FILE_FORBIDDEN_KEY', path: keyPath, ...(at >= 0 ? { line: lineAt(text, at) } : {}), detail: `the key "${key}" is not allowed` });
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: keyPath, depth: depth + 1 });
    }
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

function invalid(path: string, detail: string): never {
  fail({ code: 'NOTEBOOK_FILE_INVALID', path, detail });
}

function record(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(path, `expected an object, got ${typeName(value)}`);
  const unknown = Object.keys(value).find((key) => !keys.includes(key));
  if (unknown !== undefined) invalid(path ? `${path}.${unknown}` : unknown, `unknown field "${unknown}"; expected ${keys.join(', ')}`);
  return value as Record<string, unknown>;
}

function text(value: unknown, path: string, maxChars: number): string {
  if (typeof value !== 'string') invalid(path, `expected text, got ${typeName(value)}`);
  if (value.length > maxChars) fail({ code: 'NOTEBOOK_FILE_TOO_LARGE', path, detail: `at most ${maxChars} characters, got ${value.length}` });
  return value;
}

function column(value: unknown, path: string): string | null {
  return value === null || value === undefined ? null : text(value, path, LIMITS.columnChars);
}

function oneOf<T extends string | number>(value: unknown, path: string, allowed: readonly T[]): T {
  if (!(allowed as readonly unknown[]).includes(value)) invalid(path, `expected one of ${allowed.join(', ')}, got ${typeName(value)}`);
  return value as T;
}

function readNotebook(value: unknown): Notebook {
  const root = record(value, '', ['format', 'version', 'settings', 'cells', 'decisions', 'data']);
  if (root.format !== NOTEBOOK_FORMAT) invalid('format', `expected "${NOTEBOOK_FORMAT}", got ${typeName(root.format)}`);
  if (root.version !== NOTEBOOK_VERSION) {
    fail({ code: 'NOTEBOOK_FILE_VERSION', path: 'version', detail: `this Ciclo reads version ${NOTEBOOK_VERSION}, got ${typeName(root.version)}` });
  }
  const settings = root.settings === undefined ? { ...DEFAULT_SETTINGS } : readSettings(root.settings);
  if (!Array.isArray(root.cells)) invalid('cells', `expected an array, got ${typeName(root.cells)}`);
  if (root.cells.length > LIMITS.cells) {
    fail({ code: 'NOTEBOOK_FILE_TOO_LARGE', path: 'cells', detail: `at most ${LIMITS.cells} cells, got ${root.cells.length}` });
  }
  const notebook: Notebook = { version: NOTEBOOK_VERSION, settings, cells: [] };
  root.cells.forEach((item: unknown, index: number) => {
    const cell = readCell(item, `cells[${index}]`);
    if (notebook.cells.some((other) => other.id === cell.id)) invalid(`cells[${index}].id`, `the id "${cell.id}" is used twice`);
    const problem = nameProblem(notebook, cell.id, cell.name);
    if (problem) invalid(`cells[${index}].name`, `"${cell.name}" cannot name a cell (${problem})`);
    notebook.cells.push(cell);
  });
  return notebook;
}

function readSettings(value: unknown): NotebookSettings {
  const settings = record(value, 'settings', ['asOf', 'unit', 'alpha']);
  const asOf = settings.asOf ?? null;
  if (asOf !== null && (typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(asOf))) {
    invalid('settings.asOf', `expected an ISO date YYYY-MM-DD or null, got ${typeName(asOf)}`);
  }
  return {
    asOf,
    unit: oneOf(settings.unit ?? DEFAULT_SETTINGS.unit, 'settings.unit', ['month', 'week'] as const),
    alpha: oneOf(settings.alpha ?? DEFAULT_SETTINGS.alpha, 'settings.alpha', [0.01, 0.05, 0.1] as const),
  };
}

function readCell(value: unknown, path: string): Cell {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(path, `expected an object, got ${typeName(value)}`);
  const kind = oneOf((value as Record<string, unknown>).kind, `${path}.kind`, CELL_KINDS);
  const id = text((value as Record<string, unknown>).id, `${path}.id`, LIMITS.idChars);
  if (!/^[A-Za-z0-9_-]+$/.test(id)) invalid(`${path}.id`, `expected letters, digits, _ or -, got ${typeName(id)}`);
  if (kind === 'sql') {
    const cell = record(value, path, ['id', 'kind', 'name', 'sql']);
    return { id, kind, name: text(cell.name, `${path}.name`, 200), sql: text(cell.sql, `${path}.sql`, LIMITS.textChars) };
  }
  if (kind === 'note') {
    const cell = record(value, path, ['id', 'kind', 'name', 'markdown']);
    return { id, kind, name: text(cell.name, `${path}.name`, 200), markdown: text(cell.markdown, `${path}.markdown`, LIMITS.textChars) };
  }
  const cell = record(value, path, ['id', 'kind', 'name', 'source', 'mark', 'x', 'y', 'color', 'facet']);
  return {
    id,
    kind,
    name: text(cell.name, `${path}.name`, 200),
    source: text(cell.source, `${path}.source`, 200),
    mark: oneOf<ChartMark>(cell.mark, `${path}.mark`, CHART_MARKS),
    x: column(cell.x, `${path}.x`),
    y: column(cell.y, `${path}.y`),
    color: column(cell.color, `${path}.color`),
    facet: column(cell.facet, `${path}.facet`),
  };
}
