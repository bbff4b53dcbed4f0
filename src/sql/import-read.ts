// The engine import's statements (pipeline/engine-import.ts): one INSERT reads the file with DuckDB's own CSV
// reader and turns its texts into sales rows, stopping at the first value that does not have a plain shape
// the careful import reads the same way; one query then checks what was stored. Built in code because the columns and the
// reader's options vary with the file. Nothing the user typed reaches the text: options come from closed
// sets (delimiter, quote, separators), column names are `c0`, `c1`…, and the file tag and registered name
// are quoted as SQL literals.
import type { CsvSettings, DateOrder, Mapping, Role } from '../import/types.ts';
import { TEXT_ROLES } from '../import/types.ts';


/**
 * What JavaScript's String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator), so the
 * SQL trims cells exactly as the careful import does.
 */
const JS_WHITESPACE =
  '\t\n\u000B\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF';

/** A SQL string literal. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

const WHITESPACE = literal(JS_WHITESPACE);

/**
 * A cell as the careful import reads it: trimmed, '' when empty. `trim` with a set of characters is slow in
 * DuckDB, so it runs only on the few cells that start or end with white space.
 */
function trimmedCell(column: string): string {
  const space = '[\\t\\n\\x0B\\f\\r\\p{Zs}\\x{2028}\\x{2029}\\x{FEFF}]';
  return `CASE WHEN ${column} IS NULL THEN '' WHEN regexp_matches(${column}, '^${space}|${space}$') THEN trim(${column}, ${WHITESPACE}) ELSE ${column} END`;
}

/**
 * Longest line the reader accepts: a longer one stops the engine import (the careful import then reads the
 * file and refuses any cell over its 10,000-character limit, with the line). A line within it cannot hold
 * such a cell.
 */
export const MAX_LINE_BYTES = 10_000;

/**
 * Reads the mapped columns of every data line, in file order, trimmed ('' for an empty cell). Without `mayHaveEdgeSpace` (import/layout.ts) no cell needs trimming, which saves most of
 * the statement's time.
 */
function readSql(fileName: string, settings: CsvSettings, width: number, columns: readonly number[], mayHaveEdgeSpace: boolean): string {
  const types = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const options = [
    `delim = ${literal(settings.delimiter)}`,
    `quote = ${literal(settings.quote)}`,
    `escape = ${literal(settings.quote)}`,
    'header = false',
    `skip = ${settings.headerLine}`,
    `columns = {${types}}`,
    'auto_detect = false',
    'strict_mode = true',
    'null_padding = false',
    `max_line_size = ${MAX_LINE_BYTES}`,
    "encoding = 'utf-8'",
  ].join(', ');
  const cell = (name: string) => (mayHaveEdgeSpace ? trimmedCell(name) : `coalesce(${name}, '')`);
  const selected = columns.map((i) => `${cell(`c${i}`)} AS c${i}`).join(', ');
  return `SELECT ${selected} FROM read_csv(${literal(fileName)}, ${options})`;
}

/** Numbers of the shape the careful import reads in one scan: a minus, digits (in well-formed thousands groups), a decimal part. */
function numberPattern({ decimal, thousands }: Pick<CsvSettings, 'decimal' | 'thousands'>): string {
  const escape = (mark: string) => (mark === '.' ? '\\.' : mark);
  const groups = thousands === '.' || thousands === ',' ? `|[0-9]{1,3}(${escape(thousands)}[0-9]{3})+` : '';
  return `^-?([0-9]+${groups})(${escape(decimal)}[0-9]+)?$`;
}

/** Stops the statement: the careful import then reads the file and says what is wrong, and where. */
function stop(what: string): string {
  return `error(${literal(`${UNPLAIN} ${what}`)})`;
}

/** Starts the message of a value the engine import leaves to the careful import. */
export const UNPLAIN = 'ciclo-unplain:';

