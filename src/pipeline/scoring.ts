// The scoring half of the customer analysis: trend, stage, RFM and value read from the rows of customer-facts.sql
// and customer-panel.sql by the pure statistics of analytics/. The rows are first packed into columns of typed
// arrays, which a Web Worker receives without a copy (workers/scoring-client.ts), so a book of 50,000 customers
// is scored off the page's main thread; `ciclo analyze` and the tests score inline through the same interface.
import { addMonths, dayOf, isoOfDay, monthEnd } from '../analytics/days.ts';
import { customerStage, populationGapDays } from '../analytics/lifecycle.ts';
import { scoreRfm } from '../analytics/rfm.ts';
import { classifyTrend } from '../analytics/trend.ts';
import {
  STAGES,
  type CustomerSeries,
  type PeriodUnit,
  type RfmResult,
  type Stage,
  type StageResult,
  type TrendOptions,
  type TrendResult,
  type ValueResult,
} from '../analytics/types.ts';
import { customerValues } from '../analytics/value.ts';
import type { CustomerFactsRow, CustomerPanelRow } from '../sql/index.ts';
import type { StageHistoryPoint } from './analysis-types.ts';

/** Month-ends the stage-flow chart replays, ending at the analysis date. */
export const STAGE_HISTORY_MONTHS = 12;

/** What the facts of each customer are scored from: one entry per customer, in the facts' order. */
export interface FactsInput {
  /** ISO analysis date. */
  asOf: string;
  /** Also value each customer and replay the stage history (the analysis; the migration table needs neither). */
  isFullAnalysis: boolean;
  customerIds: string[];
  /** Day (since 1970-01-01) of each customer's last order. */
  lastOrderDay: Int32Array;
  orders: Float64Array;
  revenue: Float64Array;
  /** Net cost where `hasCost` is 1 (else 0, and the value's margin is null). */
  cost: Float64Array;
  hasCost: Uint8Array;
  trailing12: Float64Array;
  best12: Float64Array;
  orders12: Float64Array;
  /** Customer i's ascending order days are days[dayOffsets[i]] … days[dayOffsets[i + 1] − 1]. */
  dayOffsets: Int32Array;
  days: Int32Array;
}

export interface FactsScores {
  stages: StageResult[];
  rfm: RfmResult[];
  /** Null unless `isFullAnalysis`. */
  values: ValueResult[] | null;
  stageHistory: StageHistoryPoint[] | null;
}

/** The panel series of each customer, in the facts' order, to read the trends from. */
export interface PanelInput {
  unit: PeriodUnit;
  trend: Required<TrendOptions>;
  customerIds: string[];
  /** ISO start of each customer's first period; '' for a customer without a panel row (an empty series). */
  starts: string[];
  tenurePeriods: Int32Array;
  /** Customer i's values per period are revenue[offsets[i]] … revenue[offsets[i + 1] − 1] (and so for the others). */
  offsets: Int32Array;
  revenue: Float64Array;
  items: Float64Array;
  orders: Float64Array;
  breadth: Float64Array;
}

/**
 * Where the scoring runs. Both calls take columns and answer plain records, so they can cross to a Web Worker
 * (workers/scoring-client.ts) unchanged; the worker's runner may take over (empty) the inputs' typed arrays.
 */
export interface ScoringRunner {
  scoreFacts(input: FactsInput): Promise<FactsScores>;
  scoreTrends(input: PanelInput): Promise<TrendResult[]>;
}

/** Scores on the calling thread: for `ciclo analyze` and the tests (the page uses the scoring worker). */
export const inlineScoringRunner: ScoringRunner = {
  scoreFacts: async (input) => scoreFacts(input),
  scoreTrends: async (input) => scoreTrends(input),
};

/** The typed arrays of an input, for a `postMessage` transfer list. */
export function transferablesOf(input: FactsInput | PanelInput): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(input)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  }
  return [...buffers];
}

// ---------------------------------------------------------------------------------------------------------
// Packing (the page's side): rows → columns.

