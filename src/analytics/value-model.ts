// value-model.ts: each customer's predicted value as Ciclo shows it — P(alive), churn probability, expected
// purchases, expected order value, predicted CLV over a horizon and the expected next order date — from BG/NBD
// and Gamma-Gamma when the book is large enough and the fits converge, else from a transparent rule of thumb
// (recency against the customer's rhythm, trailing revenue × retention), always labelled with the method used.
import { expectedPurchases, fitBgNbd, pAliveForDisplay, type BgNbdFit, type BgNbdFitOptions } from './bgnbd.ts';
import { DAYS_PER_MONTH } from './clv.ts';
import { expectedAverageSpend, fitGammaGamma, spendFrequencyCorrelation, type GammaGammaFit } from './gamma-gamma.ts';
import { isModelError } from './optimize.ts';
import type { PurchaseSummary } from './rfm-summary.ts';

export type ValueMethod = 'bgnbd_gamma_gamma' | 'heuristic';

/**
 * Why the method was chosen: `ok` (the models were fitted), `too_few_customers` / `too_few_repeat_buyers` (a
 * gate: a fit on so few histories is unstable), `not_converged` (a fit failed or its predictions were not finite).
 */
export type ValueMethodReason = 'ok' | 'too_few_customers' | 'too_few_repeat_buyers' | 'not_converged';

/** Where a P(alive) comes from: BG/NBD (repeat buyers), modified BG/NBD (one-time buyers), or the recency rule. */
export type PAliveMethod = 'bgnbd' | 'one_time_heuristic' | 'recency_heuristic';

/** How predictedClv was computed: the models, or the heuristic from trailing revenue or from the order rate. */
export type ClvBasis = 'model' | 'trailing_revenue' | 'order_rate';

export interface CustomerPrediction {
  customerId: string;
  /** Repeat purchase days (x). */
  frequency: number;
  /** Last − first purchase, in model units (tₓ). */
  recency: number;
  /** Analysis day − first purchase, in model units. */
  T: number;
  /** Mean amount of the repeat purchase days (mx; 0 without repeat purchases). */
  monetaryValue: number;
  pAlive: number;
  pAliveMethod: PAliveMethod;
  /** 1 − pAlive. */
  churnProbability: number;
  /** Purchases expected over the horizon. */
  expectedPurchases: number;
  /** Expected amount of a future order. */
  expectedSpend: number;
  /** Expected discounted value over the horizon; finite and ≥ 0. */
  predictedClv: number;
  /**
   * The day (days since 1970-01-01) by which the customer has more likely than not ordered again: the first
   * day on which P(next order within t) = pAlive × P(a living customer orders within t) reaches ½. Null when
   * that never happens (pAlive ≤ ½: more likely than not no order ever comes) or falls beyond the horizon.
   */
  expectedNextOrderDay: number | null;
}

export interface ValuePredictions {
  method: ValueMethod;
  reason: ValueMethodReason;
  /** A sentence for the curious (counts behind a gate, or the fit's error message); null when reason is `ok`. */
  detail: string | null;
  /** The fits used; both null on the heuristic path. */
  bgnbd: BgNbdFit | null;
  gammaGamma: GammaGammaFit | null;
  /** Pearson correlation of frequency and spend among repeat buyers with positive spend (null when undefined). */
  spendCorrelation: number | null;
  /** The correlation is clear enough (|ρ| ≥ 0.3) to doubt Gamma-Gamma's independence assumption. */
  spendCorrelationWarning: boolean;
  clvBasis: ClvBasis;
  /** The spend given to customers without a positive repeat spend (Gamma-Gamma's pγ/(q − 1), or the mean mx). */
  populationSpend: number;
  customerCount: number;
  repeatBuyers: number;
  asOfDay: number;
  unitDays: number;
  horizonMonths: number;
  monthlyDiscount: number;
  /** Same order as the summaries given. */
  customers: CustomerPrediction[];
}

