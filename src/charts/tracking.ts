// The forecast-accuracy check a reader can see: the purchase model fitted on the calibration period against
// what customers actually did, drawn as in Fader, Hardie & Lee (2005) — the cumulative tracking chart
// (Figure 3: expected vs actual repeat purchases period by period, the calibration end marked) and the
// conditional-expectation bars (Figure 4: mean holdout purchases by calibration frequency, actual vs predicted).
import * as Plot from '@observablehq/plot';
import type { FrequencyRow, HoldoutReport, TrackingPoint } from '../analytics/holdout.ts';
import { checkWidth, describeChart, formats, type ChartOptions } from './chart-kit.ts';
import { SELECTABLE_CLASS, makeSelectable } from './select.ts';
import { emptyChart, signedPercent, type FrequencyBarsLabels, type TrackingLabels } from './value-labels.ts';

export type { FrequencyBarsLabels, TrackingLabels } from './value-labels.ts';

/** Actual purchases dark grey and solid, the model's blue and dashed, in both charts. */
export const HOLDOUT_COLORS = { actual: '#4d4d4d', predicted: '#0072b2' } as const;

const DAY_MS = 86_400_000;
const dayDate = (day: number) => new Date(day * DAY_MS);

/**
 * Cumulative repeat purchases per period, expected (dashed) against actual (solid), the holdout shaded and the
 * calibration end marked with a rule and its two names. The pointer picks a period (TrackingPoint) for a click.
 * The text alternative gives the holdout totals of the check and the relative error.
 */
export function trackingChart(report: HoldoutReport, { locale, width, labels }: ChartOptions<TrackingLabels>): SVGElement | HTMLElement {
  checkWidth(width);
  const points = report.tracking.filter((point) => Number.isFinite(point.expectedCumulative) && Number.isFinite(point.actualCumulative));
  if (points.length === 0) return emptyChart(width, labels.title, labels.empty);
  const f = formats(locale);
  const calibrationEnd = dayDate(report.calibrationEndDay);
  const description = labels.describe({
    periods: f.integer(points.length),
    holdoutPeriods: f.integer(points.filter((point) => point.isHoldout).length),
    calibrationEnd: f.day(calibrationEnd),
    predicted: f.integer(report.predictedRepeatPurchases),
    actual: f.integer(report.actualRepeatPurchases),
    error: signedPercent(locale, report.relativeError),
  });

  const date = (point: TrackingPoint) => dayDate(point.endDay);
  const first = date(points[0]!);
  const last = date(points.at(-1)!);
  const spanDays = (last.getTime() - first.getTime()) / DAY_MS;
  const shortDay = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const tick = spanDays >= 120 ? f.monthShort : (value: Date) => shortDay.format(value);
  const top = Math.max(1, ...points.map((point) => Math.max(point.expectedCumulative, point.actualCumulative)));
  const boundaryText = { frameAnchor: 'top', dy: 4, fontSize: 11, fill: '#4d4d4d' } as const;
  const chart = Plot.plot({
    width,
    height: 300,
    marginLeft: 56,
    marginRight: 20,
    ariaLabel: labels.title,
    ariaDescription: description,
    x: { type: 'utc', label: null, tickFormat: tick, ticks: Math.max(2, Math.floor(width / 90)) },
    y: { label: labels.purchases, grid: true, tickFormat: f.integer, domain: [0, top], nice: true },
    color: { domain: [labels.actual, labels.predicted], range: [HOLDOUT_COLORS.actual, HOLDOUT_COLORS.predicted], legend: true },
    marks: [
      last > calibrationEnd ? Plot.rect([{ from: calibrationEnd, to: last }], { x1: 'from', x2: 'to', fill: '#f1f1f1' }) : null,
      Plot.ruleY([0]),
      Plot.ruleX([calibrationEnd], { stroke: '#4d4d4d', strokeDasharray: '2 3' }),
      Plot.text([calibrationEnd], { ...boundaryText, x: (d: Date) => d, text: () => `${labels.calibration} ←`, textAnchor: 'end', dx: -6 }),
      Plot.text([calibrationEnd], { ...boundaryText, x: (d: Date) => d, text: () => `→ ${labels.holdout}`, textAnchor: 'start', dx: 6 }),
      Plot.line(points, { x: date, y: 'actualCumulative', stroke: () => labels.actual, strokeWidth: 2 }),
      Plot.line(points, { x: date, y: 'expectedCumulative', stroke: () => labels.predicted, strokeWidth: 2, strokeDasharray: '6 4' }),
      Plot.dot(points, Plot.pointerX({ x: date, y: 'actualCumulative', r: 4.5, fill: HOLDOUT_COLORS.actual, className: SELECTABLE_CLASS })),
      Plot.tip(
        points,
        Plot.pointerX({
          x: date,
          y: 'actualCumulative',
          channels: {
            [labels.period]: (point: TrackingPoint) => `${f.integer(point.period)} · ${f.day(date(point))}`,
            [labels.actual]: (point: TrackingPoint) => `${f.integer(point.actualCumulative)} (+${f.integer(point.actual)})`,
            [labels.predicted]: (point: TrackingPoint) => `${f.integer(point.expectedCumulative)} (+${f.integer(point.expected)})`,
          },
          format: { x: false, y: false, [labels.period]: true, [labels.actual]: true, [labels.predicted]: true },
        }),
      ),
    ],
  });
  makeSelectable(chart, points, { usePointer: true });
  return describeChart(chart, labels.title, description);
}

