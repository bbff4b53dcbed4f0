// Predicted value: the SQL of sql/ turns the `sales` table into one purchase summary per customer (or the
// purchase days of a holdout check), and a ModelRunner fits BG/NBD and Gamma-Gamma on them — in the page's model
// worker (workers/model-client.ts), or inline for `ciclo analyze` and the tests. The fit never runs in SQL.
import { dayOf, isoOfDay } from '../analytics/days.ts';
import { defaultCalibrationSplit, holdoutValidation, type HoldoutOptions, type HoldoutReport } from '../analytics/holdout.ts';
import { modelError } from '../analytics/optimize.ts';
import { UNIT_DAYS, type ModelUnit, type PurchaseLine, type PurchaseSummary } from '../analytics/rfm-summary.ts';
import { predictValues, type ValueModelOptions, type ValuePredictions } from '../analytics/value-model.ts';
import type { Engine } from '../engine/engine.ts';
import { customerPurchaseSummary, purchaseDays, run } from '../sql/index.ts';
import { analysisError, defaultAnalysisDate } from './analyze.ts';

export type { ModelUnit } from '../analytics/rfm-summary.ts';
export { UNIT_DAYS } from '../analytics/rfm-summary.ts';

/**
 * Where the models are fitted. Both calls take plain records and answer plain records, so that they can cross
 * to a Web Worker (workers/model-client.ts) unchanged.
 */
export interface ModelRunner {
  predict(summaries: readonly PurchaseSummary[], options: ValueModelOptions): Promise<ValuePredictions>;
  holdout(lines: readonly PurchaseLine[], options: HoldoutOptions): Promise<HoldoutReport>;
}

/** Fits on the calling thread: for `ciclo analyze` and the tests (the page uses the model worker). */
export const inlineModelRunner: ModelRunner = {
  predict: async (summaries, options) => predictValues(summaries, options),
  holdout: async (lines, options) => holdoutValidation(lines, options),
};

export interface PredictOptions {
  /** ISO analysis date; default: the trends' default (`defaultAnalysisDate`, the last complete month-end). */
  asOf?: string;
  /** Model time unit (default `week`, the literature's): a day, 7 days, or an average month of 30.4375 days. */
  unit?: ModelUnit;
  /** Months ahead for expected purchases and CLV (whole number ≥ 1, default 12). */
  horizonMonths?: number;
  /** Discount rate per month, ≥ 0 and < 1 (default 0.01 = 1 % a month). */
  monthlyDiscount?: number;
}

export interface CustomerValueModel {
  settings: { asOf: string; unit: ModelUnit; unitDays: number; horizonMonths: number; monthlyDiscount: number };
  /** predictions.customers is sorted by customer id, like the customer analysis. */
  predictions: ValuePredictions;
}

/**
 * Every customer's predicted value as of `asOf`: P(alive), churn probability, expected purchases and spend,
 * predicted CLV over `horizonMonths` and the expected next order day, from BG/NBD and Gamma-Gamma or, for a
 * book too small for a stable fit, the labelled rule of thumb (analytics/value-model.ts; the heuristic's CLV
 * reads each customer's net revenue of the trailing 12 months). Customers are those with a purchase day on or
 * before `asOf` (customer-purchase-summary.sql: a customer whose lines are all returns has none), in customer id
 * order. Throws ANALYSIS_BAD_DATE / ANALYSIS_BAD_UNIT on a bad date or unit, a RangeError on a bad horizon or
 * discount, ANALYSIS_NO_SALES when no date is given and the dataset is empty.
 */
export async function predictCustomerValues(
  engine: Engine,
  { asOf, unit = 'week', horizonMonths = 12, monthlyDiscount = 0.01 }: PredictOptions = {},
  runner: ModelRunner = inlineModelRunner,
): Promise<CustomerValueModel> {
  if (asOf !== undefined) checkDate('asOf', asOf);
  const unitDays = unitDaysOf(unit);
  if (!(Number.isInteger(horizonMonths) && horizonMonths >= 1)) throw new RangeError(`horizonMonths must be an integer ≥ 1, got ${horizonMonths}`);
  if (!(monthlyDiscount >= 0 && monthlyDiscount < 1)) {
    throw new RangeError(`monthlyDiscount must be a rate ≥ 0 and < 1 a month (0.01 = 1 %), got ${monthlyDiscount}`);
  }
  const date = asOf ?? (await analysisDate(engine));

  const rows = await run(engine, customerPurchaseSummary, { asOf: date, unitDays });
  const summaries: PurchaseSummary[] = rows.map((row) => ({
    customerId: row.customer_id,
    x: row.frequency,
    tx: row.recency,
    T: row.T,
    mx: row.monetary_value,
    firstDay: row.first_day,
    lastDay: row.last_day,
  }));
  const predictions = await runner.predict(summaries, {
    unitDays,
    asOfDay: dayOf(date),
    horizonMonths,
    monthlyDiscount,
    trailingRevenue: rows.map((row) => row.trailing_revenue),
  });
  return { settings: { asOf: date, unit, unitDays, horizonMonths, monthlyDiscount }, predictions };
}

