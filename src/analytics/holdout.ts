// holdout.ts: the forecast-accuracy check of the purchase model, done as in Fader, Hardie & Lee (2005): fit
// BG/NBD on a calibration period, forecast the holdout period that follows, and compare with what customers
// actually bought — in total, week by week (the tracking chart) and by calibration frequency (the
// conditional-expectation chart, FHL 2005 Figure 4).
import { expectedPurchases, expectedPurchasesUnconditional, fitBgNbd, type BgNbdFit, type BgNbdFitOptions } from './bgnbd.ts';
import { summarizePurchases, type PurchaseLine } from './rfm-summary.ts';

export interface HoldoutOptions {
  /** Last day of the calibration period (days since 1970-01-01); the model sees lines up to it. */
  calibrationEndDay: number;
  /** Last day of the holdout period (inclusive). */
  holdoutEndDay: number;
  /** Days per model unit, also the length of a tracking period (7 = weekly, as in the paper). */
  unitDays: number;
  /** Calibration frequencies from this value up share the last row of `byFrequency` (default 7, the paper's "7+"). */
  maxFrequencyRow?: number;
  /** Passed to the fit. */
  fit?: Pick<BgNbdFitOptions, 'maxIterations' | 'tolerance'>;
}

/** One period of the tracking chart: cumulative repeat purchases up to the end of the period. */
export interface TrackingPoint {
  /** 1, 2, …; the first period may be shorter, so that a period boundary falls at the end of the calibration. */
  period: number;
  /** Last day the period covers (days since 1970-01-01). */
  endDay: number;
  /** The period lies after the calibration end. */
  isHoldout: boolean;
  /** Σ over calibration customers of E[X(elapsed since their first purchase)], unconditional (FHL 2005 eq. 9). */
  expectedCumulative: number;
  actualCumulative: number;
  /** This period's share: cumulative minus the previous period's. */
  expected: number;
  actual: number;
}

/** One bar pair of the conditional-expectation chart. */
export interface FrequencyRow {
  /** Calibration frequency x; the last row holds x ≥ this value. */
  frequency: number;
  isOpenEnded: boolean;
  customers: number;
  /** Mean repeat purchases made in the holdout by these customers. */
  actualMean: number;
  /** Mean of E[Y(holdout length) | x, tₓ, T] over these customers (FHL 2005 eq. 10). */
  predictedMean: number;
}

/** One calibration customer's forecast for the holdout against what they did. */
export interface HoldoutCustomer {
  customerId: string;
  /** Calibration frequency. */
  x: number;
  predicted: number;
  actual: number;
}

export interface HoldoutReport {
  calibrationEndDay: number;
  holdoutEndDay: number;
  unitDays: number;
  /** Holdout length in model units. */
  holdoutLength: number;
  fit: BgNbdFit;
  /** Customers with a purchase in the calibration period: the only ones forecast and counted. */
  calibrationCustomers: number;
  /** Customers whose first purchase falls in the holdout (not part of the check). */
  newInHoldout: number;
  /** Σ over calibration customers of E[Y(holdout length) | x, tₓ, T]. */
  predictedRepeatPurchases: number;
  /** Distinct purchase days in the holdout, by calibration customers. */
  actualRepeatPurchases: number;
  /** (predicted − actual) / actual; null when there was no holdout purchase. */
  relativeError: number | null;
  tracking: TrackingPoint[];
  byFrequency: FrequencyRow[];
  /** In the order of first appearance in the lines, like summarizePurchases. */
  customers: HoldoutCustomer[];
}

/**
 * Fits BG/NBD on the lines up to `calibrationEndDay` (summarizePurchases: same-day lines are one purchase) and
 * checks its forecast of the holdout (calibrationEndDay, holdoutEndDay]:
 * - totals: Σ E[Y(L) | x, tₓ, T] with L the holdout length, against the actual distinct purchase days in the
 *   holdout of the calibration customers (those first seen in the holdout are left out on both sides);
 * - tracking: periods of `unitDays` days whose boundaries fall on calibrationEndDay + 1 + k·unitDays, from the
 *   first purchase to holdoutEndDay. At a boundary b, a customer who first bought on day f has been a
 *   customer for (b − f) / unitDays units (their first day counted whole), and expected cumulative repeat
 *   purchases = Σ_f n_f E[X((b − f)/unitDays)] over first-purchase days f < b with n_f customers, the
 *   convention of BTYD and of lifetimes' expected_cumulative_transactions; actual = repeat purchase days < b;
 * - byFrequency: mean actual vs mean predicted holdout purchases by calibration frequency 0, 1, …, 7+.
 * Throws RangeError on bad options and the fit's ModelError when BG/NBD cannot be fitted.
 */
