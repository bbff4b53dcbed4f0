// `ciclo analyze FILE --out DIR`: loads a sales export into DuckDB, runs the customer analysis and the value
// prediction the site runs, and writes DIR/customers.csv, DIR/cohorts.csv and DIR/model.json.
//
// Stable contract: other tools read these files by column name. Keep every name and its meaning; add new
// columns at the end only. customers.csv starts with CUSTOMER_CONTRACT_COLUMNS, in that order, and carries
// PREDICTION_CONTRACT_COLUMNS, in that order, after the trend and value extras; model.json's keys are
// those of ModelDocument.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isoOfDay } from '../analytics/days.ts';
import { STAGES, TREND_LABELS } from '../analytics/types.ts';
import type { CustomerPrediction } from '../analytics/value-model.ts';
import type { Engine } from '../engine/engine.ts';
import { isEngineError } from '../engine/engine-error.ts';
import { neutraliseFormula } from '../export/table.ts';
import { analyzeCustomers, nextActions, predictCustomerValues, type Analysis, type CustomerAnalysis, type CustomerValueModel } from '../pipeline.ts';
import { actionFiles, customerActionColumns } from './actions-output.ts';
import type { CohortCell } from '../analytics/types.ts';
import type { ParsedArgs } from './args.ts';
import { CUSTOMER_CONTRACT_COLUMNS } from '../pipeline/analysis-types.ts';
import { readAnalyzeRequest } from './analyze-args.ts';
import { EngineUnavailable, startEngine } from './engine-choice.ts';
import { loadSalesFile } from './load-sales.ts';
import type { CliIo } from './main.ts';
import { cliError, type ErrorDocument } from './messages.ts';


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

/** The predicted-value columns promised by the issue that introduced them, in this order. */
export const PREDICTION_CONTRACT_COLUMNS = [
  'frequency',
  'recency',
  'T',
  'monetary_value',
  'p_alive',
  'churn_probability',
  'expected_purchases',
  'predicted_clv',
] as const;

/** Probabilities keep six decimals; times in model units and expected counts four. */
const probability = (x: number) => rounded(x, 6);

/**
 * The predicted-value columns, after CUSTOMER_COLUMNS. churn_probability is 1 − the p_alive written, so the
 * two printed values add up to exactly 1. expected_next_order is empty when no order is more likely than not
 * within the horizon.
 */
const PREDICTION_COLUMNS: ReadonlyArray<readonly [string, (p: CustomerPrediction) => Cell]> = [
  ['frequency', (p) => p.frequency],
  ['recency', (p) => rounded(p.recency, 4)],
  ['T', (p) => rounded(p.T, 4)],
  ['monetary_value', (p) => money(p.monetaryValue)],
  ['p_alive', (p) => probability(p.pAlive)],
  ['churn_probability', (p) => probability(1 - probability(p.pAlive)!)],
  ['expected_purchases', (p) => rounded(p.expectedPurchases, 4)],
  ['predicted_clv', (p) => money(p.predictedClv)],
  // Extras, after the contract columns.
  ['p_alive_method', (p) => p.pAliveMethod],
  ['expected_spend', (p) => money(p.expectedSpend)],
  ['expected_next_order', (p) => (p.expectedNextOrderDay === null ? null : isoOfDay(p.expectedNextOrderDay))],
];

/** One row of customers.csv: the analysis, and the prediction (null for a customer with returns only). */
interface CustomerRecord {
  customer: CustomerAnalysis;
  prediction: CustomerPrediction | null;
}

const CUSTOMER_RECORD_COLUMNS: ReadonlyArray<readonly [string, (r: CustomerRecord) => Cell]> = [
  ...CUSTOMER_COLUMNS.map(([name, read]) => [name, (r: CustomerRecord) => read(r.customer)] as const),
  ...PREDICTION_COLUMNS.map(([name, read]) => [name, (r: CustomerRecord) => (r.prediction === null ? null : read(r.prediction))] as const),
];

/** DIR/model.json: the fitted models (null on the rule-of-thumb path) and the settings they were fitted with. */
export interface ModelDocument {
  bgnbd: { r: number; alpha: number; a: number; b: number; log_likelihood: number } | null;
  /** v is Gamma-Gamma's scale γ (lifetimes' name). */
  gamma_gamma: { p: number; q: number; v: number } | null;
  unit: string;
  unit_days: number;
  as_of: string;
  /** Months. */
  horizon: number;
  /** Per month. */
  discount: number;
  method: string;
  reason: string;
  detail: string | null;
  customers: number;
  repeat_buyers: number;
  spend_correlation: number | null;
  spend_correlation_warning: boolean;
  clv_basis: string;
  population_spend: number;
  predicted_clv_total: number;
}

