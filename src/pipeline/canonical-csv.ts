// The canonical CSV: how sales rows travel from the importer (often in a worker) into DuckDB.
// One fixed dialect, read back by sql/append-sales.sql with every option spelled out:
// comma-separated, `\n` line ends, every text quoted with `"` doubled inside, numbers with `.` and
// full precision, ISO dates, and NULL as an empty unquoted field. `source_file` is not written: the
// append binds it, so one tag covers the whole append.
import type { SalesRow } from '../import/types.ts';

/** Column order of the canonical CSV (and of its header line). */
export const CANONICAL_CSV_COLUMNS = [
  'customer_id',
  'order_date',
  'amount',
  'quantity',
  'unit_price',
  'order_id',
  'product',
  'category',
  'channel',
  'salesperson',
  'customer_name',
  'region',
  'source_line',
] as const satisfies readonly (keyof SalesRow)[];

export const CANONICAL_CSV_HEADER = `${CANONICAL_CSV_COLUMNS.join(',')}\n`;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function text(value: string | null): string {
  if (value === null || value === undefined) return '';
  return value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`;
}

// String(n) is the shortest text that reads back as the same double (ECMAScript Number::toString),
// with `.` whatever the locale; DuckDB also reads its exponent form (1e-7, 1.5e+300).
function number(value: number | null, column: string, line: number): string {
  if (value === null || value === undefined) return '';
  if (!Number.isFinite(value)) throw new RangeError(`${column} must be a finite number, got ${value} (line ${line})`);
  return String(value);
}

/** The data lines (no header) for `rows`, each ending in `\n`. Throws RangeError on a value DuckDB would refuse. */
export function canonicalCsvLines(rows: readonly SalesRow[]): string {
  let body = '';
  for (const row of rows) {
    const line = row.source_line;
    if (!Number.isInteger(line)) throw new RangeError(`source_line must be an integer, got ${line}`);
    if (typeof row.customer_id !== 'string') {
      throw new RangeError(`customer_id must be a text, got ${String(row.customer_id)} (line ${line})`);
    }
    if (!ISO_DATE.test(row.order_date)) {
      throw new RangeError(`order_date must be an ISO date YYYY-MM-DD, got ${JSON.stringify(row.order_date)} (line ${line})`);
    }
    if (row.amount === null) throw new RangeError(`amount must be a finite number, got null (line ${line})`);
    body +=
      `${text(row.customer_id)},${row.order_date},${number(row.amount, 'amount', line)},` +
      `${number(row.quantity, 'quantity', line)},${number(row.unit_price, 'unit_price', line)},` +
      `${text(row.order_id)},${text(row.product)},${text(row.category)},${text(row.channel)},` +
      `${text(row.salesperson)},${text(row.customer_name)},${text(row.region)},${line}\n`;
  }
  return body;
}

const encoder = new TextEncoder();

/** A complete canonical CSV file (header + `lines`, from one or more `canonicalCsvLines` calls), as UTF-8. */
export function canonicalCsvBytes(lines: string): Uint8Array {
  return encoder.encode(CANONICAL_CSV_HEADER + lines);
}

/** `rows` as a complete canonical CSV file in UTF-8. */
export function encodeCanonicalCsv(rows: readonly SalesRow[]): Uint8Array {
  return canonicalCsvBytes(canonicalCsvLines(rows));
}
