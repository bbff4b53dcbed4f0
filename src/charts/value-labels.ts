// The texts of the predicted-value charts (P(alive) heatmap, CLV distribution and Pareto, holdout tracking),
// which the interface passes in the reader's language, and the empty state those charts share: a frame that
// says in words why there is nothing to draw, instead of axes around no data.
import * as Plot from '@observablehq/plot';
import type { PAliveMethod } from '../analytics/value-model.ts';
import { checkWidth, describeChart } from './chart-kit.ts';

export interface PAliveHeatmapLabels {
  title: string;
  /** x axis: "Repeat purchases". */
  frequency: string;
  /** y axis: "Last purchase, share of time as customer". */
  recency: string;
  /** Colour legend and tip row: "Mean P(alive)". */
  pAlive: string;
  customers: string;
  /** Tip row naming where the cell's P(alive) comes from: "Method". */
  method: string;
  methods: Readonly<Record<PAliveMethod, string>>;
  /** Caption under the chart when some cells (drawn dashed) hold P(alive) values from a rule of thumb. */
  heuristicNote: (facts: { methods: string }) => string;
  /**
   * The text alternative. `columns` lists each frequency bin as `bin: customers, mean`; `heuristicCustomers`
   * counts the customers whose P(alive) is not BG/NBD's own, `methods` names the methods in use.
   */
  describe: (facts: { customers: string; mean: string; columns: string; heuristicCustomers: string; methods: string }) => string;
  /** Shown (and read) instead of the chart when there is no customer. */
  empty: string;
}

export interface ClvDistributionLabels {
  title: string;
  /** x axis: "Predicted value, 12 months". */
  clv: string;
  customers: string;
  /** Tip row: the predicted value of the bin's customers together. */
  total: string;
  median: (facts: { value: string }) => string;
  mean: (facts: { value: string }) => string;
  /** `peak` is the busiest bin's range, e.g. `100–200`; `zero` counts customers with no predicted value. */
  describe: (facts: { customers: string; total: string; median: string; mean: string; zero: string; peak: string; peakCustomers: string }) => string;
  empty: string;
}

export interface ClvParetoLabels {
  title: string;
  /** x axis: "Share of customers, most valuable first". */
  customers: string;
  /** y axis: "Share of predicted value". */
  clv: string;
  mark80: (facts: { share: string }) => string;
  describe: (facts: { customers: string; total: string; share80: string; count80: string; top20: string }) => string;
  /** No customer at all. */
  empty: string;
  /** Customers, but none with a predicted value above zero: there is nothing to rank. */
  noValue: string;
}

export interface TrackingLabels {
  title: string;
  /** y axis: "Repeat purchases, cumulative". */
  purchases: string;
  period: string;
  actual: string;
  predicted: string;
  /** Texts either side of the rule at the calibration end. */
  calibration: string;
  holdout: string;
  /**
   * The text alternative, with the holdout totals of the check (`predicted`, `actual`, `error` signed, e.g.
   * `−4%`, or `–` without holdout purchases), the number of `periods` and the `calibrationEnd` date.
   */
  describe: (facts: { periods: string; holdoutPeriods: string; calibrationEnd: string; predicted: string; actual: string; error: string }) => string;
  empty: string;
}

export interface FrequencyBarsLabels {
  title: string;
  /** x axis: "Purchases in the calibration period". */
  frequency: string;
  /** y axis: "Mean purchases in the holdout". */
  mean: string;
  customers: string;
  actual: string;
  predicted: string;
  /** `rows` lists each frequency as `x: actual a, predicted p` in the language's numbers. */
  describe: (facts: { customers: string; predicted: string; actual: string; error: string; rows: string }) => string;
  empty: string;
}

/** A chart-sized frame that states `text` (also its text alternative) where a chart has nothing to draw. */
export function emptyChart(width: number, title: string, text: string, { height = 160 } = {}): SVGElement | HTMLElement {
  checkWidth(width);
  const chart = Plot.plot({
    width,
    height,
    ariaLabel: title,
    ariaDescription: text,
    marks: [
      Plot.frame({ stroke: '#c8c8c8', strokeDasharray: '4 4' }),
      Plot.text([text], { text: (line: string) => line, frameAnchor: 'middle', fontSize: 13, fill: '#4d4d4d', lineWidth: Math.floor(width / 8) }),
    ],
  });
  chart.classList.add('ciclo-empty');
  return describeChart(chart, title, text);
}

/** A relative change as a signed percentage in the reader's language (`-4%`, `+12%`), or `–` for null. */
export function signedPercent(locale: string, change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '–';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(change);
}