export interface ValueModelOptions {
  /** Days per model unit of the summaries (1, 7 or 30.4375). */
  unitDays: number;
  /** The analysis day the summaries were made for (days since 1970-01-01). */
  asOfDay: number;
  /** Months ahead for expected purchases and CLV (default 12). */
  horizonMonths?: number;
  /** Discount rate per month (default 0.01). */
  monthlyDiscount?: number;
  /** Fewer customers than this → heuristic (default 100). */
  minCustomers?: number;
  /** Fewer repeat buyers (or repeat buyers with positive spend) than this → heuristic (default 30). */
  minRepeatBuyers?: number;
  /** Each customer's net revenue over the 12 months before asOfDay, same order as the summaries (heuristic CLV). */
  trailingRevenue?: readonly number[];
  /** Passed to both fits (e.g. a smaller maxIterations); the defaults suit real books. */
  fit?: Pick<BgNbdFitOptions, 'maxIterations' | 'tolerance'>;
}

/**
 * P(alive) of the heuristic by how overdue the customer is (days since the last order ÷ their usual gap), with
 * the same stage limits as the lifecycle stages (lifecycle.ts: active ≤ 1.5, at risk ≤ 3, lapsed ≤ 6, else or
 * after 365 silent days lost). Round numbers chosen to read as bands, not estimates.
 */
export const HEURISTIC_P_ALIVE = { active: 0.9, atRisk: 0.6, lapsed: 0.25, lost: 0.05 } as const;
const ACTIVE_UP_TO = 1.5;
const AT_RISK_UP_TO = 3;
const LAPSED_UP_TO = 6;
const LOST_AFTER_DAYS = 365;
/** Floor on a usual gap: weekly is the finest rhythm Ciclo reads (as lifecycle.ts). */
const MIN_GAP_DAYS = 7;
/** The usual gap assumed when no customer has two repeat purchases (as lifecycle.ts). */
const FALLBACK_GAP_DAYS = 30;

/**
 * Predicts every customer's value from their purchase summary (summarizePurchases with the same asOfDay and
 * unitDays). With at least `minCustomers` customers and `minRepeatBuyers` repeat buyers (also counting only
 * those with a positive spend), BG/NBD and Gamma-Gamma are fitted and used:
 * - pAlive: BG/NBD for repeat buyers; for one-time buyers, whose BG/NBD value is always 1, the modified BG/NBD
 *   value (pAliveForDisplay), labelled `one_time_heuristic`.
 * - expectedPurchases: BG/NBD's E[Y(h) | x, tₓ, T] over the horizon h (for one-time buyers too: the purchase
 *   forecast is the model's own, the one the holdout check validates).
 * - expectedSpend: Gamma-Gamma's E[M | x, mx]; customers with mx ≤ 0 get the population mean pγ/(q − 1).
 * - predictedClv: Σ_m (E[Y(m months)] − E[Y(m − 1 months)]) × spend / (1 + d)^m, as predictedClv in clv.ts.
 * - expectedNextOrderDay: given alive, a BG/NBD customer orders next after an exponential wait whose rate has
 *   the posterior Gamma(r + x, α + T), so P(order within t) = pAlive · (1 − ((α + T)/(α + T + t))^(r + x));
 *   the day it reaches ½ is t = (α + T)((1 − ½/pAlive)^(−1/(r + x)) − 1), rounded up to a whole day.
 * Otherwise (or when a fit throws a ModelError) the heuristic, `method: 'heuristic'`, pAliveMethod
 * `recency_heuristic`: the usual gap is the customer's mean gap tₓ/x (x ≥ 2) or the book's median of those
 * (30 days without any), floored at 7 days; P(alive) from HEURISTIC_P_ALIVE by how overdue they are;
 * expectedPurchases = pAlive × horizon ÷ gap; expectedSpend = mx, or the mean mx of repeat buyers;
 * predictedClv = max(0, trailing 12-month revenue) / 12 × pAlive × Σ_m (1 + d)^−m, or, without
 * `trailingRevenue`, expectedSpend × pAlive × (month ÷ gap) × Σ_m (1 + d)^−m (the same month by month:
 * today's P(alive) is kept over the horizon); the next order day with an exponential wait of mean gap.
 * Predictions for identical (x, tₓ, T) are computed once, so 100k customers cost one pass.
 */
