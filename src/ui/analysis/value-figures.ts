// The predicted-value figures as the screens show them, away from the components: predictions looked up by
// customer, the rounded numbers of the plain sentences ("about 2.3 more orders … worth about 1,240"), the
// holdout check's sentence, the fitted parameters as table rows, and the model settings read from their fields.
import { isoOfDay } from '../../analytics/days.ts';
import type { HoldoutReport } from '../../analytics/holdout.ts';
import type { ModelUnit } from '../../analytics/rfm-summary.ts';
import type { CustomerPrediction, ValuePredictions } from '../../analytics/value-model.ts';

export const MODEL_UNITS: readonly ModelUnit[] = ['day', 'week', 'month'];
/** Longest horizon the settings accept: ten years of monthly discounting is already far beyond any plan. */
export const MAX_HORIZON_MONTHS = 120;

/** The predictions by customer id, for joining them to the customer analysis. */
export function predictionsById(customers: readonly CustomerPrediction[]): Map<string, CustomerPrediction> {
  return new Map(customers.map((customer) => [customer.customerId, customer]));
}

/**
 * Whether a P(alive) is an approximation rather than BG/NBD's own: a one-time buyer (whose BG/NBD value is
 * always 1, so Ciclo shows the modified BG/NBD's) or a customer rated by the recency rule of thumb.
 */
export function isApproximatePAlive(prediction: Pick<CustomerPrediction, 'pAliveMethod'>): boolean {
  return prediction.pAliveMethod !== 'bgnbd';
}

/** The ISO date of the expected next order, or null when none is expected within the horizon. */
export function nextOrderDate(prediction: Pick<CustomerPrediction, 'expectedNextOrderDay'>): string | null {
  return prediction.expectedNextOrderDay === null ? null : isoOfDay(prediction.expectedNextOrderDay);
}

/**
 * A figure for a sentence that says "about": three significant digits from 100 up (1,243.6 → 1,240), whole
 * units from 10 (87.4 → 87), two significant digits below (4.56 → 4.6). Never negative zero.
 */
export function aboutValue(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`value must be a finite number, got ${value}`);
  const size = Math.abs(value);
  if (size === 0) return 0;
  const digits = size >= 100 ? 3 : size >= 10 ? Math.floor(Math.log10(size)) + 1 : 2;
  const rounded = Number(value.toPrecision(digits));
  return rounded === 0 ? 0 : rounded;
}

export interface PredictionSentenceFacts {
  /** `orders` when at least 0.05 orders are expected (one decimal shows something), else `none`. */
  kind: 'orders' | 'none';
  /** Expected orders over the horizon, one decimal. */
  purchases: number;
  /** Predicted CLV, rounded as `aboutValue`. */
  value: number;
  /** Whole-percent P(alive) as a share (0.78). */
  pAlive: number;
  isApproximate: boolean;
}

/** The rounded numbers of a customer's prediction sentence. */
export function predictionSentenceFacts(prediction: CustomerPrediction): PredictionSentenceFacts {
  const purchases = Math.round(prediction.expectedPurchases * 10) / 10;
  return {
    kind: purchases >= 0.1 ? 'orders' : 'none',
    purchases,
    value: aboutValue(Math.max(0, prediction.predictedClv)),
    pAlive: Math.round(prediction.pAlive * 100) / 100,
    isApproximate: isApproximatePAlive(prediction),
  };
}

export interface HoldoutSentenceFacts {
  /** Repeat purchases the model forecast for the holdout, whole. */
  predicted: number;
  actual: number;
  /** (predicted − actual) / actual in whole percent, null when nobody bought in the holdout. */
  changePct: number | null;
  /** The holdout's length in the model unit, whole (at least 1). */
  span: number;
}

