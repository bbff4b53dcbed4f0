// The customer table's logic, away from the component: which customers pass the chips, the search box and
// the chart filter, and in which order they are listed. Plain functions over the analysis records.
import { RFM_SEGMENTS, STAGES, TREND_LABELS, type RfmSegment, type Stage, type TrendLabel } from '../../analytics/types.ts';
import type { CustomerPrediction } from '../../analytics/value-model.ts';
import type { CustomerAnalysis } from '../../pipeline/analysis-types.ts';

/** What a click on a chart or an overview card narrows the table to. */
export type ChartFilter =
  | { kind: 'trend'; label: TrendLabel }
  | { kind: 'stage'; stage: Stage }
  | { kind: 'segment'; segment: RfmSegment }
  | { kind: 'cohort'; cohort: string }
  /** The `customers` most valuable customers to date (from the Pareto chart). */
  | { kind: 'top'; customers: number }
  | { kind: 'quiet' }
  | { kind: 'reversal' }
  | { kind: 'customer'; customerId: string }
  /**
   * Customers picked on a predicted-value chart: a P(alive) cell, a CLV bin (whose range `from`–`to` the chip
   * names), or the top N by predicted CLV.
   */
  | { kind: 'selection'; source: 'pAlive' | 'clv' | 'topClv'; customerIds: readonly string[]; from?: number; to?: number };

export interface CustomerFilters {
  trends: readonly TrendLabel[];
  stages: readonly Stage[];
  segments: readonly RfmSegment[];
  search: string;
}

export const NO_FILTERS: CustomerFilters = { trends: [], stages: [], segments: [], search: '' };