export function predictValues(
  summaries: readonly PurchaseSummary[],
  {
    unitDays,
    asOfDay,
    horizonMonths = 12,
    monthlyDiscount = 0.01,
    minCustomers = 100,
    minRepeatBuyers = 30,
    trailingRevenue,
    fit = {},
  }: ValueModelOptions,
): ValuePredictions {
  if (!(unitDays > 0 && Number.isFinite(unitDays))) throw new RangeError(`unitDays must be a finite number of days > 0 (1, 7 or 30.4375), got ${unitDays}`);
  if (!Number.isInteger(asOfDay)) throw new RangeError(`asOfDay must be a whole number of days since 1970-01-01, got ${asOfDay}`);
  if (!(Number.isInteger(horizonMonths) && horizonMonths >= 1)) throw new RangeError(`horizonMonths must be an integer ≥ 1, got ${horizonMonths}`);
  if (!(monthlyDiscount >= 0 && Number.isFinite(monthlyDiscount))) {
    throw new RangeError(`monthlyDiscount must be a finite rate ≥ 0 (0.01 = 1 % a month), got ${monthlyDiscount}`);
  }
  if (!(Number.isInteger(minCustomers) && minCustomers >= 1)) throw new RangeError(`minCustomers must be an integer ≥ 1, got ${minCustomers}`);
  if (!(Number.isInteger(minRepeatBuyers) && minRepeatBuyers >= 1)) throw new RangeError(`minRepeatBuyers must be an integer ≥ 1, got ${minRepeatBuyers}`);
  if (trailingRevenue !== undefined && trailingRevenue.length !== summaries.length) {
    throw new RangeError(`trailingRevenue must have one value per summary (${summaries.length}), got ${trailingRevenue.length}`);
  }

  let repeatBuyers = 0;
  let spendBuyers = 0;
  for (let i = 0; i < summaries.length; i++) {
    const s = summaries[i]!;
    checkSummary(s, i, asOfDay, unitDays);
    if (trailingRevenue !== undefined && !Number.isFinite(trailingRevenue[i])) {
      throw new RangeError(`trailingRevenue[${i}] must be a finite number, got ${trailingRevenue[i]}`);
    }
    if (s.x > 0) {
      repeatBuyers++;
      if (s.mx > 0) spendBuyers++;
    }
  }

  const { correlation, isCorrelated } = spendFrequencyCorrelation(summaries);
  const settings = { unitDays, asOfDay, horizonMonths, monthlyDiscount };
  const discounts = Float64Array.from({ length: horizonMonths }, (_, m) => (1 + monthlyDiscount) ** -(m + 1));
  const heuristic = (reason: Exclude<ValueMethodReason, 'ok'>, detail: string): ValuePredictions => {
    const { customers, populationSpend, clvBasis } = heuristicPredictions(summaries, settings, discounts, trailingRevenue);
    return {
      method: 'heuristic',
      reason,
      detail,
      bgnbd: null,
      gammaGamma: null,
      spendCorrelation: correlation,
      spendCorrelationWarning: isCorrelated,
      clvBasis,
      populationSpend,
      customerCount: summaries.length,
      repeatBuyers,
      ...settings,
      customers,
    };
  };

  if (summaries.length < minCustomers) {
    return heuristic('too_few_customers', `${summaries.length} customers; the purchase models need at least ${minCustomers}`);
  }
  if (repeatBuyers < minRepeatBuyers || spendBuyers < minRepeatBuyers) {
    return heuristic(
      'too_few_repeat_buyers',
      `${repeatBuyers} repeat buyers (${spendBuyers} with a positive spend); the purchase models need at least ${minRepeatBuyers}`,
    );
  }

  let bgnbd: BgNbdFit;
  let gammaGamma: GammaGammaFit;
  try {
    bgnbd = fitBgNbd(summaries, fit);
    gammaGamma = fitGammaGamma(summaries, fit);
  } catch (error) {
    if (isModelError(error)) return heuristic('not_converged', error.message);
    throw error;
  }
  const populationSpend = expectedAverageSpend(gammaGamma, { x: 0, mx: 0 });
  let customers: CustomerPrediction[];
  try {
    customers = modelPredictions(summaries, bgnbd, gammaGamma, populationSpend, settings, discounts);
  } catch (error) {
    // A forecast series that does not converge (RangeError from special.ts) or a non-finite value: the fit is
    // too extreme to forecast from, which the user should read like a fit that did not converge.
    if (error instanceof RangeError) return heuristic('not_converged', error.message);
    throw error;
  }
  return {
    method: 'bgnbd_gamma_gamma',
    reason: 'ok',
    detail: null,
    bgnbd,
    gammaGamma,
    spendCorrelation: correlation,
    spendCorrelationWarning: isCorrelated,
    clvBasis: 'model',
    populationSpend,
    customerCount: summaries.length,
    repeatBuyers,
    ...settings,
    customers,
  };
}