export function holdoutValidation(
  lines: readonly PurchaseLine[],
  { calibrationEndDay, holdoutEndDay, unitDays, maxFrequencyRow = 7, fit: fitOptions = {} }: HoldoutOptions,
): HoldoutReport {
  if (!Number.isInteger(calibrationEndDay)) throw new RangeError(`calibrationEndDay must be a whole number of days, got ${calibrationEndDay}`);
  if (!(Number.isInteger(holdoutEndDay) && holdoutEndDay > calibrationEndDay)) {
    throw new RangeError(`holdoutEndDay must be a whole number of days after calibrationEndDay (${calibrationEndDay}), got ${holdoutEndDay}`);
  }
  if (!(unitDays > 0 && Number.isFinite(unitDays))) throw new RangeError(`unitDays must be a finite number of days > 0 (1, 7 or 30.4375), got ${unitDays}`);
  if (!(Number.isInteger(maxFrequencyRow) && maxFrequencyRow >= 1)) throw new RangeError(`maxFrequencyRow must be an integer ≥ 1, got ${maxFrequencyRow}`);

  const calibration = summarizePurchases(lines, { asOfDay: calibrationEndDay, unitDays });
  const fit = fitBgNbd(calibration, fitOptions);
  const holdoutLength = (holdoutEndDay - calibrationEndDay) / unitDays;

  // Distinct purchase days per customer after the calibration, up to the holdout end, and all repeat days of
  // the calibration customers (for the tracking chart).
  const indexOf = new Map<string, number>();
  let startDay = Number.POSITIVE_INFINITY;
  calibration.forEach((s, i) => {
    indexOf.set(s.customerId, i);
    if (s.firstDay < startDay) startDay = s.firstDay;
  });
  // (customer, day) as one number: every counted day lies in startDay..holdoutEndDay.
  const width = holdoutEndDay - startDay + 1;
  const seen = new Set<number>();
  const holdoutDays = new Float64Array(calibration.length);
  const repeatDayCounts = new Map<number, number>();
  const newCustomers = new Set<string>();
  for (const { customerId, day } of lines) {
    if (day > holdoutEndDay) continue;
    const index = indexOf.get(customerId);
    if (index === undefined) {
      newCustomers.add(customerId);
      continue;
    }
    if (day === calibration[index]!.firstDay) continue;
    const key = index * width + (day - startDay);
    if (seen.has(key)) continue;
    seen.add(key);
    repeatDayCounts.set(day, (repeatDayCounts.get(day) ?? 0) + 1);
    if (day > calibrationEndDay) holdoutDays[index]!++;
  }

  const forecasts = new Map<string, number>();
  let predictedRepeatPurchases = 0;
  let actualRepeatPurchases = 0;
  const rows = Array.from({ length: maxFrequencyRow + 1 }, (_, x) => ({ customers: 0, actual: 0, predicted: 0, x }));
  const customers = calibration.map(({ customerId, x, tx, T }, i) => {
    const key = `${x}|${tx}|${T}`;
    let predicted = forecasts.get(key);
    if (predicted === undefined) {
      predicted = expectedPurchases(fit, holdoutLength, { x, tx, T });
      forecasts.set(key, predicted);
    }
    const actual = holdoutDays[i]!;
    predictedRepeatPurchases += predicted;
    actualRepeatPurchases += actual;
    const row = rows[Math.min(x, maxFrequencyRow)]!;
    row.customers++;
    row.actual += actual;
    row.predicted += predicted;
    return { customerId, x, predicted, actual };
  });

  return {
    calibrationEndDay,
    holdoutEndDay,
    unitDays,
    holdoutLength,
    fit,
    calibrationCustomers: calibration.length,
    newInHoldout: newCustomers.size,
    predictedRepeatPurchases,
    actualRepeatPurchases,
    relativeError: actualRepeatPurchases === 0 ? null : (predictedRepeatPurchases - actualRepeatPurchases) / actualRepeatPurchases,
    tracking: trackingSeries(fit, calibration, repeatDayCounts, calibrationEndDay, holdoutEndDay, unitDays),
    byFrequency: rows.map(({ x, customers: n, actual, predicted }) => ({
      frequency: x,
      isOpenEnded: x === maxFrequencyRow,
      customers: n,
      actualMean: n === 0 ? 0 : actual / n,
      predictedMean: n === 0 ? 0 : predicted / n,
    })),
    customers,
  };
}