/** The numbers of "the model predicted 1,240 repeat purchases in the last 26 weeks; there were 1,187 (−4 %)". */
export function holdoutSentenceFacts(report: Pick<HoldoutReport, 'predictedRepeatPurchases' | 'actualRepeatPurchases' | 'holdoutLength'>): HoldoutSentenceFacts {
  const predicted = Math.round(report.predictedRepeatPurchases);
  const actual = report.actualRepeatPurchases;
  const changePct = actual === 0 ? null : Math.round(((report.predictedRepeatPurchases - actual) / actual) * 100);
  return { predicted, actual, changePct: changePct === 0 ? 0 : changePct, span: Math.max(1, Math.round(report.holdoutLength)) };
}

/** The ids of the `count` customers with the highest predicted CLV (ties by id, numeric ids as numbers). */
export function topByPredictedClv(customers: readonly CustomerPrediction[], count: number): string[] {
  const collator = new Intl.Collator('en', { numeric: true });
  return customers
    .filter((customer) => Number.isFinite(customer.predictedClv))
    .toSorted((p, q) => q.predictedClv - p.predictedClv || collator.compare(p.customerId, q.customerId))
    .slice(0, Math.max(0, count))
    .map((customer) => customer.customerId);
}

export type ParameterId = 'r' | 'alpha' | 'a' | 'b' | 'logLikelihood' | 'p' | 'q' | 'gamma';

export interface ParameterRow {
  model: 'bgnbd' | 'gammaGamma';
  id: ParameterId;
  value: number;
}

/** The fitted parameters in the order of the papers (BG/NBD r, α, a, b, ln L; Gamma-Gamma p, q, γ); none on the rule of thumb. */
export function parameterRows({ bgnbd, gammaGamma }: Pick<ValuePredictions, 'bgnbd' | 'gammaGamma'>): ParameterRow[] {
  const rows: ParameterRow[] = [];
  if (bgnbd) {
    for (const id of ['r', 'alpha', 'a', 'b', 'logLikelihood'] as const) rows.push({ model: 'bgnbd', id, value: bgnbd[id] });
  }
  if (gammaGamma) {
    for (const id of ['p', 'q', 'gamma'] as const) rows.push({ model: 'gammaGamma', id, value: gammaGamma[id] });
  }
  return rows;
}

export interface BookTotals {
  customers: number;
  /** Σ predicted CLV (each floored at 0). */
  predictedClv: number;
  expectedPurchases: number;
  /** Customers with P(alive) ≥ ½. */
  likelyActive: number;
  /** Customers whose P(alive) is an approximation (see isApproximatePAlive). */
  approximate: number;
}

/** The book's totals for the overview's figures. */
export function bookTotals(customers: readonly CustomerPrediction[]): BookTotals {
  let predictedClv = 0;
  let expectedPurchases = 0;
  let likelyActive = 0;
  let approximate = 0;
  for (const customer of customers) {
    predictedClv += Math.max(0, customer.predictedClv);
    expectedPurchases += customer.expectedPurchases;
    if (customer.pAlive >= 0.5) likelyActive++;
    if (isApproximatePAlive(customer)) approximate++;
  }
  return { customers: customers.length, predictedClv, expectedPurchases, likelyActive, approximate };
}

/** Reads a number typed in a field, accepting a decimal comma; null when it is not one. */
function readNumber(text: string): number | null {
  const cleaned = text.trim().replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** The horizon typed in its field: a whole number of months from 1 to MAX_HORIZON_MONTHS, else null. */
export function parseHorizonMonths(text: string): number | null {
  const value = readNumber(text);
  return value !== null && Number.isInteger(value) && value >= 1 && value <= MAX_HORIZON_MONTHS ? value : null;
}

/**
 * The discount typed in its field as a percentage per month (`1`, `0,5`), returned as a rate (0.01, 0.005):
 * from 0 to 99.99 %, else null (predictCustomerValues needs a rate below 1).
 */
export function parseDiscountPercent(text: string): number | null {
  const value = readNumber(text);
  if (value === null || value < 0 || value >= 100) return null;
  // Through a string with ten decimals, so that 1.1 % becomes 0.011 and not 0.011000000000000001.
  return Number((value / 100).toFixed(10));
}
