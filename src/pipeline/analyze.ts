// The customer analysis: the SQL of sql/ turns the `sales` table into per-customer facts, panel series and
// cohorts (one query of each kind, whatever the number of customers), and the pure statistics of analytics/
// read trend, stage, RFM, value and funnel step from them, through a ScoringRunner (pipeline/scoring.ts): in the
// page's scoring worker, or inline. The screens and `ciclo analyze` both call this.
import { dayOf } from '../analytics/days.ts';
import { funnelStep } from '../analytics/funnel.ts';
import { migrationMatrix } from '../analytics/migration.ts';
import { resolveTrendOptions } from '../analytics/trend.ts';
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
import type { Engine } from '../engine/engine.ts';
import { cohortRetention, customerCategoryMonths, customerFacts, customerOrders, customerPanel, defaultAsOf, run } from '../sql/index.ts';
import type { Analysis, CustomerAnalysis, CustomerDetail } from './analysis-types.ts';
import {
  STAGE_HISTORY_MONTHS,
  alignPanel,
  emptySeries,
  inlineScoringRunner,
  packFacts,
  packPanel,
  periodLists,
  type ScoringRunner,
} from './scoring.ts';

/** Periods of panel history read per customer (the trend window looks at the last `window` of them). */
export const HISTORY_PERIODS = 24;
export { STAGE_HISTORY_MONTHS };
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
  /**
   * Called once the analysis's last query has answered (before the scores are in): the engine is free for the
   * next statement, which can then run while the customers are being scored.
   */
  onQueriesDone?: () => void;
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
 *
 * The scores come from `scorer` (the page's scoring worker, or inline): the facts are scored while the panel
 * query runs, and the trends while the cohort query runs.
 */
export async function analyzeCustomers(
  engine: Engine,
  { asOf, unit = 'month', trend = {}, onQueriesDone }: AnalyzeOptions = {},
  scorer: ScoringRunner = inlineScoringRunner,
): Promise<Analysis> {
  if (asOf !== undefined) checkDate(asOf);
  if (!(PERIOD_UNITS as readonly string[]).includes(unit)) {
    throw analysisError('ANALYSIS_BAD_UNIT', `unit must be one of ${PERIOD_UNITS.join(', ')}, got ${JSON.stringify(unit)}`);
  }
  const trendOptions = resolveTrendOptions(trend);
  const date = asOf ?? (await defaultAnalysisDate(engine));
  if (date === null) throw analysisError('ANALYSIS_NO_SALES', 'There are no sales to analyse: load a file first.');
  const asOfDay = dayOf(date);

  const facts = await run(engine, customerFacts, { asOf: date });
  const customerIds = facts.map((f) => f.customer_id);
  const factsScores = settled(scorer.scoreFacts(packFacts(facts, date, { isFullAnalysis: true })));
  const panel = await run(engine, customerPanel, { asOf: date, unit, periods: Math.max(HISTORY_PERIODS, trendOptions.window) });
  const trends = settled(scorer.scoreTrends(packPanel(customerIds, panel, unit, trendOptions)));
  const cohortRows = await run(engine, cohortRetention, { asOf: date });
  onQueriesDone?.();
  const { stages, rfm, values, stageHistory } = await factsScores;
  const trendResults = await trends;

  const panelRows = alignPanel(customerIds, panel);
  const periodsOf = periodLists(unit);
  const customers = facts.map((f, i): CustomerAnalysis => {
    const row = panelRows[i];
    // A customer whose first order falls after the last complete period has no panel row yet.
    const series: CustomerSeries = row
      ? {
          customerId: row.customer_id,
          periods: periodsOf(row.start_period, row.revenue.length),
          revenue: row.revenue,
          items: row.items,
          orders: row.orders,
          breadth: row.breadth,
          tenurePeriods: row.tenure_periods,
        }
      : emptySeries(f.customer_id);
    const trendResult = trendResults[i]!;
    const stage = stages[i]!;
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
      value: values![i]!,
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
    stageHistory: stageHistory!,
  };
}

/** Each customer's stage and RFM segment on one date: all the migration table compares. */
export interface CustomerStates {
  asOf: string;
  /** Sorted by customer id, like the analysis. */
  customers: { customerId: string; stage: Stage; segment: RfmSegment }[];
}

/**
 * The stage and RFM segment of every customer with an order on or before `asOf`, exactly as analyzeCustomers
 * would label them on that date, without the panel, trends, values and cohorts it also computes.
 * Throws ANALYSIS_BAD_DATE on a bad date.
 */
export async function customerStates(engine: Engine, asOf: string, scorer: ScoringRunner = inlineScoringRunner): Promise<CustomerStates> {
  checkDate(asOf);
  const facts = await run(engine, customerFacts, { asOf });
  const { stages, rfm } = await scorer.scoreFacts(packFacts(facts, asOf, { isFullAnalysis: false }));
  return { asOf, customers: facts.map((f, i) => ({ customerId: f.customer_id, stage: stages[i]!.stage, segment: rfm[i]!.segment })) };
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
 * How customers moved between stages and between RFM segments from one analysis (or the states of
 * `customerStates`) to a later analysis. Customers new in `after` come from 'none'; customers absent from
 * `after` are not counted.
 */
export function compareAnalyses(
  before: Analysis | CustomerStates,
  after: Analysis,
): { stage: Migration<Stage>[]; segment: Migration<RfmSegment>[] } {
  const states = 'settings' in before ? before.customers.map((c) => ({ customerId: c.customerId, stage: c.stage.stage, segment: c.rfm.segment })) : before.customers;
  return {
    stage: migrationMatrix(
      new Map(states.map((c) => [c.customerId, c.stage])),
      new Map(after.customers.map((c) => [c.customerId, c.stage.stage])),
      { order: STAGES },
    ),
    segment: migrationMatrix(
      new Map(states.map((c) => [c.customerId, c.segment])),
      new Map(after.customers.map((c) => [c.customerId, c.rfm.segment])),
      { order: RFM_SEGMENTS },
    ),
  };
}

/** A promise whose rejection counts as handled until it is awaited (scores still coming when a query fails). */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
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