function numberValue(cell: string, settings: Pick<CsvSettings, 'decimal' | 'thousands'>, role: Role, isRequired: boolean): string {
  const { decimal, thousands } = settings;
  let text = cell;
  if (thousands === '.' || thousands === ',') text = `replace(${text}, ${literal(thousands)}, '')`;
  if (decimal === ',') text = `replace(${text}, ',', '.')`;
  // `+ 0.0` turns -0 into 0, as the careful import does.
  const value = `CAST(${text} AS DOUBLE) + 0.0`;
  const read = `WHEN regexp_full_match(${cell}, ${literal(numberPattern(settings))}) THEN ${value} ELSE ${stop(role)} END`;
  return isRequired ? `CASE ${read}` : `CASE WHEN ${cell} = '' THEN NULL ${read}`;
}

/**
 * Order dates of the shapes the careful import's reader (import/dates.ts) gives the same day for as
 * DuckDB's strptime: ISO `2024-03-05` under every order, and two-digit day and month with a four-digit year
 * in the file's order, separated by `/`, `-` or `.`. A date of another shape, or not in the calendar
 * (31/04), stops the statement.
 */
export function dateValue(cell: string, order: DateOrder): string {
  const branches = [`WHEN regexp_full_match(${cell}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') THEN strptime(${cell}, '%Y-%m-%d')::DATE`];
  const parts = order === 'dmy' ? ['%d', '%m', '%Y'] : order === 'mdy' ? ['%m', '%d', '%Y'] : order === 'ymd' ? ['%Y', '%m', '%d'] : null;
  if (parts) {
    for (const [separator, escaped] of [['/', '/'], ['-', '-'], ['.', '\\.']] as const) {
      const pattern = parts.map((part) => (part === '%Y' ? '[0-9]{4}' : '[0-9]{2}')).join(escaped);
      if (order === 'ymd' && separator === '-') continue;
      branches.push(`WHEN regexp_full_match(${cell}, '^${pattern}$') THEN strptime(${cell}, ${literal(parts.join(separator))})::DATE`);
    }
  }
  return `CASE ${branches.join(' ')} ELSE ${stop('order_date')} END`;
}

/**
 * Appends every data line to `sales` under `fileTag` in one statement, in file order, `source_line` being
 * the line each came from (`headerLine + 1` on: the caller has checked that the file has one record per
 * line). A value the engine import does not read itself stops the statement (message starting `UNPLAIN`),
 * and nothing stays.
 */
export function insertSql(fileName: string, settings: CsvSettings, width: number, mapping: Mapping, fileTag: string, mayHaveEdgeSpace: boolean): string {
  const columns = [...new Set(Object.values(mapping) as number[])].sort((a, b) => a - b);
  const cell = (role: Role) => (mapping[role] === undefined ? null : `c${mapping[role]}`);
  const number = (role: Role) => {
    const text = cell(role);
    return text === null ? 'NULL' : numberValue(text, settings, role, false);
  };
  const text = (role: Role) => {
    const value = cell(role);
    return value === null ? 'NULL' : `nullif(${value}, '')`;
  };
  const customer = cell('customer_id')!;
  const values = [
    `CASE WHEN ${customer} <> '' THEN ${customer} ELSE ${stop('customer_id')} END AS customer_id`,
    `${dateValue(cell('order_date')!, settings.dateOrder)} AS order_date`,
    `${numberValue(cell('amount')!, settings, 'amount', true)} AS amount`,
    `${number('quantity')} AS quantity`,
    `${number('unit_price')} AS unit_price`,
    `${number('cost')} AS cost`,
    ...TEXT_ROLES.map((role) => `${text(role)} AS ${role}`),
    `${literal(fileTag)} AS source_file`,
    `(row_number() OVER () + ${settings.headerLine})::INTEGER AS source_line`,
  ];
  return [
    'INSERT INTO sales',
    `SELECT ${values.join(',\n  ')}`,
    `FROM (${readSql(fileName, settings, width, columns, mayHaveEdgeSpace)})`,
  ].join('\n');
}

/** The file's rows and dates as stored, to check them against the file's lines and the date rules. */
export function storedSql(): string {
  return 'SELECT count(*)::BIGINT AS lines, min(order_date)::VARCHAR AS first_date, max(order_date)::VARCHAR AS last_date FROM sales WHERE source_file = $1';
}