function modelDocument({ settings, predictions: p }: CustomerValueModel): ModelDocument {
  return {
    bgnbd: p.bgnbd && { r: p.bgnbd.r, alpha: p.bgnbd.alpha, a: p.bgnbd.a, b: p.bgnbd.b, log_likelihood: p.bgnbd.logLikelihood },
    gamma_gamma: p.gammaGamma && { p: p.gammaGamma.p, q: p.gammaGamma.q, v: p.gammaGamma.gamma },
    unit: settings.unit,
    unit_days: settings.unitDays,
    as_of: settings.asOf,
    horizon: settings.horizonMonths,
    discount: settings.monthlyDiscount,
    method: p.method,
    reason: p.reason,
    detail: p.detail,
    customers: p.customerCount,
    repeat_buyers: p.repeatBuyers,
    spend_correlation: p.spendCorrelation,
    spend_correlation_warning: p.spendCorrelationWarning,
    clv_basis: p.clvBasis,
    population_spend: p.populationSpend,
    predicted_clv_total: p.customers.reduce((sum, c) => sum + c.predictedClv, 0),
  };
}

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
    let description: string;
    try {
      ({ engine, description } = await startEngine(request.engine));
    } catch (thrown) {
      if (!(thrown instanceof EngineUnavailable)) throw thrown;
      return fail(cliError('CLI_ENGINE_UNAVAILABLE', request.file, thrown.message), io);
    }
    const loaded = await loadSalesFile(engine, request);
    if ('error' in loaded) return fail(loaded, io);
    const analysis = await analyzeCustomers(engine, { unit: request.unit, ...(request.asOf ? { asOf: request.asOf } : {}) });
    // The same analysis date as the trends, fitted inline (the site fits in its model worker).
    const model = await predictCustomerValues(engine, {
      asOf: analysis.settings.asOf,
      unit: request.modelUnit,
      horizonMonths: request.horizonMonths,
      monthlyDiscount: request.monthlyDiscount,
    });
    const predictionOf = new Map(model.predictions.customers.map((p) => [p.customerId, p]));
    const records = analysis.customers.map((customer) => ({ customer, prediction: predictionOf.get(customer.customerId) ?? null }));
    // Next best actions on the same analysis and model (the site's Actions tab runs the same function).
    const actions = await nextActions(engine, analysis, model);
    const columns = [
      ...CUSTOMER_RECORD_COLUMNS,
      ...customerActionColumns(actions).map(([name, read]) => [name, (r: CustomerRecord) => read(r.customer.customerId)] as const),
    ];
    const customersFile = join(request.outDir, 'customers.csv');
    const cohortsFile = join(request.outDir, 'cohorts.csv');
    const modelFile = join(request.outDir, 'model.json');
    const actionsFile = join(request.outDir, 'actions.csv');
    const rulesFile = join(request.outDir, 'rules.csv');
    const { 'actions.csv': actionsCsv, 'rules.csv': rulesCsv } = actionFiles(actions);
    try {
      await mkdir(request.outDir, { recursive: true });
      await writeFile(customersFile, toCsv(records, columns));
      await writeFile(cohortsFile, toCsv(analysis.cohorts, COHORT_COLUMNS));
      await writeFile(modelFile, `${JSON.stringify(modelDocument(model), null, 2)}\n`);
      await writeFile(actionsFile, actionsCsv);
      await writeFile(rulesFile, rulesCsv);
    } catch (thrown) {
      return fail(cliError('CLI_OUT_UNWRITABLE', request.outDir, (thrown as Error).message), io);
    }
    // With the summary, so that every failure still gets exactly one line on stderr.
    io.stderr(`ciclo: engine ${description}.\n`);
    io.stderr(summary(request.file, loaded.rowCount, loaded.rejectedCount, analysis, model, [customersFile, cohortsFile, modelFile]));
    io.stderr(`Wrote ${actionsFile} (${actions.rows.length} actions) and ${rulesFile}.\n`);
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
function summary(file: string, rows: number, rejected: number, analysis: Analysis, model: CustomerValueModel, written: string[]): string {
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
  if (customers.length > 0) lines.push(modelSummary(model));
  lines.push(`Wrote ${written[0]} (${customers.length} rows), ${written[1]} (${cohorts.length} rows) and ${written[2]}.`);
  return `${lines.join('\n')}\n`;
}

/** One or two lines on the predicted value: which method, with which settings, and the warnings. */
function modelSummary({ settings, predictions: p }: CustomerValueModel): string {
  const unit = { day: 'daily', week: 'weekly', month: 'monthly' }[settings.unit];
  const over = `${settings.horizonMonths} months at ${rounded(settings.monthlyDiscount * 100, 4)} % a month`;
  const total = money(p.customers.reduce((sum, c) => sum + c.predictedClv, 0));
  const head =
    p.method === 'bgnbd_gamma_gamma'
      ? `Predicted value: BG/NBD and Gamma-Gamma (${unit} model unit, ${p.repeatBuyers} of ${p.customerCount} customers bought again)`
      : `Predicted value: rule of thumb, not the purchase models (${p.reason}: ${p.detail})`;
  const lines = [`${head}; predicted CLV over ${over}: ${total} in total.`];
  if (p.spendCorrelationWarning) {
    lines.push(`Warning: spend and frequency are correlated (ρ = ${rounded(p.spendCorrelation, 2)}); Gamma-Gamma assumes they are not.`);
  }
  return lines.join('\n');
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
  // Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading ' (OWASP).
  const text = typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `x` rounded to `decimals` places (null stays null; −0 becomes 0; not-a-number becomes null). */
export function rounded(x: number | null, decimals: number): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const value = Number(x.toFixed(decimals));
  return value === 0 ? 0 : value;
}
