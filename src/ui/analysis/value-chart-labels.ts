// The texts of the predicted-value charts in the interface language (the P(alive) heatmap, the CLV histogram
// and Pareto curve, the holdout tracking chart and frequency bars). Called inside components, so reading the
// language (through t) makes the charts redraw when the user switches it.
import type { ClvDistributionLabels, ClvParetoLabels } from '../../charts/clv-distribution.ts';
import type { PAliveHeatmapLabels } from '../../charts/p-alive-heatmap.ts';
import type { FrequencyBarsLabels, TrackingLabels } from '../../charts/tracking.ts';
import { plural, t } from '../../i18n/index.ts';

export function pAliveHeatmapLabels(): PAliveHeatmapLabels {
  return {
    title: t('value.charts.heatmapTitle'),
    frequency: t('value.charts.heatmapFrequency'),
    recency: t('value.charts.heatmapRecency'),
    pAlive: t('value.charts.heatmapPAlive'),
    customers: t('charts.customers'),
    method: t('value.charts.method'),
    methods: {
      bgnbd: t('value.charts.methods.bgnbd'),
      one_time_heuristic: t('value.charts.methods.one_time_heuristic'),
      recency_heuristic: t('value.charts.methods.recency_heuristic'),
    },
    heuristicNote: (facts) => t('value.charts.heatmapNote', facts),
    describe: (facts) => t('value.charts.heatmapDescribe', facts),
    empty: t('value.charts.empty'),
  };
}

export function clvDistributionLabels(horizonMonths: number): ClvDistributionLabels {
  return {
    title: t('value.charts.clvTitle'),
    clv: t('value.charts.clvAxis', { span: plural('value.nextMonths', horizonMonths) }),
    customers: t('charts.customers'),
    total: t('value.charts.clvTotal'),
    median: (facts) => t('value.charts.clvMedian', facts),
    mean: (facts) => t('value.charts.clvMean', facts),
    describe: (facts) => t('value.charts.clvDescribe', facts),
    empty: t('value.charts.empty'),
  };
}

export function clvParetoLabels(): ClvParetoLabels {
  return {
    title: t('value.charts.paretoTitle'),
    customers: t('value.charts.paretoCustomers'),
    clv: t('value.charts.paretoClv'),
    mark80: (facts) => t('value.charts.paretoMark', facts),
    describe: (facts) => t('value.charts.paretoDescribe', facts),
    empty: t('value.charts.empty'),
    noValue: t('value.charts.paretoNoValue'),
  };
}

export function trackingLabels(): TrackingLabels {
  return {
    title: t('value.charts.trackingTitle'),
    purchases: t('value.charts.trackingPurchases'),
    period: t('value.charts.period'),
    actual: t('value.charts.actual'),
    predicted: t('value.charts.predicted'),
    calibration: t('value.charts.calibration'),
    holdout: t('value.charts.holdout'),
    describe: (facts) => t('value.charts.trackingDescribe', facts),
    empty: t('value.charts.trackingEmpty'),
  };
}

export function frequencyBarsLabels(): FrequencyBarsLabels {
  return {
    title: t('value.charts.barsTitle'),
    frequency: t('value.charts.barsFrequency'),
    mean: t('value.charts.barsMean'),
    customers: t('charts.customers'),
    actual: t('value.charts.actual'),
    predicted: t('value.charts.predicted'),
    describe: (facts) => t('value.charts.barsDescribe', facts),
    empty: t('value.charts.barsEmpty'),
  };
}
