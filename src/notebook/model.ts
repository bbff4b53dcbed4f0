// A Ciclo notebook: an ordered list of cells (SQL queries, charts of a query's result, Markdown notes)
// and the analysis settings they were written with. Every operation returns a new notebook and leaves
// the old one as it was, so the screens can keep it in `$state.raw` and undo a deletion.

import { RESULT_TABLES } from '../results/result-files.ts';

export const NOTEBOOK_VERSION = 1;

export type CellKind = 'sql' | 'chart' | 'note';
export const CELL_KINDS = ['sql', 'chart', 'note'] as const satisfies readonly CellKind[];

export type ChartMark = 'line' | 'bar' | 'dot' | 'cell';
export const CHART_MARKS = ['line', 'bar', 'dot', 'cell'] as const satisfies readonly ChartMark[];

export interface SqlCell {
  id: string;
  kind: 'sql';
  /** The name later cells query the result under (`FROM revenue_per_month`). */
  name: string;
  sql: string;
}

export interface ChartCell {
  id: string;
  kind: 'chart';
  name: string;
  /** Name of the SQL cell whose result is drawn; '' until the user picks one. */
  source: string;
  mark: ChartMark;
  /** Column names of the source result; null when not used. */
  x: string | null;
  y: string | null;
  color: string | null;
  facet: string | null;
}

export interface NoteCell {
  id: string;
  kind: 'note';
  name: string;
  markdown: string;
}

export type Cell = SqlCell | ChartCell | NoteCell;

/** The analysis settings saved with the notebook (the same choices as the analysis bar). */
export interface NotebookSettings {
  /** ISO analysis date, or null for the default. */
  asOf: string | null;
  unit: 'month' | 'week';
  alpha: 0.01 | 0.05 | 0.1;
}

export interface Notebook {
  version: typeof NOTEBOOK_VERSION;
  cells: Cell[];
  settings: NotebookSettings;
}

export const DEFAULT_SETTINGS: NotebookSettings = { asOf: null, unit: 'month', alpha: 0.05 };

/** Longest cell name DuckDB-friendly tools handle comfortably (PostgreSQL's identifier limit). */
export const MAX_NAME_LENGTH = 63;
const NAME_PATTERN = /^[a-z_][a-z0-9_]*$/;

/**
 * Names a cell cannot take: Ciclo's own tables (`sales`, and the `result_*` tables of opened `ciclo analyze`
 * results), DuckDB's catalogs and schemas, and the SQL words that
 * would make `FROM <name>` read as something else.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'sales', ...Object.values(RESULT_TABLES), 'main', 'temp', 'memory', 'system', 'information_schema', 'pg_catalog',
  'all', 'and', 'any', 'array', 'as', 'asc', 'asof', 'between', 'both', 'by', 'case', 'cast', 'check', 'collate',
  'column', 'columns', 'constraint', 'create', 'cross', 'current_date', 'current_time', 'current_timestamp',
  'default', 'delete', 'desc', 'describe', 'distinct', 'do', 'drop', 'else', 'end', 'except', 'exclude', 'exists',
  'false', 'fetch', 'for', 'foreign', 'from', 'full', 'grant', 'group', 'having', 'ilike', 'in', 'inner', 'insert',
  'intersect', 'into', 'is', 'join', 'lateral', 'leading', 'left', 'like', 'limit', 'natural', 'not', 'null',
  'offset', 'on', 'only', 'or', 'order', 'outer', 'over', 'pivot', 'positional', 'primary', 'qualify',
  'references', 'returning', 'right', 'select', 'semi', 'anti', 'set', 'some', 'summarize', 'table', 'then',
  'to', 'trailing', 'true', 'union', 'unique', 'unpivot', 'update', 'using', 'values', 'when', 'where', 'window',
  'with',
]);

export type NameProblem = 'empty' | 'too_long' | 'pattern' | 'reserved' | 'taken';

/** Why `name` cannot name the cell `cellId` in `notebook` (null when it can). */
export function nameProblem(notebook: Notebook, cellId: string, name: string): NameProblem | null {
  if (name.length === 0) return 'empty';
  if (name.length > MAX_NAME_LENGTH) return 'too_long';
  if (!NAME_PATTERN.test(name)) return 'pattern';
  if (RESERVED_NAMES.has(name)) return 'reserved';
  if (notebook.cells.some((cell) => cell.id !== cellId && cell.name === name)) return 'taken';
  return null;
}

export function emptyNotebook(): Notebook {
  return { version: NOTEBOOK_VERSION, cells: [], settings: { ...DEFAULT_SETTINGS } };
}

const NAME_STEM: Record<CellKind, string> = { sql: 'query', chart: 'chart', note: 'note' };

/** `query1`, `query2`…: the first free name of the kind's stem. */
export function freeName(notebook: Notebook, kind: CellKind): string {
  const taken = new Set(notebook.cells.map((cell) => cell.name));
  for (let n = 1; ; n++) {
    const name = `${NAME_STEM[kind]}${n}`;
    if (!taken.has(name)) return name;
  }
}