interface Settings {
  unitDays: number;
  asOfDay: number;
  horizonMonths: number;
  monthlyDiscount: number;
}

function checkSummary(s: PurchaseSummary, i: number, asOfDay: number, unitDays: number): void {
  const { x, tx, T, mx, firstDay, lastDay } = s;
  if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`summaries[${i}]: x must be a whole number ≥ 0, got ${x}`);
  if (!(tx >= 0 && Number.isFinite(tx) && T >= tx && Number.isFinite(T))) {
    throw new RangeError(`summaries[${i}]: need finite 0 ≤ tx ≤ T, got tx = ${tx}, T = ${T}`);
  }
  if (!Number.isFinite(mx)) throw new RangeError(`summaries[${i}]: mx must be a finite number, got ${mx}`);
  if (!(Number.isInteger(firstDay) && Number.isInteger(lastDay) && firstDay <= lastDay && lastDay <= asOfDay)) {
    throw new RangeError(`summaries[${i}]: need whole days firstDay ≤ lastDay ≤ asOfDay (${asOfDay}), got ${firstDay} and ${lastDay}`);
  }
  const days = asOfDay - firstDay;
  if (Math.abs(T * unitDays - days) > 1e-9 * (1 + days)) {
    throw new RangeError(
      `summaries[${i}]: T = ${T} does not match asOfDay ${asOfDay} − firstDay ${firstDay} in units of ${unitDays} days; ` +
        'summarise with the same asOfDay and unitDays',
    );
  }
}

/** Per distinct (x, tₓ, T): everything but the spend, which CLV multiplies in. */
interface HistoryForecast {
  pAlive: number;
  pAliveMethod: PAliveMethod;
  purchases: number;
  /** Σ_m (month m's expected purchases) / (1 + d)^m. */
  discountedPurchases: number;
  nextOrderDay: number | null;
}

function modelPredictions(
  summaries: readonly PurchaseSummary[],
  bgnbd: BgNbdFit,
  gammaGamma: GammaGammaFit,
  populationSpend: number,
  { unitDays, asOfDay, horizonMonths }: Settings,
  discounts: Float64Array,
): CustomerPrediction[] {
  const monthInUnits = DAYS_PER_MONTH / unitDays;
  const horizonDays = horizonMonths * DAYS_PER_MONTH;
  const forecasts = new Map<string, HistoryForecast>();
  const forecastOf = (x: number, tx: number, T: number): HistoryForecast => {
    const customer = { x, tx: x === 0 ? 0 : tx, T };
    const key = `${x}|${customer.tx}|${T}`;
    let forecast = forecasts.get(key);
    if (forecast !== undefined) return forecast;
    const { value: pAlive, method } = pAliveForDisplay(bgnbd, customer);
    let previous = 0;
    let discountedPurchases = 0;
    for (let m = 1; m <= horizonMonths; m++) {
      const cumulative = expectedPurchases(bgnbd, m * monthInUnits, customer);
      if (cumulative > previous) {
        discountedPurchases += (cumulative - previous) * discounts[m - 1]!;
        previous = cumulative;
      }
    }
    // (1 − ½/p)^(−1/(r + x)) − 1, as expm1 of a log1p so that it stays accurate for large r + x.
    let nextOrderDay: number | null = null;
    if (pAlive > 0.5) {
      const waitDays = (bgnbd.alpha + T) * Math.expm1(-Math.log1p(-0.5 / pAlive) / (bgnbd.r + x)) * unitDays;
      if (waitDays <= horizonDays) nextOrderDay = asOfDay + Math.max(1, Math.ceil(waitDays));
    }
    forecast = { pAlive, pAliveMethod: method, purchases: previous, discountedPurchases, nextOrderDay };
    if (![pAlive, previous, discountedPurchases].every(Number.isFinite)) {
      throw new RangeError(`the fitted models give a non-finite forecast for x = ${x}, tx = ${tx}, T = ${T}`);
    }
    forecasts.set(key, forecast);
    return forecast;
  };

  return summaries.map(({ customerId, x, tx, T, mx }) => {
    const forecast = forecastOf(x, tx, T);
    const expectedSpend = x > 0 && mx > 0 ? expectedAverageSpend(gammaGamma, { x, mx }) : populationSpend;
    return prediction(customerId, x, tx, T, mx, forecast, expectedSpend, forecast.discountedPurchases * expectedSpend);
  });
}