function trackingSeries(
  fit: BgNbdFit,
  calibration: readonly { firstDay: number }[],
  repeatDayCounts: ReadonlyMap<number, number>,
  calibrationEndDay: number,
  holdoutEndDay: number,
  unitDays: number,
): TrackingPoint[] {
  if (calibration.length === 0) return [];
  // Customers by first purchase day (the cohorts), and repeat purchases by day, both ascending.
  const cohortSizes = new Map<number, number>();
  let startDay = Number.POSITIVE_INFINITY;
  for (const { firstDay } of calibration) {
    cohortSizes.set(firstDay, (cohortSizes.get(firstDay) ?? 0) + 1);
    if (firstDay < startDay) startDay = firstDay;
  }
  const cohorts = [...cohortSizes].sort((p, q) => p[0] - q[0]);
  const repeatDays = [...repeatDayCounts].sort((p, q) => p[0] - q[0]);

  // Boundaries b = anchor + k·unitDays, the first one after startDay, the last one holdoutEndDay + 1.
  const anchor = calibrationEndDay + 1;
  const end = holdoutEndDay + 1;
  const firstK = Math.floor((startDay - anchor) / unitDays) + 1;
  const points: TrackingPoint[] = [];
  let nextRepeat = 0;
  let actualCumulative = 0;
  let previousExpected = 0;
  let previousActual = 0;
  // E[X(t)] by elapsed days: a cohort's elapsed time at one boundary is another's at the next.
  const unconditional = new Map<number, number>();
  for (let k = firstK; ; k++) {
    const boundary = Math.min(anchor + k * unitDays, end);
    while (nextRepeat < repeatDays.length && repeatDays[nextRepeat]![0] < boundary) actualCumulative += repeatDays[nextRepeat++]![1];
    let expectedCumulative = 0;
    for (const [firstDay, size] of cohorts) {
      if (firstDay >= boundary) break;
      const elapsedDays = boundary - firstDay;
      let perCustomer = unconditional.get(elapsedDays);
      if (perCustomer === undefined) {
        perCustomer = expectedPurchasesUnconditional(fit, elapsedDays / unitDays);
        unconditional.set(elapsedDays, perCustomer);
      }
      expectedCumulative += size * perCustomer;
    }
    points.push({
      period: points.length + 1,
      endDay: Math.ceil(boundary) - 1,
      isHoldout: boundary > anchor,
      expectedCumulative,
      actualCumulative,
      expected: expectedCumulative - previousExpected,
      actual: actualCumulative - previousActual,
    });
    previousExpected = expectedCumulative;
    previousActual = actualCumulative;
    if (boundary >= end) return points;
  }
}

/** A calibration / holdout split of the days firstDay..lastDay (inclusive). */
export interface CalibrationSplit {
  calibrationEndDay: number;
  holdoutEndDay: number;
}

/** The holdout Ciclo proposes when the history covers at least two of them: the last 26 weeks. */
export const DEFAULT_HOLDOUT_DAYS = 182;
/** Histories shorter than this (4 weeks) are not split: a holdout of under two weeks says nothing. */
export const MIN_SPLIT_DAYS = 28;

/**
 * The default split for the holdout check of a history from firstDay to lastDay (inclusive, whole days):
 * the last 26 weeks are the holdout when the history covers at least 52 weeks (the calibration is then at
 * least as long as the holdout, and 26 weeks is the horizon a key-account plan looks at); a shorter history
 * is cut in half (the calibration gets the extra day of an odd length); under 4 weeks, null.
 */
export function defaultCalibrationSplit(firstDay: number, lastDay: number): CalibrationSplit | null {
  if (!(Number.isInteger(firstDay) && Number.isInteger(lastDay) && lastDay >= firstDay)) {
    throw new RangeError(`firstDay and lastDay must be whole days with firstDay ≤ lastDay, got ${firstDay} and ${lastDay}`);
  }
  const days = lastDay - firstDay + 1;
  if (days < MIN_SPLIT_DAYS) return null;
  if (days >= 2 * DEFAULT_HOLDOUT_DAYS) return { calibrationEndDay: lastDay - DEFAULT_HOLDOUT_DAYS, holdoutEndDay: lastDay };
  return { calibrationEndDay: firstDay + Math.ceil(days / 2) - 1, holdoutEndDay: lastDay };
}
