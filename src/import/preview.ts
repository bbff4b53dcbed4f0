// preview.ts: the wizard's table — each sample row as the import would read it with the settings and
// mapping on screen, so the user sees a wrong date order or decimal mark before importing.
import { createDateGate } from './date-plausibility';
import { createRowReader, type RowOutcome } from './rows';
import type { CsvSettings, Detection, ImportIssue, Mapping, SalesRow } from './types';

export interface PreviewRow {
  line: number;
  raw: string[];
  row: SalesRow | null;
  issues: ImportIssue[];
}

/**
 * Reads `detection.sampleRows` with `settings` (its number and date formats; the cells were cut with
 * the detection's delimiter and quote, so after changing those call `detect` again) and `mapping`.
 * For each sample row: its line, the raw cells, the canonical row (or null) and every problem found.
 * A blank or incompletely mapped row comes back with `row: null`.
 */
export function previewRows(detection: Detection, settings: CsvSettings, mapping: Mapping, fileName: string): PreviewRow[] {
  const { headers, sampleRows, sampleLines } = detection;
  const lineOf = (i: number) => sampleLines?.[i] ?? detection.settings.headerLine + 1 + i;
  const readRow = createRowReader({ fileName, headers, settings, mapping, collectAllIssues: true });
  const judged = new Map<number, RowOutcome>();
  const gate = createDateGate({
    fileName,
    column: mapping.order_date === undefined ? undefined : headers[mapping.order_date],
    referenceDates: Math.max(1, sampleRows.length),
    onOutcome: (outcome) => judged.set(outcome.line, outcome),
  });
  sampleRows.forEach((raw, i) => {
    const outcome = readRow(raw, lineOf(i));
    if (outcome) gate.offer(outcome);
  });
  gate.finish();
  return sampleRows.map((raw, i) => {
    const outcome = judged.get(lineOf(i));
    return { line: lineOf(i), raw, row: outcome?.row ?? null, issues: [...(outcome?.issues ?? [])] };
  });
}
