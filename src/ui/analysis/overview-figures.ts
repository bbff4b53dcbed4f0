// The overview's figures from the analysis records: customers and 12-month revenue per trend label, per
// stage and per funnel step, the early warnings, the points of the scatter, and the migration matrix.
import { STAGES, TREND_LABELS, type FunnelStep, type Migration, type Stage, type TrendLabel } from '../../analytics/types.ts';
import type { CustomerAnalysis } from '../../pipeline/analysis-types.ts';
import type { SlopePoint } from '../../charts/slope-vs-revenue.ts';
import type { TrendCount } from '../../charts/trend-distribution.ts';

export interface Tally {
  customers: number;
  /** Revenue of those customers over the 12 months up to the analysis date. */
  revenue: number;
}

function tally<K extends string>(keys: readonly K[], customers: readonly CustomerAnalysis[], keyOf: (c: CustomerAnalysis) => K): Record<K, Tally> {
  const result = Object.fromEntries(keys.map((key) => [key, { customers: 0, revenue: 0 }])) as Record<K, Tally>;
  for (const customer of customers) {
    const entry = result[keyOf(customer)];
    entry.customers++;
    entry.revenue += customer.value.trailing12;
  }
  return result;
}

export const FUNNEL_STEPS: readonly FunnelStep[] = ['acquisition', 'development', 'retention', 'advocacy', 'win_back'];

export interface OverviewFigures {
  customers: number;
  revenue12: number;
  byTrend: Record<TrendLabel, Tally>;
  byStage: Record<Stage, Tally>;
  byFunnel: Record<FunnelStep, Tally>;
  /** Downtraders still ordering on their usual rhythm. */
  quiet: Tally;
  turnedDown: Tally;
  turnedUp: Tally;
}

export function overviewFigures(customers: readonly CustomerAnalysis[]): OverviewFigures {
  const quiet = customers.filter((customer) => customer.trend.quiet);
  const turned = (kind: 'up_to_down' | 'down_to_up') => customers.filter((customer) => customer.trend.change?.kind === kind);
  const sum = (list: readonly CustomerAnalysis[]): Tally => ({
    customers: list.length,
    revenue: list.reduce((total, customer) => total + customer.value.trailing12, 0),
  });
  return {
    customers: customers.length,
    revenue12: sum(customers).revenue,
    byTrend: tally(TREND_LABELS, customers, (customer) => customer.trend.label),
    byStage: tally(STAGES, customers, (customer) => customer.stage.stage),
    byFunnel: tally(FUNNEL_STEPS, customers, (customer) => customer.funnel),
    quiet: sum(quiet),
    turnedDown: sum(turned('up_to_down')),
    turnedUp: sum(turned('down_to_up')),
  };
}

export function trendCounts(figures: OverviewFigures): TrendCount[] {
  return TREND_LABELS.map((label) => ({ label, ...figures.byTrend[label] }));
}

/** The scatter's points: customers with a revenue slope (the chart itself drops those without revenue). */
export function slopePoints(customers: readonly CustomerAnalysis[]): SlopePoint[] {
  return customers.flatMap((customer) =>
    customer.trend.slopePct === null
      ? []
      : [
          {
            customerId: customer.customerId,
            name: customer.customerName,
            label: customer.trend.label,
            slopePct: customer.trend.slopePct,
            trailing12: customer.value.trailing12,
            deltaPerPeriod: customer.trend.evidence?.deltaPerPeriod ?? 0,
          },
        ],
  );
}

export interface MigrationMatrix<S extends string> {
  /** Row states (before), `none` first when some customers were not customers yet. */
  from: (S | 'none')[];
  to: S[];
  /** customers[from][to]. */
  cells: Record<string, Record<string, number>>;
  /** Customers whose state changed (from `none` included). */
  moved: number;
  total: number;
}

/** Lays migrations out as a from × to table in the given state order, keeping only rows and columns with customers. */
export function migrationMatrix<S extends string>(migrations: readonly Migration<S>[], order: readonly S[]): MigrationMatrix<S> {
  const cells: Record<string, Record<string, number>> = {};
  let moved = 0;
  let total = 0;
  for (const { from, to, customers } of migrations) {
    if (customers <= 0) continue;
    (cells[from] ??= {})[to] = (cells[from]?.[to] ?? 0) + customers;
    total += customers;
    if (from !== to) moved += customers;
  }
  const from = (['none', ...order] as (S | 'none')[]).filter((state) => cells[state] !== undefined);
  const to = order.filter((state) => Object.values(cells).some((row) => (row[state] ?? 0) > 0));
  return { from, to, cells, moved, total };
}

/**
 * The ISO date `months` calendar months before `iso`. A month's last day maps to the last day of the earlier
 * month (2024-04-30 → 2024-01-31), other days are clamped to it (2024-05-30 → 2024-02-29).
 */
export function monthsBefore(iso: string, months: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = lastDayOf(target.getUTCFullYear(), target.getUTCMonth());
  const isMonthEnd = day === lastDayOf(year, month - 1);
  target.setUTCDate(isMonthEnd ? lastDay : Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
