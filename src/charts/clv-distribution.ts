// How predicted customer value is spread over the book. Predicted CLV is heavily skewed (a few customers carry
// most of it, many are worth next to nothing), so the histogram's bins follow the 1–2–5 steps of a log scale
// (10–20, 20–50, 50–100, …), with a bin of its own for customers predicted to be worth nothing; the median
// and the mean are marked where they fall. The Pareto curve is the revenue chart's, on predicted CLV.
import * as Plot from '@observablehq/plot';
import type { CustomerPrediction } from '../analytics/value-model.ts';
import { checkWidth, describeChart, formats, quantileSorted, type ChartOptions } from './chart-kit.ts';
import { ltvPareto } from './ltv-pareto.ts';
import { SELECTABLE_CLASS, makeSelectable } from './select.ts';
import { emptyChart, type ClvDistributionLabels, type ClvParetoLabels } from './value-labels.ts';

export type { ClvDistributionLabels, ClvParetoLabels } from './value-labels.ts';
export type { ParetoPoint } from './ltv-pareto.ts';

export interface ClvBin {
  /**
   * `zero`: customers predicted to be worth nothing (CLV ≤ 0); `below`: CLV in (0, to), under the lowest step
   * drawn; `range`: CLV in [from, to).
   */
  kind: 'zero' | 'below' | 'range';
  from: number;
  to: number;
  customers: number;
  /** Their predicted CLV together. */
  clv: number;
  customerIds: string[];
}

const MANTISSAS = [1, 2, 5] as const;
/** Steps below the top edge the histogram goes down to (four decades); smaller values share the `below` bin. */
const MAX_STEPS = 12;

/** The 1–2–5 step with index i: 1, 2, 5 for i = 0, 1, 2; 10, 20, 50 for 3, 4, 5; 0.5 for −1. */
export function stepEdge(i: number): number {
  const k = Math.floor(i / 3);
  return MANTISSAS[i - 3 * k]! * 10 ** k;
}

/** Index of the largest 1–2–5 step ≤ v (v > 0 and finite). */
export function stepAtOrBelow(v: number): number {
  let i = 3 * Math.floor(Math.log10(v)) + 2;
  // log10 may be off by one ulp around powers of ten: settle on the exact step by comparison.
  while (stepEdge(i) > v) i--;
  while (stepEdge(i + 1) <= v) i++;
  return i;
}

/**
 * The histogram's bins, ascending: the zero bin (when some CLV is ≤ 0), the `below` bin (when some positive
 * CLV is under the lowest step), then every 1–2–5 step from the one at or below the smallest positive CLV
 * (but at most four decades under the top) to the first step above the largest, empty steps included so the
 * axis has no gaps. Customers with a non-finite CLV are left out.
 */
export function clvBins(customers: readonly CustomerPrediction[]): ClvBin[] {
  const finite = customers.filter((c) => Number.isFinite(c.predictedClv));
  const positive = finite.filter((c) => c.predictedClv > 0);
  const bins: ClvBin[] = [];
  const zero = finite.filter((c) => c.predictedClv <= 0);
  if (zero.length > 0) bins.push(binOf('zero', 0, 0, zero));
  if (positive.length === 0) return bins;
  let smallest = Number.POSITIVE_INFINITY;
  let largest = 0;
  for (const c of positive) {
    smallest = Math.min(smallest, c.predictedClv);
    largest = Math.max(largest, c.predictedClv);
  }
  const top = stepAtOrBelow(largest) + 1;
  const bottom = Math.max(stepAtOrBelow(smallest), top - MAX_STEPS);
  const below = positive.filter((c) => c.predictedClv < stepEdge(bottom));
  if (below.length > 0) bins.push(binOf('below', 0, stepEdge(bottom), below));
  const members: CustomerPrediction[][] = Array.from({ length: top - bottom }, () => []);
  for (const c of positive) {
    if (c.predictedClv < stepEdge(bottom)) continue;
    members[Math.min(top - 1, stepAtOrBelow(c.predictedClv)) - bottom]!.push(c);
  }
  members.forEach((group, j) => bins.push(binOf('range', stepEdge(bottom + j), stepEdge(bottom + j + 1), group)));
  return bins;
}

function binOf(kind: ClvBin['kind'], from: number, to: number, group: readonly CustomerPrediction[]): ClvBin {
  return {
    kind,
    from,
    to,
    customers: group.length,
    clv: group.reduce((sum, c) => sum + Math.max(0, c.predictedClv), 0),
    customerIds: group.map((c) => c.customerId),
  };
}

/** Where a value sits on the histogram's axis, in bins: bin j spans [j, j + 1], range bins on a log scale. */
export function binPosition(bins: readonly ClvBin[], value: number): number {
  for (let j = 0; j < bins.length; j++) {
    const bin = bins[j]!;
    if (bin.kind === 'zero' && value <= 0) return j + 0.5;
    if (bin.kind === 'below' && value > 0 && value < bin.to) return j + 0.5;
    if (bin.kind === 'range' && value >= bin.from && (value < bin.to || j === bins.length - 1)) {
      return j + Math.min(1, Math.log(value / bin.from) / Math.log(bin.to / bin.from));
    }
  }
  return 0;
}

/**
 * The histogram of predicted CLV with its median and mean marked; a click picks the bin (its customers).
 * With no customer, an empty frame that says so (`labels.empty`).
 */