export interface ValidateOptions {
  /** ISO end of the history checked (the holdout ends here); default as for predictCustomerValues. */
  asOf?: string;
  /** Model time unit, also the length of a tracking-chart period (default `week`). */
  unit?: ModelUnit;
  /** ISO last day of the calibration period, before asOf; default: `defaultCalibrationSplit` of the history. */
  calibrationEnd?: string;
}

/** The holdout check with its dates as ISO text. */
export interface ValueModelValidation extends HoldoutReport {
  unit: ModelUnit;
  /** Last day the model saw. */
  calibrationEnd: string;
  /** Last day of the holdout (= asOf). */
  holdoutEnd: string;
}

/**
 * The forecast-accuracy check of the purchase model: BG/NBD fitted on the purchases up to `calibrationEnd`,
 * its forecast for (calibrationEnd, asOf] compared with the purchases made then (analytics/holdout.ts), on the
 * purchase days of purchase-days.sql (the same days as the predictions). Without `calibrationEnd`, the split of
 * `defaultCalibrationSplit` over the days from the first purchase to asOf (the last 26 weeks of a history of a
 * year or more, else half of it). Throws ANALYSIS_BAD_DATE on a bad date or a calibrationEnd not before asOf,
 * ANALYSIS_BAD_UNIT, ANALYSIS_NO_SALES without purchases up to asOf, MODEL_NO_DATA (analytics/optimize.ts) when
 * the history is under MIN_SPLIT_DAYS or nobody bought twice in the calibration, and MODEL_NOT_CONVERGED when
 * the fit fails.
 */
export async function validateValueModel(
  engine: Engine,
  { asOf, unit = 'week', calibrationEnd }: ValidateOptions = {},
  runner: ModelRunner = inlineModelRunner,
): Promise<ValueModelValidation> {
  if (asOf !== undefined) checkDate('asOf', asOf);
  if (calibrationEnd !== undefined) checkDate('calibrationEnd', calibrationEnd);
  const unitDays = unitDaysOf(unit);
  const date = asOf ?? (await analysisDate(engine));
  const holdoutEndDay = dayOf(date);
  if (calibrationEnd !== undefined && !(dayOf(calibrationEnd) < holdoutEndDay)) {
    throw analysisError('ANALYSIS_BAD_DATE', `calibrationEnd must be before asOf (${date}), got ${calibrationEnd}`);
  }

  const lines: PurchaseLine[] = (await run(engine, purchaseDays, { endDate: date })).map((row) => ({
    customerId: row.customer_id,
    day: row.day,
    amount: row.amount,
  }));
  if (lines.length === 0) throw analysisError('ANALYSIS_NO_SALES', `There are no purchases on or before ${date} to check the model on.`);

  let calibrationEndDay: number;
  if (calibrationEnd !== undefined) calibrationEndDay = dayOf(calibrationEnd);
  else {
    let firstDay = holdoutEndDay;
    for (const { day } of lines) if (day < firstDay) firstDay = day;
    const split = defaultCalibrationSplit(firstDay, holdoutEndDay);
    if (split === null) {
      throw modelError(
        'MODEL_NO_DATA',
        `The purchases from ${isoOfDay(firstDay)} to ${date} cover ${holdoutEndDay - firstDay + 1} days; a holdout check needs at least 28`,
      );
    }
    calibrationEndDay = split.calibrationEndDay;
  }

  const report = await runner.holdout(lines, { calibrationEndDay, holdoutEndDay, unitDays });
  return { ...report, unit, calibrationEnd: isoOfDay(calibrationEndDay), holdoutEnd: date };
}

async function analysisDate(engine: Engine): Promise<string> {
  const date = await defaultAnalysisDate(engine);
  if (date === null) throw analysisError('ANALYSIS_NO_SALES', 'There are no sales to analyse: load a file first.');
  return date;
}

function unitDaysOf(unit: ModelUnit): number {
  if (!Object.hasOwn(UNIT_DAYS, unit)) {
    throw analysisError('ANALYSIS_BAD_UNIT', `unit must be one of ${Object.keys(UNIT_DAYS).join(', ')}, got ${JSON.stringify(unit)}`);
  }
  return UNIT_DAYS[unit];
}

function checkDate(name: string, iso: string): void {
  let isDate = typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso);
  if (isDate) {
    try {
      dayOf(iso);
    } catch {
      isDate = false;
    }
  }
  if (!isDate) throw analysisError('ANALYSIS_BAD_DATE', `${name} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(iso)}`);
}
