// The table Ciclo exports (the action list, the rules) and the one reading of its cells that the CSV and
// XLSX writers share, so both files hold the same values and the same protection against formula injection.
import { dayOf, isoOfDay } from '../analytics/days';

export type ExportColumnType = 'text' | 'number' | 'money' | 'date' | 'percent';
export const EXPORT_COLUMN_TYPES = [
  'text',
  'number',
  'money',
  'date',
  'percent',
] as const satisfies readonly ExportColumnType[];

export interface ExportColumn {
  /** The row property the column reads. */
  key: string;
  /** The header the user sees (already translated). */
  header: string;
  /**
   * How values are written. `money` is rounded to cents; `percent` holds a fraction (0.68 for 68 %);
   * `date` takes an ISO `YYYY-MM-DD` string (a longer ISO timestamp keeps its date), a Date (its UTC day)
   * or a whole day count since 1970-01-01, as the analytics contract passes dates.
   */
  type: ExportColumnType;
}

export interface ExportTable {
  columns: readonly ExportColumn[];
  rows: readonly Readonly<Record<string, unknown>>[];
}

/** One cell, read once for every writer. Text is already neutralised. */
export type ExportCell =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'date'; iso: string; day: number }
  | { kind: 'text'; text: string };

const EMPTY: ExportCell = { kind: 'empty' };

/** The first characters that make Excel, LibreOffice or Google Sheets read a cell as a formula. */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Formula-injection ("CSV injection") guard, as OWASP recommends
 * (https://owasp.org/www-community/attacks/CSV_Injection): a text cell starting with `=`, `+`, `-`, `@`,
 * tab or carriage return gets a leading single quote, so a customer named `=HYPERLINK(…)` stays a name
 * instead of becoming a live link when the list is opened. Numbers never pass through here, so a negative
 * amount stays a number.
 */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0]!) ? `'${text}` : text;
}

/** Checks the table's shape where it comes in; the writers then trust it. */
export function checkExportTable(table: ExportTable): void {
  if (table.columns.length === 0) throw new Error('an export needs at least one column, got none');
  const keys = new Set<string>();
  for (const column of table.columns) {
    if (!(EXPORT_COLUMN_TYPES as readonly string[]).includes(column.type)) {
      throw new Error(
        `column type must be one of ${EXPORT_COLUMN_TYPES.join(', ')}, got "${column.type}" for "${column.key}"`,
      );
    }
    if (keys.has(column.key)) throw new Error(`column keys must be unique, got "${column.key}" twice`);
    keys.add(column.key);
  }
}

/** The header as a (neutralised) text cell. */
export function headerCell(column: ExportColumn): Extract<ExportCell, { kind: 'text' }> {
  return { kind: 'text', text: neutraliseFormula(column.header) };
}

/**
 * Reads one value for a column. Missing values, NaN and ±Infinity become empty cells (a spreadsheet has no
 * number for them). A value that does not fit the column type (a string in a money column, say) is kept
 * as neutralised text rather than dropped; a number in a text column stays a number.
 */
export function exportCell(value: unknown, type: ExportColumnType): ExportCell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'bigint') return numberCell(Number(value), type);
  if (typeof value === 'number') {
    if (type === 'date' && Number.isInteger(value)) return dateCell(value);
    return numberCell(value, type);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return EMPTY;
    return dateCell(Math.floor(value.getTime() / 86_400_000));
  }
  const text = String(value);
  if (type === 'date') {
    const day = isoDay(text);
    if (day !== null) return dateCell(day);
  }
  return { kind: 'text', text: neutraliseFormula(text) };
}

function numberCell(value: number, type: ExportColumnType): ExportCell {
  if (!Number.isFinite(value)) return EMPTY;
  // Rounding to cents keeps float noise (0.1 + 0.2) out of money; + 0 turns −0 into 0.
  const rounded = type === 'money' ? Math.round(value * 100) / 100 : value;
  return { kind: 'number', value: rounded + 0 };
}

function dateCell(day: number): ExportCell {
  return { kind: 'date', iso: isoOfDay(day), day };
}

const ISO_PREFIX = /^\d{4}-\d{2}-\d{2}(?:$|T| )/;

/** Day count of an ISO date (or the date part of an ISO timestamp); null when it is not a calendar day. */
function isoDay(text: string): number | null {
  if (!ISO_PREFIX.test(text)) return null;
  try {
    return dayOf(text.slice(0, 10));
  } catch {
    return null;
  }
}
