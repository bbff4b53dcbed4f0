// One customer's revenue per period (bars) with the fitted trend line over the trend window and, when the
// trend reversed, the period it turned marked with a rule.
import * as Plot from '@observablehq/plot';
import type { PeriodUnit, TrendChangeKind, TrendLabel } from '../analytics/types.ts';
import { TREND_COLORS, checkWidth, describeChart, formats, periodMiddle, utcDay, type ChartOptions } from './chart-kit.ts';

export interface CustomerSeriesInput {
  /** ISO period starts, oldest first. */
  periods: readonly string[];
  revenue: readonly number[];
  unit: PeriodUnit;
  /** The fitted line, aligned with `periods` (null outside the trend window). */
  fitted: readonly (number | null)[];
  label: TrendLabel;
  change: { period: string; kind: TrendChangeKind } | null;
}

export interface CustomerSeriesLabels {
  title: string;
  revenue: string;
  period: string;
  fitted: string;
  turnedUp: string;
  turnedDown: string;
  describe: (facts: { periods: string; first: string; last: string; total: string; recent: string; fitFrom: string; fitTo: string }) => string;
}

interface Bar {
  start: Date;
  middle: Date;
  revenue: number;
}

export function customerSeries(
  series: CustomerSeriesInput,
  { locale, width, labels }: ChartOptions<CustomerSeriesLabels>,
): SVGElement | HTMLElement {
  checkWidth(width);
  const { periods, revenue, fitted, unit } = series;
  if (revenue.length !== periods.length || fitted.length !== periods.length) {
    throw new RangeError(`revenue and fitted must have one value per period (${periods.length}), got ${revenue.length} and ${fitted.length}`);
  }
  const f = formats(locale);
  const bars: Bar[] = periods.map((period, index) => {
    const start = utcDay(period);
    return { start, middle: periodMiddle(start, unit), revenue: revenue[index]! };
  });
  const line = bars.flatMap((bar, index) => (fitted[index] == null ? [] : [{ middle: bar.middle, value: fitted[index]! }]));
  const total = revenue.reduce((sum, value) => sum + value, 0);
  const recent = revenue.slice(-3);
  const periodName = unit === 'week' ? (date: Date) => f.day(date) : (date: Date) => f.month(date);
  const description = labels.describe({
    periods: f.integer(periods.length),
    first: periods[0] ? periodName(utcDay(periods[0])) : '–',
    last: periods.at(-1) ? periodName(utcDay(periods.at(-1)!)) : '–',
    total: f.money(total),
    recent: recent.length ? f.money(recent.reduce((sum, value) => sum + value, 0) / recent.length) : '–',
    fitFrom: line[0] ? f.money(line[0].value) : '–',
    fitTo: line.at(-1) ? f.money(line.at(-1)!.value) : '–',
  });
  const color = TREND_COLORS[series.label];
  const change = series.change;
  const chart = Plot.plot({
    width,
    height: 280,
    marginLeft: 60,
    marginTop: change ? 28 : 20,
    ariaLabel: labels.title,
    ariaDescription: description,
    // Weekly bars would otherwise get a tick each: label the months instead.
    x: { label: null, tickFormat: f.monthShort, ticks: unit === 'week' ? 'month' : Math.max(2, Math.floor(width / 100)) },
    y: { label: labels.revenue, grid: true, tickFormat: f.compact },
    marks: [
      Plot.rectY(bars, {
        x: 'start',
        interval: unit === 'week' ? 'monday' : 'month',
        y: 'revenue',
        fill: '#9fb3c0',
        insetLeft: 1,
        insetRight: 1,
        channels: { [labels.period]: (bar: Bar) => periodName(bar.start) },
        tip: { format: { [labels.period]: true, x: false, y: f.money } },
      }),
      Plot.ruleY([0]),
      Plot.line(line, { x: 'middle', y: 'value', stroke: color, strokeWidth: 2.5 }),
      Plot.dot(line.slice(-1), { x: 'middle', y: 'value', r: 3.5, fill: color }),
      change ? Plot.ruleX([utcDay(change.period)], { stroke: '#17212b', strokeDasharray: '5 3', strokeWidth: 1.3 }) : null,
      change
        ? Plot.text([utcDay(change.period)], {
            x: (date: Date) => date,
            frameAnchor: 'top',
            dy: -14,
            text: () => (change.kind === 'up_to_down' ? labels.turnedDown : labels.turnedUp),
            fontWeight: 600,
            fill: 'currentColor',
          })
        : null,
    ],
  });
  return describeChart(chart, labels.title, description);
}
