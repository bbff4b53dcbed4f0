// The customer analysis: the SQL of sql/ turns the `sales` table into per-customer facts, panel series and
// cohorts (one query of each kind, whatever the number of customers), and the pure statistics of analytics/
// read trend, stage, RFM, value and funnel step from them. The screens and `ciclo analyze` both call this.
import { addMonths, dayOf, isoOfDay, monthEnd } from '../analytics/days.ts';
import { funnelStep } from '../analytics/funnel.ts';
import { customerStage, populationGapDays } from '../analytics/lifecycle.ts';
import { migrationMatrix } from '../analytics/migration.ts';
import { scoreRfm } from '../analytics/rfm.ts';
import { classifyTrend, resolveTrendOptions } from '../analytics/trend.ts';
import {
  type AnalysisErrorCode,
  PERIOD_UNITS,
  RFM_SEGMENTS,
  STAGES,
  type CustomerSeries,
  type Migration,
  type PeriodUnit,
  type RfmSegment,
  type Stage,
  type TrendOptions,
} from '../analytics/types.ts';
import { customerValues } from '../analytics/value.ts';
import type { Engine } from '../engine/engine.ts';
import {
  cohortRetention,
  customerCategoryMonths,
  customerFacts,
  customerOrders,
  customerPanel,
  defaultAsOf,
  run,
  type CustomerFactsRow,
} from '../sql/index.ts';
import type { Analysis, CustomerAnalysis, CustomerDetail, StageHistoryPoint } from './analysis-types.ts';

/** Periods of panel history read per customer (the trend window looks at the last `window` of them). */
export const HISTORY_PERIODS = 24;
/** Month-ends the stage-flow chart replays, ending at the analysis date. */
export const STAGE_HISTORY_MONTHS = 12;
/** Average days per month (365.2425 / 12), for a customer's tenure in months. */
const DAYS_PER_MONTH = 30.436875;

/** Stable codes of a refused analysis, translated by the UI and printed by the command. */
export type { AnalysisErrorCode };

export interface AnalysisError {
  code: AnalysisErrorCode;
  message: string;
}

/** A real `Error` (the stack survives) carrying a stable `code`. */
export function analysisError(code: AnalysisErrorCode, message: string): Error & AnalysisError {
  const error = new Error(message) as Error & AnalysisError;
  error.name = 'AnalysisError';
  error.code = code;
  return error;
}

export interface AnalyzeOptions {
  /** ISO analysis date; default: the end of the last complete month in the data (`defaultAnalysisDate`). */
  asOf?: string;
  /** Panel period for the trends (default `month`). */
  unit?: PeriodUnit;
  trend?: TrendOptions;
}

/** The analysis date Ciclo proposes: the end of the last complete month in the data; null without sales. */
export async function defaultAnalysisDate(engine: Engine): Promise<string | null> {
  const [row] = await run(engine, defaultAsOf, {});
  return row?.as_of ?? null;
}

/**
 * Every customer with an order on or before the analysis date, sorted by customer id, with trend, stage, RFM,
 * value and funnel step; plus the cohorts and twelve month-ends of stage counts. Lines after the date are
 * ignored, so an earlier date replays the book as it stood then. Throws ANALYSIS_BAD_DATE or ANALYSIS_BAD_UNIT
 * on bad options (and the trend module's message on bad trend options), ANALYSIS_NO_SALES when no date is given
 * and the dataset is empty.
 */
export async function analyzeCustomers(engine: Engine, { asOf, unit = 'month', trend = {} }: AnalyzeOptions = {}): Promise<Analysis> {
  if (asOf !== undefined) checkDate(asOf);
  if (!(PERIOD_UNITS as readonly string[]).includes(unit)) {
    throw analysisError('ANALYSIS_BAD_UNIT', `unit must be one of ${PERIOD_UNITS.join(', ')}, got ${JSON.stringify(unit)}`);
  }
  const trendOptions = resolveTrendOptions(trend);
  const date = asOf ?? (await defaultAnalysisDate(engine));
  if (date === null) throw analysisError('ANALYSIS_NO_SALES', 'There are no sales to analyse: load a file first.');
  const asOfDay = dayOf(date);

  const facts = await run(engine, customerFacts, { asOf: date });
  const panel = await run(engine, customerPanel, { asOf: date, unit, periods: Math.max(HISTORY_PERIODS, trendOptions.window) });
  const cohortRows = await run(engine, cohortRetention, { asOf: date });

  const seriesById = new Map<string, CustomerSeries>();
  const periodsOf = periodLists(unit);
  for (const row of panel) {
    seriesById.set(row.customer_id, {
      customerId: row.customer_id,
      periods: periodsOf(row.start_period, row.revenue.length),
      revenue: row.revenue,
      items: row.items,
      orders: row.orders,
      breadth: row.breadth,
      tenurePeriods: row.tenure_periods,
    });
  }
  const populationGap = populationGapDays(facts.map((f) => f.order_days));
  const rfm = scoreRfm(facts.map((f) => ({ recencyDays: asOfDay - dayOf(f.last_order), frequency: f.orders, monetary: f.revenue })));
  const values = customerValues(
    facts.map((f) => ({ revenue: f.revenue, cost: f.cost, trailing12: f.trailing12, best12: f.best12, orders12: f.orders12 })),
  );

  const customers = facts.map((f, i): CustomerAnalysis => {
    // A customer whose first order falls after the last complete period has no panel row yet.
    const series = seriesById.get(f.customer_id) ?? emptySeries(f.customer_id);
    const trendResult = classifyTrend(series, trendOptions);
    const stage = customerStage(f.order_days, asOfDay, populationGap);
    return {
      customerId: f.customer_id,
      customerName: f.customer_name,
      firstOrder: f.first_order,
      lastOrder: f.last_order,
      orders: f.orders,
      revenue: f.revenue,
      items: f.items,
      categories: f.categories,
      series,
      trend: trendResult,
      stage,
      rfm: rfm[i]!,
      value: values[i]!,
      funnel: funnelStep({
        stage: stage.stage,
        trend: trendResult.label,
        breadthDirection: trendResult.signals.breadth?.direction ?? null,
        tenureMonths: (asOfDay - f.order_days[0]!) / DAYS_PER_MONTH,
        categories: f.categories12,
      }),
    };
  });

  return {
    settings: { asOf: date, unit, trend: trendOptions },
    customers,
    cohorts: cohortRows.map((row) => ({
      cohort: row.cohort,
      age: row.age,
      customers: row.customers,
      revenue: row.revenue,
      cohortSize: row.cohort_size,
    })),
    stageHistory: stageHistory(facts, date),
  };
}

