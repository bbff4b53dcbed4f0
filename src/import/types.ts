// The import contract: what a sales export becomes once Ciclo has read it.
// Plain data only (no classes), so the browser worker, the CLI and the tests exchange it freely.

/** Canonical roles a column can play. `customer_id`, `order_date` and an amount are required. */
export const ROLES = [
  'customer_id',
  'order_date',
  'amount',
  'order_id',
  'quantity',
  'unit_price',
  'cost',
  'product',
  'category',
  'channel',
  'salesperson',
  'customer_name',
  'region',
] as const;
export type Role = (typeof ROLES)[number];

/** Text roles stored as VARCHAR (NULL when the column is unmapped or the cell is blank). */
export const TEXT_ROLES = [
  'order_id',
  'product',
  'category',
  'channel',
  'salesperson',
  'customer_name',
  'region',
] as const satisfies readonly Role[];

export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t' | '|';
export type Quote = '"' | "'";
export type DecimalSeparator = '.' | ',';
/** '' means "no thousands separator". ' ' also matches the narrow/no-break spaces Excel writes. */
export type ThousandsSeparator = '' | ',' | '.' | ' ' | "'";
/**
 * Order of the date parts. `excel` is a day count since 1899-12-30 (Excel's serial date, with or
 * without a fractional time). Separators (`/ - .`) and a trailing time (`HH:MM[:SS]`, `T…Z`) are
 * accepted for every order.
 */
export type DateOrder = 'ymd' | 'dmy' | 'mdy' | 'excel';

/** Everything needed to read the file's bytes into cells. Detected, and each one overridable. */
export interface CsvSettings {
  encoding: EncodingName;
  /** True when the file starts with a byte-order mark (it is skipped). */
  hasBom: boolean;
  delimiter: Delimiter;
  quote: Quote;
  /** 1-based physical line number of the header row (2 when a title line sits above it). */
  headerLine: number;
  decimal: DecimalSeparator;
  thousands: ThousandsSeparator;
  dateOrder: DateOrder;
}

/** Role → 0-based column index in the header row. */
export type Mapping = Partial<Record<Role, number>>;

/** Stable identifiers of every import problem; translated by code, never by matching English text. */
export type ImportErrorCode =
  // whole-file problems (the import stops, earlier data stays)
  | 'IMPORT_EMPTY_FILE'
  | 'IMPORT_NO_DATA_ROWS'
  | 'IMPORT_OUT_OF_MEMORY'
  | 'IMPORT_FILE_TOO_LARGE'
  | 'IMPORT_BINARY_FILE'
  | 'IMPORT_SPREADSHEET_FILE'
  | 'IMPORT_UNSUPPORTED_ENCODING'
  | 'IMPORT_NO_DELIMITER'
  | 'IMPORT_UNTERMINATED_QUOTE'
  | 'IMPORT_MISSING_ROLE'
  | 'IMPORT_AMBIGUOUS_DATE'
  | 'IMPORT_UNKNOWN_DATE_FORMAT'
  | 'IMPORT_DUPLICATE_HEADER'
  | 'IMPORT_TOO_MANY_REJECTED'
  // row problems (the row is listed and skipped)
  | 'IMPORT_RAGGED_ROW'
  | 'IMPORT_BAD_DATE'
  | 'IMPORT_IMPLAUSIBLE_DATE'
  | 'IMPORT_BAD_NUMBER'
  | 'IMPORT_MISSING_VALUE'
  | 'IMPORT_FIELD_TOO_LONG'
  // notices (the import goes on; the wizard may show them)
  | 'IMPORT_MIXED_ENCODING'
  | 'IMPORT_NUL_BYTES_REMOVED';

/** A located import problem. `line` is the 1-based physical line in the file as the user sees it in an editor. */
export interface ImportIssue {
  code: ImportErrorCode;
  file: string;
  line?: number;
  /** Header name of the column (or `column N` when the header is blank). */
  column?: string;
  /** The raw text that could not be read, cut to 200 characters. */
  value?: string;
  /** What was expected, in a form the UI can translate: e.g. `date dd/mm/yyyy`, `number 1.234,56`. */
  expected?: string;
  /** Extra named values for the translated message (sizes, limits, counts). */
  params?: Record<string, string | number>;
}

