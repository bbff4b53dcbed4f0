// The grid's query: one page of sales lines, sorted and filtered, plus the count under the same filter.
// Built in code because the sort column varies; only canonical column names (checked against a fixed
// list) reach the SQL text, and every value the user typed is a bound parameter.
import { SALES_COLUMNS, type SalesRow } from '../import/types.ts';
import type { BoundQuery, Query } from './index.ts';

export { SALES_COLUMNS };
export type SalesColumn = (typeof SALES_COLUMNS)[number];

export const TEXT_COLUMNS = [
  'customer_id',
  'order_id',
  'product',
  'category',
  'channel',
  'salesperson',
  'customer_name',
  'region',
  'source_file',
] as const satisfies readonly SalesColumn[];
export type TextColumn = (typeof TEXT_COLUMNS)[number];

export const NUMBER_COLUMNS = ['amount', 'quantity', 'unit_price', 'cost', 'source_line'] as const satisfies readonly SalesColumn[];
export type NumberColumn = (typeof NUMBER_COLUMNS)[number];

/** Columns the grid's search box looks in. */
export const SEARCHED_COLUMNS = [
  'customer_id',
  'customer_name',
  'product',
  'category',
  'order_id',
] as const satisfies readonly TextColumn[];

/** One column's condition. Ranges include both ends; a missing end is open. */
export type ColumnFilter =
  | { column: TextColumn; kind: 'equals'; value: string }
  | { column: TextColumn; kind: 'contains'; text: string }
  | { column: NumberColumn; kind: 'equals'; value: number }
  | { column: NumberColumn; kind: 'range'; min?: number; max?: number }
  | { column: 'order_date'; kind: 'equals'; value: string }
  | { column: 'order_date'; kind: 'range'; from?: string; to?: string }
  | { column: SalesColumn; kind: 'blank' };

export interface SalesFilter {
  /** Case-insensitive "contains" over SEARCHED_COLUMNS; `%`, `_` and `\` are plain characters. */
  text?: string;
  /** All must hold. */
  columns?: readonly ColumnFilter[];
}

export interface SalesSort {
  column: SalesColumn;
  descending: boolean;
}

export interface SalesPageRequest {
  offset: number;
  limit: number;
  /**
   * Without a sort, rows come in the order they were loaded. Text sorts ignoring case and accents; blanks
   * always come last; equal values keep the load order.
   */
  sort?: SalesSort;
  filter?: SalesFilter;
  /**
   * Reads the sorted order mirrored (last row first), so a page near the end is a short top-N from the
   * other side instead of a sort that skips most of the table; the caller reverses the rows.
   */
  isBackwards?: boolean;
}

export const MAX_PAGE_ROWS = 10_000;

const COLUMN_SET: ReadonlySet<string> = new Set(SALES_COLUMNS);
const TEXT_SET: ReadonlySet<string> = new Set(TEXT_COLUMNS);
const NUMBER_SET: ReadonlySet<string> = new Set(NUMBER_COLUMNS);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The column's name as an SQL identifier, after checking that it is a canonical column. */
function columnSql(column: string): string {
  if (!COLUMN_SET.has(column)) {
    throw new RangeError(`column must be one of ${SALES_COLUMNS.join(', ')}; got ${JSON.stringify(column)}`);
  }
  return `"${column}"`;
}

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards (and the escape itself) taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function checkedNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${what} must be a finite number, got ${String(value)}`);
  }
  return value;
}

function checkedDate(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) {
    throw new RangeError(`${what} must be an ISO date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}

function checkedText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new RangeError(`${what} must be a text, got ${String(value)}`);
  return value;
}