function prediction(
  customerId: string,
  x: number,
  tx: number,
  T: number,
  mx: number,
  { pAlive, pAliveMethod, purchases, nextOrderDay }: HistoryForecast,
  expectedSpend: number,
  predictedClv: number,
): CustomerPrediction {
  return {
    customerId,
    frequency: x,
    recency: tx,
    T,
    monetaryValue: mx,
    pAlive,
    pAliveMethod,
    churnProbability: 1 - pAlive,
    expectedPurchases: purchases,
    expectedSpend,
    predictedClv,
    expectedNextOrderDay: nextOrderDay,
  };
}

function heuristicPredictions(
  summaries: readonly PurchaseSummary[],
  { unitDays, asOfDay, horizonMonths }: Settings,
  discounts: Float64Array,
  trailingRevenue: readonly number[] | undefined,
): { customers: CustomerPrediction[]; populationSpend: number; clvBasis: ClvBasis } {
  const ownGaps: number[] = [];
  let spendSum = 0;
  let spendCount = 0;
  for (const { x, tx, mx } of summaries) {
    if (x >= 2) ownGaps.push((tx * unitDays) / x);
    if (x > 0 && mx > 0) {
      spendSum += mx;
      spendCount++;
    }
  }
  const populationGap = ownGaps.length === 0 ? FALLBACK_GAP_DAYS : median(ownGaps);
  const populationSpend = spendCount === 0 ? 0 : spendSum / spendCount;
  const annuity = discounts.reduce((sum, factor) => sum + factor, 0);
  const horizonDays = horizonMonths * DAYS_PER_MONTH;

  const customers = summaries.map(({ customerId, x, tx, T, mx, lastDay }, i) => {
    const gap = Math.max(MIN_GAP_DAYS, x >= 2 ? (tx * unitDays) / x : populationGap);
    const daysSinceLast = asOfDay - lastDay;
    const overdue = daysSinceLast / gap;
    const pAlive =
      daysSinceLast > LOST_AFTER_DAYS || overdue > LAPSED_UP_TO
        ? HEURISTIC_P_ALIVE.lost
        : overdue > AT_RISK_UP_TO
          ? HEURISTIC_P_ALIVE.lapsed
          : overdue > ACTIVE_UP_TO
            ? HEURISTIC_P_ALIVE.atRisk
            : HEURISTIC_P_ALIVE.active;
    const expectedSpend = x > 0 && mx > 0 ? mx : populationSpend;
    const predictedClv =
      trailingRevenue === undefined
        ? expectedSpend * pAlive * (DAYS_PER_MONTH / gap) * annuity
        : (Math.max(0, trailingRevenue[i]!) / 12) * pAlive * annuity;
    let nextOrderDay: number | null = null;
    if (pAlive > 0.5) {
      // P(order within t days) = pAlive · (1 − e^(−t/gap)) reaches ½ at t = −gap · ln(1 − ½/pAlive).
      const waitDays = -gap * Math.log1p(-0.5 / pAlive);
      if (waitDays <= horizonDays) nextOrderDay = asOfDay + Math.max(1, Math.ceil(waitDays));
    }
    const forecast: HistoryForecast = {
      pAlive,
      pAliveMethod: 'recency_heuristic',
      purchases: (pAlive * horizonDays) / gap,
      discountedPurchases: 0,
      nextOrderDay,
    };
    return prediction(customerId, x, tx, T, mx, forecast, expectedSpend, predictedClv);
  });
  return { customers, populationSpend, clvBasis: trailingRevenue === undefined ? 'order_rate' : 'trailing_revenue' };
}

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
