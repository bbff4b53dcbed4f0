// Exports of Ciclo's lists (the action list, the association rules) as CSV and XLSX, and their file names.
export { toCsv, plainNumber, CSV_PRESETS, CSV_DIALECTS, type CsvPreset, type CsvDialect } from './csv';
export { toXlsx, type XlsxOptions } from './xlsx';
export {
  neutraliseFormula,
  exportCell,
  EXPORT_COLUMN_TYPES,
  type ExportCell,
  type ExportColumn,
  type ExportColumnType,
  type ExportTable,
} from './table';
import type { CsvPreset } from './csv';

/** What the user picked in the export menu: one of the CSV presets or the workbook. */
export type ExportFormat = CsvPreset | 'xlsx';

/**
 * The download name of a list: `base-YYYY-MM-DD.csv` (or `.xlsx`), dated with the analysis date so
 * exports of different analyses sort and never overwrite each other. Characters that Windows, macOS or
 * Linux refuse in a file name become `-`; accents are kept (`ações-2024-06-30.csv`).
 */
export function exportFileName(base: string, format: ExportFormat, date: string): string {
  if (format !== 'xlsx' && format !== 'excel_eu' && format !== 'standard') {
    throw new Error(`format must be excel_eu, standard or xlsx, got "${format}"`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`date must be an ISO date YYYY-MM-DD, got "${date}"`);
  const safe = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-')
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  const stem = safe.length > 0 ? `${safe.slice(0, 100)}-${date}` : date;
  return `${stem}.${format === 'xlsx' ? 'xlsx' : 'csv'}`;
}