/**
 * Stage counts at each of the last STAGE_HISTORY_MONTHS month-ends on or before `asOf`, replayed from the
 * order days: at each date only the orders up to it count, for the customers and for the book's typical gap.
 * Every stage appears at every date (0 included) once the book has a customer.
 */
function stageHistory(facts: readonly CustomerFactsRow[], asOf: string): StageHistoryPoint[] {
  const lastEnd = monthEnd(asOf) === asOf ? asOf : monthEnd(addMonths(asOf, -1));
  const orderDays = facts.map((f) => f.order_days);
  const points: StageHistoryPoint[] = [];
  for (let back = STAGE_HISTORY_MONTHS - 1; back >= 0; back--) {
    const date = monthEnd(addMonths(lastEnd, -back));
    const day = dayOf(date);
    const present = orderDays.filter((days) => days[0]! <= day);
    if (present.length === 0) continue;
    const populationGap = populationGapDays(present, { asOfDay: day });
    const counts = new Map<Stage, number>(STAGES.map((stage) => [stage, 0]));
    for (const days of present) {
      const { stage } = customerStage(days, day, populationGap);
      counts.set(stage, counts.get(stage)! + 1);
    }
    for (const stage of STAGES) points.push({ date, stage, customers: counts.get(stage)! });
  }
  return points;
}

/** One customer's orders and category revenue per month on or before `asOf`, for the customer page. */
export async function customerDetail(engine: Engine, customerId: string, asOf: string): Promise<CustomerDetail> {
  checkDate(asOf);
  const orders = await run(engine, customerOrders, { customerId, asOf });
  const categoryMonths = await run(engine, customerCategoryMonths, { customerId, asOf });
  return {
    customerId,
    orders: orders.map((o) => ({ date: o.date, orderId: o.order_id, amount: o.amount, items: o.items, lines: o.lines })),
    categoryMonths: categoryMonths.map((c) => ({ month: c.month, category: c.category, revenue: c.revenue })),
  };
}

/**
 * How customers moved between stages and between RFM segments from one analysis to a later one. Customers
 * new in `after` come from 'none'; customers absent from `after` are not counted.
 */
export function compareAnalyses(before: Analysis, after: Analysis): { stage: Migration<Stage>[]; segment: Migration<RfmSegment>[] } {
  const stageOf = (a: Analysis) => new Map(a.customers.map((c) => [c.customerId, c.stage.stage]));
  const segmentOf = (a: Analysis) => new Map(a.customers.map((c) => [c.customerId, c.rfm.segment]));
  return {
    stage: migrationMatrix(stageOf(before), stageOf(after), { order: STAGES }),
    segment: migrationMatrix(segmentOf(before), segmentOf(after), { order: RFM_SEGMENTS }),
  };
}

/**
 * The ISO starts of `length` periods from `start`. Customers whose series start together share one array
 * (most series start at the history window), so 50,000 customers cost a few dozen arrays.
 */
function periodLists(unit: PeriodUnit): (start: string, length: number) => readonly string[] {
  const made = new Map<string, readonly string[]>();
  return (start, length) => {
    const key = `${start}/${length}`;
    let periods = made.get(key);
    if (!periods) {
      const startDay = dayOf(start);
      periods = Array.from({ length }, (_, i) => (unit === 'week' ? isoOfDay(startDay + 7 * i) : addMonths(start, i)));
      made.set(key, periods);
    }
    return periods;
  };
}

function emptySeries(customerId: string): CustomerSeries {
  return { customerId, periods: [], revenue: [], items: [], orders: [], breadth: [], tenurePeriods: 0 };
}

function checkDate(asOf: string): void {
  let isDate = typeof asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(asOf);
  if (isDate) {
    try {
      dayOf(asOf);
    } catch {
      isDate = false;
    }
  }
  if (!isDate) throw analysisError('ANALYSIS_BAD_DATE', `asOf must be a calendar date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
}
