// The texts of each chart in the interface language. Called inside components, so reading the language
// (through t) makes the charts redraw when the user switches it.
import { STAGES, TREND_LABELS, type PeriodUnit, type Stage, type TrendLabel } from '../../analytics/types.ts';
import type { TrendDistributionLabels } from '../../charts/trend-distribution.ts';
import type { SlopeVsRevenueLabels } from '../../charts/slope-vs-revenue.ts';
import type { StageFlowLabels } from '../../charts/stage-flow.ts';
import type { CohortHeatmapLabels } from '../../charts/cohort-heatmap.ts';
import type { LtvParetoLabels } from '../../charts/ltv-pareto.ts';
import type { CustomerSeriesLabels } from '../../charts/customer-series.ts';
import type { CategoriesOverTimeLabels } from '../../charts/categories-over-time.ts';
import type { OrderTimelineLabels } from '../../charts/order-timeline.ts';
import { t } from '../../i18n/index.ts';

export function trendNames(): Record<TrendLabel, string> {
  return Object.fromEntries(TREND_LABELS.map((label) => [label, t(`trend.${label}`)])) as Record<TrendLabel, string>;
}

export function stageNames(): Record<Stage, string> {
  return Object.fromEntries(STAGES.map((stage) => [stage, t(`stage.${stage}`)])) as Record<Stage, string>;
}

export function trendDistributionLabels(): TrendDistributionLabels {
  return {
    title: t('charts.trendTitle'),
    customers: t('charts.customers'),
    revenue: t('charts.revenue12'),
    names: trendNames(),
    describe: (facts) => t('charts.trendDescribe', facts),
  };
}

export function slopeVsRevenueLabels(unit: PeriodUnit): SlopeVsRevenueLabels {
  return {
    title: t('charts.slopeTitle'),
    slope: t(unit === 'week' ? 'charts.slopeAxisWeek' : 'charts.slopeAxisMonth'),
    revenue: t('charts.slopeRevenueAxis'),
    customer: t('charts.customer'),
    trend: t('charts.trend'),
    slopeUnit: t(unit === 'week' ? 'charts.slopeUnitWeek' : 'charts.slopeUnitMonth'),
    names: trendNames(),
    describe: (facts) => t('charts.slopeDescribe', facts),
  };
}

export function stageFlowLabels(): StageFlowLabels {
  return {
    title: t('charts.stageTitle'),
    customers: t('charts.customers'),
    month: t('charts.month'),
    stage: t('charts.stage'),
    names: stageNames(),
    describe: (facts) => t('charts.stageDescribe', facts),
  };
}

export function cohortHeatmapLabels(): CohortHeatmapLabels {
  return {
    title: t('charts.cohortTitle'),
    age: t('charts.cohortAge'),
    cohort: t('charts.cohort'),
    retention: t('charts.cohortRetention'),
    customers: t('charts.customers'),
    revenue: t('charts.revenue'),
    describe: (facts) => t('charts.cohortDescribe', facts),
  };
}

export function ltvParetoLabels(): LtvParetoLabels {
  return {
    title: t('charts.paretoTitle'),
    customers: t('charts.paretoCustomers'),
    revenue: t('charts.paretoRevenue'),
    mark80: (facts) => t('charts.paretoMark', facts),
    describe: (facts) => t('charts.paretoDescribe', facts),
  };
}

export function customerSeriesLabels(unit: PeriodUnit): CustomerSeriesLabels {
  return {
    title: t(unit === 'week' ? 'charts.seriesTitleWeek' : 'charts.seriesTitleMonth'),
    revenue: t('charts.revenue'),
    period: t(unit === 'week' ? 'charts.week' : 'charts.month'),
    fitted: t('charts.fitted'),
    turnedUp: t('trend.turnedUp'),
    turnedDown: t('trend.turnedDown'),
    describe: (facts) => t('charts.seriesDescribe', facts),
  };
}

export function categoriesOverTimeLabels(): CategoriesOverTimeLabels {
  return {
    title: t('customer.categoriesTitle'),
    revenue: t('charts.revenue'),
    month: t('charts.month'),
    category: t('charts.category'),
    other: t('charts.other'),
    describe: (facts) => t('charts.categoriesDescribe', facts),
  };
}

export function orderTimelineLabels(): OrderTimelineLabels {
  return {
    title: t('charts.ordersTitle'),
    amount: t('charts.amount'),
    date: t('charts.date'),
    order: t('charts.order'),
    items: t('charts.items'),
    describe: (facts) => t('charts.ordersDescribe', facts),
  };
}

const FUNNEL_RULE_IDS = new Set([
  'first_order_recently',
  'stopped_ordering',
  'came_back_after_a_lapse',
  'overdue_for_the_next_order',
  'spending_less',
  'buying_fewer_categories',
  'established_broad_and_not_shrinking',
  'in_the_first_year',
  'spending_more',
  'buying_more_categories',
  'established_and_steady',
] as const);
type FunnelRuleId = typeof FUNNEL_RULE_IDS extends Set<infer K> ? K : never;

/** A funnel rule in words; a rule the catalogs do not know yet shows its English id. */
export function funnelRuleText(id: string): string {
  return FUNNEL_RULE_IDS.has(id as FunnelRuleId) ? t(`funnel.rules.${id as FunnelRuleId}`) : id.replaceAll('_', ' ');
}