/** Packs the rows of customer-facts.sql. Throws if a figure the scores read is not a number. */
export function packFacts(facts: readonly CustomerFactsRow[], asOf: string, { isFullAnalysis }: { isFullAnalysis: boolean }): FactsInput {
  const n = facts.length;
  const input: FactsInput = {
    asOf,
    isFullAnalysis,
    customerIds: new Array<string>(n),
    lastOrderDay: new Int32Array(n),
    orders: new Float64Array(n),
    revenue: new Float64Array(n),
    cost: new Float64Array(n),
    hasCost: new Uint8Array(n),
    trailing12: new Float64Array(n),
    best12: new Float64Array(n),
    orders12: new Float64Array(n),
    dayOffsets: new Int32Array(n + 1),
    days: new Int32Array(0),
  };
  const dayByIso = new Map<string, number>();
  let dayCount = 0;
  for (let i = 0; i < n; i++) {
    const f = facts[i]!;
    input.customerIds[i] = f.customer_id;
    let last = dayByIso.get(f.last_order);
    if (last === undefined) {
      last = dayOf(f.last_order);
      dayByIso.set(f.last_order, last);
    }
    input.lastOrderDay[i] = last;
    input.orders[i] = numberOf(f, 'orders');
    input.revenue[i] = numberOf(f, 'revenue');
    input.trailing12[i] = numberOf(f, 'trailing12');
    input.best12[i] = numberOf(f, 'best12');
    input.orders12[i] = numberOf(f, 'orders12');
    if (f.cost !== null) {
      input.cost[i] = numberOf(f, 'cost');
      input.hasCost[i] = 1;
    }
    dayCount += f.order_days.length;
    input.dayOffsets[i + 1] = dayCount;
  }
  input.days = new Int32Array(dayCount);
  for (let i = 0; i < n; i++) input.days.set(facts[i]!.order_days, input.dayOffsets[i]!);
  return input;
}

/**
 * Packs the panel rows of the customers `customerIds` (the facts' order); `panel` holds a subset of them in the
 * same order (customers without a complete period have no row). Rows the walk cannot place are found by id.
 */
export function packPanel(
  customerIds: readonly string[],
  panel: readonly CustomerPanelRow[],
  unit: PeriodUnit,
  trend: Required<TrendOptions>,
): PanelInput {
  const rows = alignPanel(customerIds, panel);
  const n = customerIds.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + (rows[i]?.revenue.length ?? 0);
  const total = offsets[n]!;
  const input: PanelInput = {
    unit,
    trend,
    customerIds: [...customerIds],
    starts: new Array<string>(n),
    tenurePeriods: new Int32Array(n),
    offsets,
    revenue: new Float64Array(total),
    items: new Float64Array(total),
    orders: new Float64Array(total),
    breadth: new Float64Array(total),
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    input.starts[i] = row?.start_period ?? '';
    if (!row) continue;
    input.tenurePeriods[i] = row.tenure_periods;
    const at = offsets[i]!;
    const length = row.revenue.length;
    for (const signal of ['items', 'orders', 'breadth'] as const) {
      if (row[signal].length !== length) {
        throw new Error(`customer ${row.customer_id}: ${signal} must have one value per period (${length}), got ${row[signal].length}`);
      }
    }
    input.revenue.set(row.revenue, at);
    input.items.set(row.items, at);
    input.orders.set(row.orders, at);
    input.breadth.set(row.breadth, at);
  }
  return input;
}

/** The panel row of each customer (undefined: none), walking both lists in their shared customer_id order. */
export function alignPanel(customerIds: readonly string[], panel: readonly CustomerPanelRow[]): (CustomerPanelRow | undefined)[] {
  const rows = new Array<CustomerPanelRow | undefined>(customerIds.length);
  let next = 0;
  for (let i = 0; i < customerIds.length && next < panel.length; i++) {
    if (panel[next]!.customer_id === customerIds[i]) rows[i] = panel[next++];
  }
  if (next === panel.length) return rows;
  // Not the same order after all: look every row up by id.
  const byId = new Map(panel.map((row) => [row.customer_id, row]));
  return customerIds.map((id) => byId.get(id));
}