/** `c1`, `c2`…: ids are counted, not random, so a notebook and its tests are reproducible. */
export function freeId(notebook: Notebook): string {
  const used = notebook.cells.map((cell) => Number(/^c(\d+)$/.exec(cell.id)?.[1] ?? 0));
  return `c${Math.max(0, ...used) + 1}`;
}

function newCell(notebook: Notebook, kind: CellKind): Cell {
  const id = freeId(notebook);
  const name = freeName(notebook, kind);
  if (kind === 'sql') return { id, kind, name, sql: '' };
  if (kind === 'note') return { id, kind, name, markdown: '' };
  // A new chart draws the nearest SQL cell above it.
  const source = [...notebook.cells].reverse().find((cell) => cell.kind === 'sql')?.name ?? '';
  return { id, kind, name, source, mark: 'line', x: null, y: null, color: null, facet: null };
}

/** Adds an empty cell of `kind` after the cell `afterId` (at the end when omitted or unknown). */
export function addCell(notebook: Notebook, kind: CellKind, { afterId }: { afterId?: string } = {}): { notebook: Notebook; cell: Cell } {
  if (!(CELL_KINDS as readonly string[]).includes(kind)) throw new Error(`kind must be one of ${CELL_KINDS.join(', ')}, got "${kind}"`);
  const cell = newCell(notebook, kind);
  const at = afterId === undefined ? -1 : notebook.cells.findIndex((c) => c.id === afterId);
  const cells = [...notebook.cells];
  cells.splice(at < 0 ? cells.length : at + 1, 0, cell);
  return { notebook: { ...notebook, cells }, cell };
}

/** Moves a cell `by` places (−1 up, +1 down), stopping at either end. */
export function moveCell(notebook: Notebook, id: string, by: number): Notebook {
  if (!Number.isInteger(by)) throw new Error(`by must be an integer, got ${by}`);
  const from = notebook.cells.findIndex((cell) => cell.id === id);
  if (from < 0) return notebook;
  const to = Math.min(notebook.cells.length - 1, Math.max(0, from + by));
  if (to === from) return notebook;
  const cells = [...notebook.cells];
  const [cell] = cells.splice(from, 1);
  cells.splice(to, 0, cell!);
  return { ...notebook, cells };
}

/** What `restoreCell` needs to put a deleted cell back where it was. */
export interface DeletedCell {
  cell: Cell;
  index: number;
}

export function deleteCell(notebook: Notebook, id: string): { notebook: Notebook; deleted: DeletedCell | null } {
  const index = notebook.cells.findIndex((cell) => cell.id === id);
  if (index < 0) return { notebook, deleted: null };
  const cells = notebook.cells.filter((cell) => cell.id !== id);
  return { notebook: { ...notebook, cells }, deleted: { cell: notebook.cells[index]!, index } };
}

/**
 * Undoes a deletion. If another cell took the name meanwhile, the restored cell gets a free name; if
 * its id was reused, a free id.
 */
export function restoreCell(notebook: Notebook, { cell, index }: DeletedCell): Notebook {
  let restored: Cell = cell;
  if (notebook.cells.some((c) => c.id === cell.id)) restored = { ...restored, id: freeId(notebook) };
  if (notebook.cells.some((c) => c.name === cell.name)) restored = { ...restored, name: freeName(notebook, cell.kind) };
  const cells = [...notebook.cells];
  cells.splice(Math.min(Math.max(0, index), cells.length), 0, restored);
  return { ...notebook, cells };
}

/** Renames a cell; charts drawing a renamed SQL cell follow it. Throws when the name is not allowed. */
export function renameCell(notebook: Notebook, id: string, name: string): Notebook {
  const cell = notebook.cells.find((c) => c.id === id);
  if (!cell) throw new Error(`no cell has the id "${id}"`);
  const problem = nameProblem(notebook, id, name);
  if (problem) throw new Error(`"${name}" cannot name a cell (${problem})`);
  const old = cell.name;
  const cells = notebook.cells.map((c): Cell => {
    if (c.id === id) return { ...c, name };
    if (c.kind === 'chart' && cell.kind === 'sql' && c.source === old) return { ...c, source: name };
    return c;
  });
  return { ...notebook, cells };
}

type Editable<C extends Cell> = Partial<Omit<C, 'id' | 'kind' | 'name'>>;

/** Changes a cell's content (not its id, kind or name). */
export function updateCell<C extends Cell>(notebook: Notebook, id: string, patch: Editable<C>): Notebook {
  if (!notebook.cells.some((cell) => cell.id === id)) return notebook;
  return { ...notebook, cells: notebook.cells.map((cell) => (cell.id === id ? ({ ...cell, ...patch } as Cell) : cell)) };
}

export function setSettings(notebook: Notebook, settings: NotebookSettings): Notebook {
  return { ...notebook, settings: { ...settings } };
}
