// `ciclo analyze FILE --out DIR`: loads a sales export into DuckDB, runs the customer analysis the site runs,
// and writes DIR/customers.csv and DIR/cohorts.csv.
//
// Stable contract: other tools read these files by column name. Keep every name and its meaning; add new
// columns at the end only. customers.csv starts with CUSTOMER_CONTRACT_COLUMNS, in that order.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STAGES, TREND_LABELS } from '../analytics/types.ts';
import type { Engine } from '../engine/engine.ts';
import { isEngineError } from '../engine/engine-error.ts';
import { createNodeEngine } from '../engine/node.ts';
import { analyzeCustomers, type Analysis, type CustomerAnalysis } from '../pipeline.ts';
import type { CohortCell } from '../analytics/types.ts';
import type { ParsedArgs } from './args.ts';
import { readAnalyzeRequest } from './analyze-args.ts';
import { loadSalesFile } from './load-sales.ts';
import type { CliIo } from './main.ts';
import { cliError, type ErrorDocument } from './messages.ts';

/** The first columns of customers.csv, promised by the issue that introduced the command. */
export const CUSTOMER_CONTRACT_COLUMNS = [
  'customer_id',
  'first_order',
  'last_order',
  'orders',
  'revenue',
  'trend',
  'trend_slope_pct',
  'trend_p_value',
  'stage',
  'rfm_segment',
  'historic_ltv',
] as const;

type Cell = string | number | boolean | null;

/** Money keeps cents; percentages two decimals; p-values four; day counts one. */
const money = (x: number | null) => rounded(x, 2);
const pct = (x: number | null) => rounded(x, 2);

/** Every column of customers.csv, in order, with how it is read from the analysis. */
const CUSTOMER_COLUMNS: ReadonlyArray<readonly [string, (c: CustomerAnalysis) => Cell]> = [
  ['customer_id', (c) => c.customerId],
  ['first_order', (c) => c.firstOrder],
  ['last_order', (c) => c.lastOrder],
  ['orders', (c) => c.orders],
  ['revenue', (c) => money(c.revenue)],
  ['trend', (c) => c.trend.label],
  ['trend_slope_pct', (c) => pct(c.trend.slopePct)],
  ['trend_p_value', (c) => rounded(c.trend.pValue, 4)],
  ['stage', (c) => c.stage.stage],
  ['rfm_segment', (c) => c.rfm.segment],
  ['historic_ltv', (c) => money(c.value.historicLtv)],
  // Extras, after the contract columns.
  ['customer_name', (c) => c.customerName],
  ['trend_quiet', (c) => c.trend.quiet],
  ['trend_change', (c) => c.trend.change?.kind ?? null],
  ['trend_change_period', (c) => c.trend.change?.period ?? null],
  ['trend_drivers', (c) => c.trend.drivers.join('|')],
  ['trend_baseline_per_period', (c) => money(c.trend.evidence?.baselinePerPeriod ?? null)],
  ['trend_delta_per_period', (c) => money(c.trend.evidence?.deltaPerPeriod ?? null)],
  ['trend_delta_pct', (c) => pct(c.trend.evidence?.deltaPct ?? null)],
  ['items', (c) => rounded(c.items, 4)],
  ['categories', (c) => c.categories],
  ['rfm_r', (c) => c.rfm.r],
  ['rfm_f', (c) => c.rfm.f],
  ['rfm_m', (c) => c.rfm.m],
  ['historic_margin', (c) => money(c.value.historicMargin)],
  ['trailing_12m_revenue', (c) => money(c.value.trailing12)],
  ['potential_value', (c) => money(c.value.potential)],
  ['potential_basis', (c) => c.value.potentialBasis],
  ['headroom', (c) => money(c.value.headroom)],
  ['days_since_last_order', (c) => c.stage.daysSinceLast],
  ['typical_gap_days', (c) => rounded(c.stage.typicalGapDays, 1)],
  ['typical_gap_source', (c) => c.stage.gapSource],
  ['funnel_step', (c) => c.funnel],
];

