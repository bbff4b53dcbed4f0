// The action list as a file: the rows the user sees (filtered and in the order shown), with the reason and the
// offer in the user's language and their status and note, written by src/export (CSV presets or XLSX, both
// neutralised against formula injection). The writers are loaded only when the user exports.
import type { ExportFormat } from '../../export/index.ts';
import type { ExportColumn, ExportTable } from '../../export/table.ts';
import type { ListedAction } from './action-filters.ts';
import type { StatusRecord } from './statuses.ts';

/** The exported columns, in order; each header is looked up by `header(key)`. */
export const ACTION_EXPORT_COLUMNS = [
  { key: 'customerId', type: 'text' },
  { key: 'customerName', type: 'text' },
  { key: 'action', type: 'text' },
  { key: 'reason', type: 'text' },
  { key: 'offer', type: 'text' },
  { key: 'stage', type: 'text' },
  { key: 'trend', type: 'text' },
  { key: 'salesperson', type: 'text' },
  { key: 'region', type: 'text' },
  { key: 'pAlive', type: 'percent' },
  { key: 'predictedClv', type: 'money' },
  { key: 'valueAtStake', type: 'money' },
  { key: 'likelihood', type: 'percent' },
  { key: 'priority', type: 'money' },
  { key: 'timing', type: 'date' },
  { key: 'status', type: 'text' },
  { key: 'note', type: 'text' },
] as const satisfies readonly Omit<ExportColumn, 'header'>[];

export type ActionExportKey = (typeof ACTION_EXPORT_COLUMNS)[number]['key'];

export interface ActionExportText {
  header(key: ActionExportKey): string;
  action(item: ListedAction): string;
  reason(item: ListedAction): string;
  offer(item: ListedAction): string | null;
  stage(item: ListedAction): string;
  trend(item: ListedAction): string;
  status(item: ListedAction): string;
}

/** One export row per listed action, in the given order; `records` gives each status's note. */
export function actionExportTable(
  items: readonly ListedAction[],
  text: ActionExportText,
  records: Readonly<Record<string, StatusRecord>>,
): ExportTable {
  const columns = ACTION_EXPORT_COLUMNS.map((column) => ({ ...column, header: text.header(column.key) }));
  const rows = items.map((item) => {
    const { row } = item;
    const values: Record<ActionExportKey, unknown> = {
      customerId: row.customerId,
      customerName: row.customerName,
      action: text.action(item),
      reason: text.reason(item),
      offer: text.offer(item),
      stage: text.stage(item),
      trend: text.trend(item),
      salesperson: item.salesperson,
      region: item.region,
      pAlive: row.pAlive,
      predictedClv: row.predictedClv,
      valueAtStake: row.valueAtStake,
      likelihood: row.likelihood,
      priority: row.priority,
      timing: row.timing,
      status: text.status(item),
      note: records[item.key]?.note || null,
    };
    return values;
  });
  return { columns, rows };
}

/**
 * The file's bytes in the chosen format and its download name (`base-YYYY-MM-DD.csv`). The writers are
 * imported only now: src/export's index also holds the XLSX writer, which the page should not load upfront.
 */
export async function exportFile(
  table: ExportTable,
  format: ExportFormat,
  { sheetName, base, date }: { sheetName: string; base: string; date: string },
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const { toCsv, toXlsx, exportFileName } = await import('../../export/index.ts');
  const bytes = format === 'xlsx' ? toXlsx(table, { sheetName }) : toCsv(table, format);
  return { bytes, fileName: exportFileName(base, format, date) };
}

/** The MIME type of a download. */
export function exportMimeType(format: ExportFormat): string {
  return format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv;charset=utf-8';
}