export const SORT_COLUMNS = [
  'customer',
  'name',
  'trend',
  'slope',
  'pValue',
  'stage',
  'segment',
  'orders',
  'revenue',
  'trailing12',
  'headroom',
  'pAlive',
  'churn',
  'expectedPurchases',
  'nextOrder',
  'predictedClv',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface CustomerSort {
  column: SortColumn;
  descending: boolean;
}

/** Lower case without accents, so "joao" finds "João". */
export function searchKey(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The ids of the `count` customers with the highest historic value (ties by id, as the table sorts). */
export function topByValue(customers: readonly CustomerAnalysis[], count: number): Set<string> {
  const ranked = customers.toSorted(
    (a, b) => b.value.historicLtv - a.value.historicLtv || a.customerId.localeCompare(b.customerId),
  );
  return new Set(ranked.slice(0, count).map((customer) => customer.customerId));
}

/** Whether a customer passes a chart filter. `top` must hold the ids of a `top` or `selection` filter (see topByValue). */
export function matchesChartFilter(customer: CustomerAnalysis, filter: ChartFilter, top: ReadonlySet<string> | null): boolean {
  switch (filter.kind) {
    case 'trend':
      return customer.trend.label === filter.label;
    case 'stage':
      return customer.stage.stage === filter.stage;
    case 'segment':
      return customer.rfm.segment === filter.segment;
    case 'cohort':
      return customer.firstOrder.slice(0, 7) === filter.cohort.slice(0, 7);
    case 'top':
      return top?.has(customer.customerId) ?? false;
    case 'quiet':
      return customer.trend.quiet;
    case 'reversal':
      return customer.trend.change !== null;
    case 'customer':
      return customer.customerId === filter.customerId;
    case 'selection':
      return top?.has(customer.customerId) ?? false;
  }
}

/** The customers passing every chip group (any chip of a group), the search text and the chart filter. */
export function filterCustomers(
  customers: readonly CustomerAnalysis[],
  filters: CustomerFilters,
  chartFilter: ChartFilter | null = null,
): CustomerAnalysis[] {
  const trends = new Set(filters.trends);
  const stages = new Set(filters.stages);
  const segments = new Set(filters.segments);
  const needle = searchKey(filters.search.trim());
  const top =
    chartFilter?.kind === 'top'
      ? topByValue(customers, chartFilter.customers)
      : chartFilter?.kind === 'selection'
        ? new Set(chartFilter.customerIds)
        : null;
  return customers.filter(
    (customer) =>
      (trends.size === 0 || trends.has(customer.trend.label)) &&
      (stages.size === 0 || stages.has(customer.stage.stage)) &&
      (segments.size === 0 || segments.has(customer.rfm.segment)) &&
      (needle === '' || searchKey(customer.customerId).includes(needle) || searchKey(customer.customerName ?? '').includes(needle)) &&
      (chartFilter === null || matchesChartFilter(customer, chartFilter, top)),
  );
}

const trendRank = new Map<TrendLabel, number>(TREND_LABELS.map((label, index) => [label, index]));
const stageRank = new Map<Stage, number>(STAGES.map((stage, index) => [stage, index]));
const segmentRank = new Map<RfmSegment, number>(RFM_SEGMENTS.map((segment, index) => [segment, index]));

type SortKey = number | string | null;

function sortKey(customer: CustomerAnalysis, column: SortColumn, prediction: CustomerPrediction | undefined): SortKey {
  switch (column) {
    case 'customer':
      return customer.customerId;
    case 'name':
      return customer.customerName === null ? null : searchKey(customer.customerName);
    case 'trend':
      return trendRank.get(customer.trend.label)!;
    case 'slope':
      return customer.trend.slopePct;
    case 'pValue':
      return customer.trend.pValue;
    case 'stage':
      return stageRank.get(customer.stage.stage)!;
    case 'segment':
      return segmentRank.get(customer.rfm.segment)!;
    case 'orders':
      return customer.orders;
    case 'revenue':
      return customer.revenue;
    case 'trailing12':
      return customer.value.trailing12;
    case 'headroom':
      return customer.value.headroom;
    case 'pAlive':
      return prediction?.pAlive ?? null;
    case 'churn':
      return prediction?.churnProbability ?? null;
    case 'expectedPurchases':
      return prediction?.expectedPurchases ?? null;
    case 'nextOrder':
      return prediction?.expectedNextOrderDay ?? null;
    case 'predictedClv':
      return prediction?.predictedClv ?? null;
  }
}

/**
 * A sorted copy. Missing values (no slope, no name, no prediction, no next order within the horizon) go last in
 * both directions; ties keep the customer-id order, so the list never reshuffles between two clicks. Ids compare
 * as numbers when both are numeric. The predicted-value columns read `predictions` (joined by customer id).
 */
export function sortCustomers(
  customers: readonly CustomerAnalysis[],
  { column, descending }: CustomerSort,
  predictions: ReadonlyMap<string, CustomerPrediction> = new Map(),
): CustomerAnalysis[] {
  const collator = new Intl.Collator('en', { numeric: true });
  const keyed = customers.map((customer) => ({ customer, key: sortKey(customer, column, predictions.get(customer.customerId)) }));
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null || Number.isNaN(a.key) || Number.isNaN(b.key)) {
      const aMissing = a.key === null || Number.isNaN(a.key);
      const bMissing = b.key === null || Number.isNaN(b.key);
      if (aMissing !== bMissing) return aMissing ? 1 : -1;
    } else {
      const order = typeof a.key === 'string' ? collator.compare(a.key, b.key as string) : a.key - (b.key as number);
      if (order !== 0) return descending ? -order : order;
    }
    return collator.compare(a.customer.customerId, b.customer.customerId);
  });
  return keyed.map((entry) => entry.customer);
}

/** The next sort after a click on a column title: ascending, then descending, then back to the default. */
export function nextSort(current: CustomerSort | null, column: SortColumn): CustomerSort | null {
  if (current?.column !== column) return { column, descending: NUMERIC_FIRST_DESCENDING.has(column) };
  if (current.descending === NUMERIC_FIRST_DESCENDING.has(column)) return { column, descending: !current.descending };
  return null;
}

/** Money and counts are most useful biggest first. */
const NUMERIC_FIRST_DESCENDING: ReadonlySet<SortColumn> = new Set([
  'orders',
  'revenue',
  'trailing12',
  'headroom',
  'pAlive',
  'churn',
  'expectedPurchases',
  'predictedClv',
]);