/** One bar of the frequency chart: a calibration frequency's actual or predicted mean holdout purchases. */
export interface FrequencyBar {
  frequency: number;
  /** The row holds this frequency and above (`7+`). */
  isOpenEnded: boolean;
  series: 'actual' | 'predicted';
  mean: number;
  customers: number;
}

/** The bars in drawing order: for each frequency row, actual then predicted (a row without customers gives 0s). */
export function frequencyBarData(rows: readonly FrequencyRow[]): FrequencyBar[] {
  return rows.flatMap((row) =>
    (['actual', 'predicted'] as const).map((series) => {
      const mean = series === 'actual' ? row.actualMean : row.predictedMean;
      return { frequency: row.frequency, isOpenEnded: row.isOpenEnded, series, mean: Number.isFinite(mean) ? mean : 0, customers: row.customers };
    }),
  );
}

/**
 * Mean repeat purchases in the holdout per calibration frequency (0, 1, …, 7+), actual beside predicted. A
 * click picks the bar (FrequencyBar). The text alternative gives the totals, the relative error and every row.
 */
export function frequencyBars(report: HoldoutReport, { locale, width, labels }: ChartOptions<FrequencyBarsLabels>): SVGElement | HTMLElement {
  checkWidth(width);
  if (report.calibrationCustomers === 0 || report.byFrequency.every((row) => row.customers === 0)) {
    return emptyChart(width, labels.title, labels.empty);
  }
  const f = formats(locale);
  const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const rows = report.byFrequency;
  const bars = frequencyBarData(rows);
  const rowName = (row: { frequency: number; isOpenEnded: boolean }) => `${f.integer(row.frequency)}${row.isOpenEnded ? '+' : ''}`;
  const seriesName = (bar: FrequencyBar) => (bar.series === 'actual' ? labels.actual : labels.predicted);
  const description = labels.describe({
    customers: f.integer(report.calibrationCustomers),
    predicted: f.integer(report.predictedRepeatPurchases),
    actual: f.integer(report.actualRepeatPurchases),
    error: signedPercent(locale, report.relativeError),
    rows: f.list(
      rows.map((row) => `${rowName(row)}: ${labels.actual} ${decimal.format(row.actualMean)}, ${labels.predicted} ${decimal.format(row.predictedMean)}`),
    ),
  });
  // A linear axis with each row at [i, i + 1]: actual on the left half, predicted on the right.
  const left = (_bar: FrequencyBar, j: number) => Math.floor(j / 2) + (j % 2 === 0 ? 0.12 : 0.5);
  const right = (_bar: FrequencyBar, j: number) => Math.floor(j / 2) + (j % 2 === 0 ? 0.5 : 0.88);
  const names = new Map(rows.map((row, i) => [i + 0.5, rowName(row)]));
  const chart = Plot.plot({
    width,
    height: 280,
    marginLeft: 48,
    marginRight: 16,
    ariaLabel: labels.title,
    ariaDescription: description,
    x: {
      type: 'linear',
      domain: [0, rows.length],
      ticks: [...names.keys()],
      tickFormat: (position: number) => names.get(position) ?? '',
      tickSize: 0,
      label: labels.frequency,
    },
    y: { label: labels.mean, grid: true, nice: true },
    color: { domain: [labels.actual, labels.predicted], range: [HOLDOUT_COLORS.actual, HOLDOUT_COLORS.predicted], legend: true },
    marks: [
      Plot.rectY(bars, {
        x1: left,
        x2: right,
        y: 'mean',
        fill: seriesName,
        className: SELECTABLE_CLASS,
        channels: { [labels.frequency]: rowName, [labels.customers]: 'customers' },
        tip: {
          format: { x1: false, x2: false, y: (mean: number) => decimal.format(mean), fill: true, [labels.frequency]: true, [labels.customers]: f.integer },
        },
      }),
      Plot.ruleY([0]),
    ],
  });
  makeSelectable(chart, bars, { usePointer: true });
  return describeChart(chart, labels.title, description);
}