/** One canonical sales line. Dates are ISO `YYYY-MM-DD`; money and counts are plain numbers. */
export interface SalesRow {
  customer_id: string;
  order_date: string;
  amount: number;
  quantity: number | null;
  unit_price: number | null;
  /** Cost of the line (same currency as amount), when a cost column is mapped: gives margins. */
  cost: number | null;
  order_id: string | null;
  product: string | null;
  category: string | null;
  channel: string | null;
  salesperson: string | null;
  customer_name: string | null;
  region: string | null;
  source_file: string;
  source_line: number;
}

/** The columns of the `sales` table, in its order (sql/create-sales.sql; Arrow batches match by position). */
export const SALES_COLUMNS = [
  'customer_id',
  'order_date',
  'amount',
  'quantity',
  'unit_price',
  'cost',
  'order_id',
  'product',
  'category',
  'channel',
  'salesperson',
  'customer_name',
  'region',
  'source_file',
  'source_line',
] as const satisfies readonly (keyof SalesRow)[];

/** What detection found, with the evidence the wizard shows next to each choice. */
export interface Detection {
  settings: CsvSettings;
  /** Header names (trimmed; blank headers become `column N`). */
  headers: string[];
  /** Suggested role mapping from header synonyms (pt, es, it, en) and value shapes. */
  mapping: Mapping;
  /** Lines above the header that were skipped (title lines, `sep=;`). */
  preambleLines: string[];
  /** Up to 20 raw data rows (cells as text) for the preview. */
  sampleRows: string[][];
  /** Decisions the user must make before import, e.g. IMPORT_AMBIGUOUS_DATE when every date fits both d/m and m/d. */
  questions: ImportIssue[];
  /** Whole-file problems found while sniffing (empty file, binary, spreadsheet…): import cannot proceed. */
  fatal: ImportIssue | null;
  /** 1-based physical line of each entry of `sampleRows` (a quoted cell may span several lines). */
  sampleLines?: number[];
  /**
   * Findings that do not stop the import: IMPORT_MIXED_ENCODING (a few bytes were not UTF-8 and read
   * as U+FFFD), IMPORT_NUL_BYTES_REMOVED, IMPORT_DUPLICATE_HEADER (renamed `name (2)`).
   */
  notices?: ImportIssue[];
}

export interface ParseOptions {
  fileName: string;
  settings: CsvSettings;
  mapping: Mapping;
  /** Rows handed to `onRows` at a time. */
  batchSize?: number;
  /** Called with each batch of good rows, in file order. */
  onRows?: (rows: SalesRow[]) => void;
  /** Called now and then with bytes read so far (for a progress bar). */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /** Keep at most this many rejected-row records (the count is always exact). */
  maxRejectedListed?: number;
  /** Dates outside this ISO window are IMPORT_IMPLAUSIBLE_DATE. Default 1900-01-01 .. 2100-12-31. */
  dateWindow?: { from: string; to: string };
  /**
   * A date more than this many years away from the body of the file's dates is IMPORT_IMPLAUSIBLE_DATE,
   * e.g. 2002 typed for 2022 (see date-plausibility.ts for the rule). Default 10; `Infinity` turns the
   * check off.
   */
  maxDateGapYears?: number;
}

export interface ParseResult {
  fileName: string;
  rowCount: number;
  rejectedCount: number;
  rejected: ImportIssue[];
  /** Whole-file problem that stopped the parse (rows already handed to onRows must be discarded). */
  fatal: ImportIssue | null;
  /** Findings that did not stop the parse (IMPORT_MIXED_ENCODING, IMPORT_NUL_BYTES_REMOVED). */
  notices?: ImportIssue[];
  /** 'duckdb' when DuckDB's own CSV reader stored the rows (pipeline/engine-import.ts); absent otherwise. */
  reader?: 'duckdb';
}

/** Files larger than this are refused before reading (the browser tab would run out of memory). */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

/** How much of the start of a file `detect` wants to see (the whole file when it is smaller). */
export const HEAD_SAMPLE_BYTES = 1024 * 1024;

/**
 * How much of the end of a larger file `detect` also reads for date evidence: exports sorted by date
 * often show only days ≤ 12 in their first megabyte, while their last lines settle day-first or
 * month-first.
 */
export const TAIL_SAMPLE_BYTES = 256 * 1024;