const COHORT_COLUMNS: ReadonlyArray<readonly [string, (c: CohortCell) => Cell]> = [
  ['cohort', (c) => c.cohort],
  ['age_months', (c) => c.age],
  ['cohort_size', (c) => c.cohortSize],
  ['customers', (c) => c.customers],
  ['revenue', (c) => money(c.revenue)],
];

/** Runs `ciclo analyze` with parsed arguments; writes the files, prints the summary, returns the exit status. */
export async function analyzeCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const request = readAnalyzeRequest(args);
  let engine: Engine | null = null;
  try {
    engine = await createNodeEngine();
    const loaded = await loadSalesFile(engine, request);
    if ('error' in loaded) return fail(loaded, io);
    const analysis = await analyzeCustomers(engine, { unit: request.unit, ...(request.asOf ? { asOf: request.asOf } : {}) });
    const customersFile = join(request.outDir, 'customers.csv');
    const cohortsFile = join(request.outDir, 'cohorts.csv');
    try {
      await mkdir(request.outDir, { recursive: true });
      await writeFile(customersFile, toCsv(analysis.customers, CUSTOMER_COLUMNS));
      await writeFile(cohortsFile, toCsv(analysis.cohorts, COHORT_COLUMNS));
    } catch (thrown) {
      return fail(cliError('CLI_OUT_UNWRITABLE', request.outDir, (thrown as Error).message), io);
    }
    io.stderr(summary(request.file, loaded.rowCount, loaded.rejectedCount, analysis, [customersFile, cohortsFile]));
    return 0;
  } catch (thrown) {
    // DuckDB failing (out of memory on a huge file, say) is reported like any other problem, on one line.
    if (!isEngineError(thrown)) throw thrown;
    io.stderr(`ciclo: ${thrown.code} ${request.file}: ${thrown.message}\n`);
    return 1;
  } finally {
    await engine?.close();
  }
}

function fail({ error }: ErrorDocument, io: CliIo): number {
  io.stderr(`ciclo: ${error.code} ${error.message}\n`);
  return 1;
}

/** The few lines a person reads after a run: what was read, the counts per label and stage, what was written. */
function summary(file: string, rows: number, rejected: number, analysis: Analysis, written: string[]): string {
  const { customers, cohorts, settings } = analysis;
  const count = <K extends string>(keys: readonly K[], keyOf: (c: CustomerAnalysis) => K) => {
    const counts = new Map<K, number>(keys.map((k) => [k, 0]));
    for (const c of customers) counts.set(keyOf(c), (counts.get(keyOf(c)) ?? 0) + 1);
    return keys.map((k) => `${k} ${counts.get(k)}`).join(', ');
  };
  const lines = [
    `ciclo: read ${rows} lines from ${file}${rejected > 0 ? ` (${rejected} rejected; \`ciclo inspect\` lists them)` : ''}.`,
    `Analysis as of ${settings.asOf}, ${settings.unit === 'week' ? 'weekly' : 'monthly'} trends: ${customers.length} customers.`,
  ];
  if (customers.length === 0) lines.push(`No customer had ordered by ${settings.asOf}; try a later --as-of.`);
  else {
    lines.push(`Trend: ${count(TREND_LABELS, (c) => c.trend.label)}.`);
    lines.push(`Stage: ${count(STAGES, (c) => c.stage.stage)}.`);
  }
  lines.push(`Wrote ${written[0]} (${customers.length} rows) and ${written[1]} (${cohorts.length} rows).`);
  return `${lines.join('\n')}\n`;
}

/** CSV text: a header row, then one row per record; LF line ends. */
export function toCsv<T>(records: readonly T[], columns: ReadonlyArray<readonly [string, (record: T) => Cell]>): string {
  const out: string[] = [columns.map(([name]) => name).join(',')];
  for (const record of records) out.push(columns.map(([, read]) => csvField(read(record))).join(','));
  return `${out.join('\n')}\n`;
}

/** One field: empty for null, numbers as JavaScript prints them (dot decimals, no grouping), RFC 4180 quoting. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `x` rounded to `decimals` places (null stays null; −0 becomes 0; not-a-number becomes null). */
export function rounded(x: number | null, decimals: number): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const value = Number(x.toFixed(decimals));
  return value === 0 ? 0 : value;
}