export function clvDistribution(
  customers: readonly CustomerPrediction[],
  { locale, width, labels }: ChartOptions<ClvDistributionLabels>,
): SVGElement | HTMLElement {
  checkWidth(width);
  const bins = clvBins(customers);
  if (bins.length === 0) return emptyChart(width, labels.title, labels.empty);
  const f = formats(locale);
  const edge = new Intl.NumberFormat(locale, { notation: 'compact', maximumSignificantDigits: 2 });
  const rangeName = (bin: ClvBin) =>
    bin.kind === 'zero' ? edge.format(0) : bin.kind === 'below' ? `< ${edge.format(bin.to)}` : `${edge.format(bin.from)}–${edge.format(bin.to)}`;

  const values = customers
    .map((c) => c.predictedClv)
    .filter(Number.isFinite)
    .map((v) => Math.max(0, v))
    .sort((a, b) => a - b);
  const total = values.reduce((sum, v) => sum + v, 0);
  const median = quantileSorted(values, 0.5);
  const mean = total / values.length;
  const peak = bins.reduce((best, bin) => (bin.customers > best.customers ? bin : best), bins[0]!);
  const description = labels.describe({
    customers: f.integer(values.length),
    total: f.money(total),
    median: f.money(median),
    mean: f.money(mean),
    zero: f.integer(bins.find((bin) => bin.kind === 'zero')?.customers ?? 0),
    peak: rangeName(peak),
    peakCustomers: f.integer(peak.customers),
  });

  // Ticks: "0" under the zero bin, the step edges between range bins; when space is short only the decades
  // and the lowest step (the upper end of the `below` bin) keep their label.
  const ticks: { position: number; label: string; keep: boolean }[] = [];
  const rangeTick = (position: number, value: number) => {
    const i = stepAtOrBelow(value);
    ticks.push({ position, label: edge.format(value), keep: ((i % 3) + 3) % 3 === 0 });
  };
  bins.forEach((bin, j) => {
    if (bin.kind === 'zero') ticks.push({ position: j + 0.5, label: edge.format(0), keep: true });
    if (bin.kind === 'range') rangeTick(j, bin.from);
    if (bin.kind === 'range' && bins[j - 1]?.kind === 'below') ticks.at(-1)!.keep = true;
  });
  if (bins.at(-1)!.kind === 'range') rangeTick(bins.length, bins.at(-1)!.to);
  const shown = ticks.length <= Math.max(2, Math.floor(width / 48)) ? ticks : ticks.filter((tick) => tick.keep);
  const tickLabels = new Map(shown.map((tick) => [tick.position, tick.label]));
  const maxCount = peak.customers;
  const markers = [
    { value: median, text: labels.median({ value: f.money(median) }), stroke: '#b07800' },
    { value: mean, text: labels.mean({ value: f.money(mean) }), stroke: '#aa4499' },
  ].map((mark) => ({ ...mark, position: binPosition(bins, mark.value) }));
  // Median and mean labels on two lines above the bars, each reading away from the nearer side of the chart.
  const chart = Plot.plot({
    width,
    height: 280,
    marginLeft: 48,
    marginRight: 24,
    marginTop: 46,
    ariaLabel: labels.title,
    ariaDescription: description,
    x: {
      type: 'linear',
      domain: [0, bins.length],
      ticks: [...tickLabels.keys()],
      tickFormat: (position: number) => tickLabels.get(position) ?? '',
      label: labels.clv,
    },
    y: { label: labels.customers, grid: true, ticks: Math.min(5, maxCount), tickFormat: f.integer, domain: [0, maxCount] },
    marks: [
      Plot.rectY(bins, {
        x1: (_bin: ClvBin, j: number) => j + 0.04,
        x2: (_bin: ClvBin, j: number) => j + 0.96,
        y: 'customers',
        fill: (bin: ClvBin) => (bin.kind === 'zero' ? '#8c8c8c' : '#0f8a84'),
        className: SELECTABLE_CLASS,
        channels: { [labels.clv]: rangeName, [labels.customers]: 'customers', [labels.total]: 'clv' },
        tip: { format: { x1: false, x2: false, y: false, fill: false, [labels.clv]: true, [labels.customers]: f.integer, [labels.total]: f.money } },
      }),
      Plot.ruleY([0]),
      Plot.ruleX(markers, { x: 'position', stroke: 'stroke', strokeWidth: 1.8, strokeDasharray: '5 3' }),
      ...markers.map((mark, j) =>
        Plot.text([mark], {
          x: 'position',
          frameAnchor: 'top',
          dy: j === 0 ? -20 : -7,
          text: 'text',
          textAnchor: mark.position < 0.6 * bins.length ? 'start' : 'end',
          dx: mark.position < 0.6 * bins.length ? 4 : -4,
          fill: mark.stroke,
          fontWeight: 600,
        }),
      ),
    ],
  });
  makeSelectable(chart, bins, { usePointer: true });
  return describeChart(chart, labels.title, description);
}

/**
 * Cumulative share of predicted CLV against the share of customers, most valuable first, with the 80 % mark:
 * the revenue Pareto chart (ltv-pareto.ts) on predicted value. A click picks the top N customers (ParetoPoint).
 * With no customer, or none predicted to be worth anything, an empty frame that says which.
 */
export function clvPareto(
  customers: readonly CustomerPrediction[],
  { locale, width, labels }: ChartOptions<ClvParetoLabels>,
): SVGElement | HTMLElement {
  checkWidth(width);
  const values = customers.map((c) => c.predictedClv).filter(Number.isFinite);
  if (values.length === 0) return emptyChart(width, labels.title, labels.empty);
  if (!values.some((v) => v > 0)) return emptyChart(width, labels.title, labels.noValue);
  const { title, customers: customerAxis, clv, mark80, describe } = labels;
  return ltvPareto(values, { locale, width, labels: { title, customers: customerAxis, revenue: clv, mark80, describe } });
}
