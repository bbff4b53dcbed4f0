// The sales files kept in the browser between visits: each imported file's original bytes with the settings
// and column choices it was read with, so that a reload (or a restarted database) imports them again without
// the wizard. Kept in IndexedDB through idb-keyval, in a database of their own (the notebook has `ciclo`).
// A marker in localStorage remembers that files were kept, so an eviction by the browser can be told apart
// from a first visit (see notebook/storage.ts for the same idea).
import { clear, createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { CsvSettings, Mapping } from '../import/types.ts';
import { ROLES } from '../import/types.ts';

const DATABASE = 'ciclo-data';
const STORE = 'files';
const MARKER = 'ciclo.data.saved';
export const SAVED_FILE_FORMAT = 'ciclo-saved-file';
export const SAVED_FILE_VERSION = 1;

/** One kept file. Only files the user kept are saved; an undone import is never written. */
export interface SavedFile {
  format: typeof SAVED_FILE_FORMAT;
  version: typeof SAVED_FILE_VERSION;
  /** The `source_file` its rows carry (the file name, or `name (2)`…): the key in the store. */
  fileTag: string;
  /** Position among the kept files: restored in increasing order, as they were imported. */
  order: number;
  name: string;
  type: string;
  /** Bytes, as the Blob holds them. */
  size: number;
  settings: CsvSettings;
  mapping: Mapping;
  /** The user's decision after the review of rejected rows (only kept files are saved). */
  decision: 'kept';
  bytes: Blob;
}

/** A saved record that failed the checks: where and why, for the user and the log. */
export class SavedFileError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`saved file ${path}: ${detail}`);
    this.name = 'SavedFileError';
  }
}