function columnCondition(filter: ColumnFilter, bind: (value: unknown) => string): string {
  const column = columnSql(filter.column);
  const family = filter.column === 'order_date' ? 'date' : NUMBER_SET.has(filter.column) ? 'number' : 'text';
  const where = `filter on ${filter.column}`;
  const value = (raw: unknown, what: string): string => {
    if (family === 'date') return `${bind(checkedDate(raw, what))}::DATE`;
    if (family === 'number') return `${bind(checkedNumber(raw, what))}::DOUBLE`;
    return `${bind(checkedText(raw, what))}::VARCHAR`;
  };
  switch (filter.kind) {
    case 'blank':
      return `${column} IS NULL`;
    case 'equals':
      return `${column} = ${value(filter.value, where)}`;
    case 'contains':
      if (family !== 'text') throw new RangeError(`${where}: "contains" needs a text column`);
      return `${column} ILIKE ${bind(containsPattern(checkedText(filter.text, where)))} ESCAPE '\\'`;
    case 'range': {
      if (family === 'text') throw new RangeError(`${where}: "range" needs a number or date column`);
      const [low, high] = filter.column === 'order_date' ? [filter.from, filter.to] : [filter.min, filter.max];
      const parts: string[] = [];
      if (low !== undefined) parts.push(`${column} >= ${value(low, `${where} (lower end)`)}`);
      if (high !== undefined) parts.push(`${column} <= ${value(high, `${where} (upper end)`)}`);
      return parts.length === 0 ? 'true' : parts.join(' AND ');
    }
    default: {
      const kind: unknown = (filter as { kind?: unknown }).kind;
      throw new RangeError(`${where}: kind must be equals, contains, range or blank, got ${JSON.stringify(kind)}`);
    }
  }
}

/** ` WHERE …` (or nothing) for a filter, appending its values to `params`. */
function whereSql(filter: SalesFilter | undefined, params: unknown[]): string {
  const bind = (value: unknown) => `$${params.push(value)}`;
  const conditions: string[] = [];
  if (filter?.text) {
    const pattern = bind(containsPattern(filter.text));
    const anyColumn = SEARCHED_COLUMNS.map((column) => `"${column}" ILIKE ${pattern} ESCAPE '\\'`).join(' OR ');
    conditions.push(`(${anyColumn})`);
  }
  for (const columnFilter of filter?.columns ?? []) conditions.push(`(${columnCondition(columnFilter, bind)})`);
  return conditions.length === 0 ? '' : `\nWHERE ${conditions.join('\n  AND ')}`;
}

function orderSql(sort: SalesSort | undefined, isBackwards = false): string {
  // Unsorted, rows come in load order without an ORDER BY: DuckDB keeps insertion order for plain
  // scans (preserve_insertion_order, on by default), and skipping the sort makes a deep page of a
  // million rows take milliseconds instead of a second (https://duckdb.org/docs/stable/sql/dialect/order_preservation).
  if (!sort) return '';
  // rowid (load order) breaks ties, so pages never overlap or skip rows.
  const isDescending = sort.descending !== isBackwards;
  const direction = isDescending ? 'DESC' : 'ASC';
  // Blanks last and load order for ties; read backwards, both flip, which mirrors the order exactly.
  const nulls = isBackwards ? 'NULLS FIRST' : 'NULLS LAST';
  const ties = isBackwards ? 'rowid DESC' : 'rowid';
  // Text sorts the way people file names: "ana" next to "Ana", "Élodie" among the E's (DuckDB's built-in
  // collations, no ICU extension needed).
  const collation = TEXT_SET.has(sort.column) ? ' COLLATE NOACCENT.NOCASE' : '';
  return `\nORDER BY ${columnSql(sort.column)}${collation} ${direction} ${nulls}, ${ties}`;
}

function checkedWindow({ offset, limit }: SalesPageRequest): void {
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset must be an integer ≥ 0, got ${offset}`);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_ROWS) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_ROWS}, got ${limit}`);
  }
}

/** A sales line as the grid reads it back (the canonical row, as a type that fits the engine's `Row`). */
export type SalesPageRow = { [Column in keyof SalesRow]: SalesRow[Column] };

/** sales-page: canonical columns of the rows in [offset, offset + limit) under the filter and sort. */
export const salesPage: Query<SalesPageRequest, SalesPageRow> = {
  name: 'sales-page',
  bind(request): BoundQuery {
    checkedWindow(request);
    const params: unknown[] = [];
    const where = whereSql(request.filter, params);
    const columns = SALES_COLUMNS.map((column) => `"${column}"`).join(', ');
    const window = `\nLIMIT $${params.push(request.limit)} OFFSET $${params.push(request.offset)}`;
    return { sql: `SELECT ${columns}\nFROM sales${where}${orderSql(request.sort, request.isBackwards)}${window}`, params };
  },
};

/** sales-page-total: how many rows the filter keeps (the grid's scroll height). */
export const salesPageTotal: Query<SalesFilter | undefined, { total: number }> = {
  name: 'sales-page-total',
  bind(filter): BoundQuery {
    const params: unknown[] = [];
    return { sql: `SELECT count(*) AS total\nFROM sales${whereSql(filter, params)}`, params };
  },
};