function numberOf(row: CustomerFactsRow, key: 'orders' | 'revenue' | 'cost' | 'trailing12' | 'best12' | 'orders12'): number {
  const value = row[key];
  if (typeof value !== 'number') throw new Error(`customer ${row.customer_id}: ${key} must be a number, got ${JSON.stringify(value)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Scoring (the worker's side, or inline): columns → scores.

/** Stage and RFM of every customer; with `isFullAnalysis`, value and the stage history too. */
export function scoreFacts(input: FactsInput): FactsScores {
  const { asOf, isFullAnalysis, customerIds, lastOrderDay, dayOffsets, days } = input;
  const n = customerIds.length;
  const asOfDay = dayOf(asOf);
  const orderDays: number[][] = new Array(n);
  for (let i = 0; i < n; i++) orderDays[i] = Array.from(days.subarray(dayOffsets[i]!, dayOffsets[i + 1]!));

  const populationGap = populationGapDays(orderDays);
  const stages = orderDays.map((customerDays) => customerStage(customerDays, asOfDay, populationGap));
  const rfm = scoreRfm(
    Array.from({ length: n }, (_, i) => ({ recencyDays: asOfDay - lastOrderDay[i]!, frequency: input.orders[i]!, monetary: input.revenue[i]! })),
  );
  if (!isFullAnalysis) return { stages, rfm, values: null, stageHistory: null };
  const values = customerValues(
    Array.from({ length: n }, (_, i) => ({
      revenue: input.revenue[i]!,
      cost: input.hasCost[i] === 1 ? input.cost[i]! : null,
      trailing12: input.trailing12[i]!,
      best12: input.best12[i]!,
      orders12: input.orders12[i]!,
    })),
  );
  return { stages, rfm, values, stageHistory: stageHistory(orderDays, asOf) };
}

/**
 * Stage counts at each of the last STAGE_HISTORY_MONTHS month-ends on or before `asOf`, replayed from the
 * order days: at each date only the orders up to it count, for the customers and for the book's typical gap.
 * Every stage appears at every date (0 included) once the book has a customer.
 */
export function stageHistory(orderDays: readonly (readonly number[])[], asOf: string): StageHistoryPoint[] {
  const lastEnd = monthEnd(asOf) === asOf ? asOf : monthEnd(addMonths(asOf, -1));
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

/** The trend of every customer (analytics/trend.ts), in input order. */
export function scoreTrends(input: PanelInput): TrendResult[] {
  const { unit, trend, customerIds, starts, tenurePeriods, offsets } = input;
  const periodsOf = periodLists(unit);
  const results = new Array<TrendResult>(customerIds.length);
  for (let i = 0; i < customerIds.length; i++) {
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    const series: CustomerSeries =
      starts[i] === ''
        ? emptySeries(customerIds[i]!)
        : {
            customerId: customerIds[i]!,
            periods: periodsOf(starts[i]!, to - from),
            revenue: Array.from(input.revenue.subarray(from, to)),
            items: Array.from(input.items.subarray(from, to)),
            orders: Array.from(input.orders.subarray(from, to)),
            breadth: Array.from(input.breadth.subarray(from, to)),
            tenurePeriods: tenurePeriods[i]!,
          };
    results[i] = classifyTrend(series, trend);
  }
  return results;
}

/**
 * The ISO starts of `length` periods from `start`. Customers whose series start together share one array
 * (most series start at the history window), so 50,000 customers cost a few dozen arrays.
 */
export function periodLists(unit: PeriodUnit): (start: string, length: number) => readonly string[] {
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

export function emptySeries(customerId: string): CustomerSeries {
  return { customerId, periods: [], revenue: [], items: [], orders: [], breadth: [], tenurePeriods: 0 };
}