const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];
const DELIMITERS = [',', ';', '\t', '|'];
const QUOTES = ['"', "'"];
const DECIMALS = ['.', ','];
const THOUSANDS = ['', ',', '.', ' ', "'"];
const DATE_ORDERS = ['ymd', 'dmy', 'mdy', 'excel'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf(record: Record<string, unknown>, key: string, allowed: readonly unknown[], path: string): void {
  if (!allowed.includes(record[key])) {
    throw new SavedFileError(`${path}.${key}`, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(record[key])}`);
  }
}

/** Checks CsvSettings read back from storage, returning a fresh plain copy. */
export function checkSettings(value: unknown, path = 'settings'): CsvSettings {
  if (!isRecord(value)) throw new SavedFileError(path, `expected an object, got ${JSON.stringify(value)}`);
  oneOf(value, 'encoding', ENCODINGS, path);
  oneOf(value, 'hasBom', [true, false], path);
  oneOf(value, 'delimiter', DELIMITERS, path);
  oneOf(value, 'quote', QUOTES, path);
  oneOf(value, 'decimal', DECIMALS, path);
  oneOf(value, 'thousands', THOUSANDS, path);
  oneOf(value, 'dateOrder', DATE_ORDERS, path);
  const { headerLine } = value;
  if (typeof headerLine !== 'number' || !Number.isInteger(headerLine) || headerLine < 1) {
    throw new SavedFileError(`${path}.headerLine`, `expected an integer ≥ 1, got ${JSON.stringify(headerLine)}`);
  }
  return {
    encoding: value.encoding as CsvSettings['encoding'],
    hasBom: value.hasBom as boolean,
    delimiter: value.delimiter as CsvSettings['delimiter'],
    quote: value.quote as CsvSettings['quote'],
    headerLine,
    decimal: value.decimal as CsvSettings['decimal'],
    thousands: value.thousands as CsvSettings['thousands'],
    dateOrder: value.dateOrder as CsvSettings['dateOrder'],
  };
}

/** Checks a column mapping: known roles only, each a column index ≥ 0. */
export function checkMapping(value: unknown, path = 'mapping'): Mapping {
  if (!isRecord(value)) throw new SavedFileError(path, `expected an object, got ${JSON.stringify(value)}`);
  const mapping: Mapping = {};
  for (const key of Object.keys(value)) {
    if (!(ROLES as readonly string[]).includes(key)) throw new SavedFileError(`${path}.${key}`, 'is not a column role of Ciclo');
    const column = value[key];
    if (typeof column !== 'number' || !Number.isInteger(column) || column < 0) {
      throw new SavedFileError(`${path}.${key}`, `expected a column index (integer ≥ 0), got ${JSON.stringify(column)}`);
    }
    mapping[key as keyof Mapping] = column;
  }
  return mapping;
}

/** Turns a value read from storage into a SavedFile, or throws a SavedFileError saying what is wrong. */
export function parseSavedFile(value: unknown): SavedFile {
  if (!isRecord(value)) throw new SavedFileError('/', `expected an object, got ${value === null ? 'null' : typeof value}`);
  if (value.format !== SAVED_FILE_FORMAT) throw new SavedFileError('format', `expected "${SAVED_FILE_FORMAT}", got ${JSON.stringify(value.format)}`);
  if (value.version !== SAVED_FILE_VERSION) throw new SavedFileError('version', `expected ${SAVED_FILE_VERSION}, got ${JSON.stringify(value.version)}`);
  for (const key of ['fileTag', 'name'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') throw new SavedFileError(key, `expected a non-empty text, got ${JSON.stringify(value[key])}`);
  }
  if (typeof value.type !== 'string') throw new SavedFileError('type', `expected a text, got ${JSON.stringify(value.type)}`);
  const { order, size, bytes } = value;
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 0) throw new SavedFileError('order', `expected an integer ≥ 0, got ${JSON.stringify(order)}`);
  if (!(bytes instanceof Blob)) throw new SavedFileError('bytes', 'expected the file bytes (a Blob), and they are missing');
  if (size !== bytes.size) throw new SavedFileError('size', `expected ${bytes.size} (the bytes kept), got ${JSON.stringify(size)}`);
  if (value.decision !== 'kept') throw new SavedFileError('decision', `expected "kept", got ${JSON.stringify(value.decision)}`);
  return {
    format: SAVED_FILE_FORMAT,
    version: SAVED_FILE_VERSION,
    fileTag: value.fileTag as string,
    order,
    name: value.name as string,
    type: value.type,
    size,
    settings: checkSettings(value.settings),
    mapping: checkMapping(value.mapping),
    decision: 'kept',
    bytes,
  };
}

/** What to keep for a file just kept by the user, placed after the files already saved. */
export function savedFileRecord(
  { fileTag, file, settings, mapping }: { fileTag: string; file: Blob & { name: string }; settings: CsvSettings; mapping: Mapping },
  saved: readonly Pick<SavedFile, 'order'>[],
): SavedFile {
  if (typeof fileTag !== 'string' || fileTag === '') throw new RangeError(`fileTag must be a non-empty text, got ${JSON.stringify(fileTag)}`);
  const order = saved.reduce((last, record) => Math.max(last, record.order + 1), 0);
  return {
    format: SAVED_FILE_FORMAT,
    version: SAVED_FILE_VERSION,
    fileTag,
    order,
    name: file.name,
    type: file.type,
    size: file.size,
    settings: { ...settings },
    mapping: { ...mapping },
    decision: 'kept',
    bytes: file,
  };
}

/** The saved files in the order they were imported (ties, which a healthy store never has, by tag). */
export function restoreOrder<T extends Pick<SavedFile, 'order' | 'fileTag'>>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => a.order - b.order || (a.fileTag < b.fileTag ? -1 : a.fileTag > b.fileTag ? 1 : 0));
}

/** The File to import again, with its original name and type. */
export function fileOf(record: SavedFile): File {
  return new File([record.bytes], record.name, { type: record.type });
}

/** The part of Web Storage the marker needs. */
export interface MarkerStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface LoadedFiles {
  /** Valid records, in restore order. */
  files: SavedFile[];
  /** Records that failed the checks (they are deleted; the user is told). */
  damaged: { fileTag: string; error: SavedFileError }[];
  /** Files had been kept here, and the browser has removed them. */
  wasEvicted: boolean;
}

export interface SavedFileStore {
  load(): Promise<LoadedFiles>;
  /** Saves a kept file after the others; rejects with the browser's error (QuotaExceededError…). */
  add(input: { fileTag: string; file: Blob & { name: string }; settings: CsvSettings; mapping: Mapping }): Promise<SavedFile>;
  /** Forgets one file (the user removed it). */
  remove(fileTag: string): Promise<void>;
  /** Forgets every file (the data was replaced or cleared). */
  clear(): Promise<void>;
}

function defaultMarkers(): MarkerStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled: eviction simply cannot be detected
  }
}

function setMarker(markers: MarkerStorage | null, isSet: boolean): void {
  try {
    if (isSet) markers?.setItem(MARKER, '1');
    else markers?.removeItem(MARKER);
  } catch {
    // Without the marker only the eviction notice is lost.
  }
}

/** The browser's store of kept files. Opens nothing until first used. */
export function savedFileStore({ markers = defaultMarkers(), store }: { markers?: MarkerStorage | null; store?: UseStore } = {}): SavedFileStore {
  let opened: UseStore | null = store ?? null;
  const db = () => (opened ??= createStore(DATABASE, STORE));
  async function all(): Promise<LoadedFiles> {
    const files: SavedFile[] = [];
    const damaged: LoadedFiles['damaged'] = [];
    for (const [key, value] of await entries<IDBValidKey, unknown>(db())) {
      try {
        const file = parseSavedFile(value);
        if (file.fileTag !== key) throw new SavedFileError('fileTag', `expected ${JSON.stringify(key)} (its key), got ${JSON.stringify(file.fileTag)}`);
        files.push(file);
      } catch (thrown) {
        const error = thrown instanceof SavedFileError ? thrown : new SavedFileError('/', String(thrown));
        damaged.push({ fileTag: String(key), error });
      }
    }
    return { files: restoreOrder(files), damaged, wasEvicted: false };
  }
  return {
    async load() {
      const loaded = await all();
      for (const { fileTag } of loaded.damaged) await del(fileTag, db());
      const hasMarker = markers !== null && markers.getItem(MARKER) !== null;
      const wasEvicted = hasMarker && loaded.files.length === 0 && loaded.damaged.length === 0;
      if (loaded.files.length === 0) setMarker(markers, false);
      return { ...loaded, wasEvicted };
    },
    async add(input) {
      const { files } = await all();
      const record = savedFileRecord(input, files.filter((file) => file.fileTag !== input.fileTag));
      await set(record.fileTag, record, db());
      setMarker(markers, true);
      return record;
    },
    async remove(fileTag) {
      await del(fileTag, db());
      const { files } = await all();
      if (files.length === 0) setMarker(markers, false);
    },
    async clear() {
      await clear(db());
      setMarker(markers, false);
    },
  };
}

/** True for the browser's "storage is full" error, whichever way the browser names it. */
export function isQuotaError(thrown: unknown): boolean {
  const name = typeof thrown === 'object' && thrown !== null ? (thrown as { name?: unknown }).name : undefined;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}
