// How many customers carry each trend label: one horizontal bar per label, in the fixed label order,
// with the count at the bar's end and the 12-month revenue in the tip. A click picks the label.
import * as Plot from '@observablehq/plot';
import { TREND_LABELS, type TrendLabel } from '../analytics/types.ts';
import { TREND_COLORS, checkWidth, describeChart, formats, marginFor, type ChartOptions } from './chart-kit.ts';
import { SELECTABLE_CLASS, makeSelectable } from './select.ts';

export interface TrendCount {
  label: TrendLabel;
  customers: number;
  /** Revenue of those customers over the 12 months up to the analysis date. */
  revenue: number;
}

export interface TrendDistributionLabels {
  title: string;
  customers: string;
  revenue: string;
  names: Readonly<Record<TrendLabel, string>>;
  /** The text alternative, from the formatted total and the `name: count` list. */
  describe: (facts: { total: string; parts: string }) => string;
}

/** One bar per trend label (all six, zero bars too, so the layout never jumps). */
export function trendDistribution(
  counts: readonly TrendCount[],
  { locale, width, labels }: ChartOptions<TrendDistributionLabels>,
): SVGElement | HTMLElement {
  checkWidth(width);
  const f = formats(locale);
  const rows: TrendCount[] = TREND_LABELS.map(
    (label) => counts.find((count) => count.label === label) ?? { label, customers: 0, revenue: 0 },
  );
  const total = rows.reduce((sum, row) => sum + row.customers, 0);
  const description = labels.describe({
    total: f.integer(total),
    parts: f.list(rows.map((row) => `${labels.names[row.label]}: ${f.integer(row.customers)}`)),
  });
  const name = (row: TrendCount) => labels.names[row.label];
  const chart = Plot.plot({
    width,
    height: rows.length * 34 + 44,
    marginLeft: marginFor(rows.map(name)),
    marginRight: 48,
    ariaLabel: labels.title,
    ariaDescription: description,
    x: { label: labels.customers, grid: true, tickFormat: f.integer, nice: true },
    y: { domain: rows.map(name), label: null },
    marks: [
      Plot.barX(rows, {
        x: 'customers',
        y: name,
        fill: (row: TrendCount) => TREND_COLORS[row.label],
        className: SELECTABLE_CLASS,
        channels: { [labels.revenue]: (row: TrendCount) => row.revenue },
        tip: {
          format: { x: f.integer, y: true, fill: false, [labels.revenue]: f.money },
        },
      }),
      Plot.text(rows, {
        x: 'customers',
        y: name,
        text: (row: TrendCount) => f.integer(row.customers),
        textAnchor: 'start',
        dx: 5,
        fill: 'currentColor',
      }),
      Plot.ruleX([0]),
    ],
  });
  makeSelectable(chart, rows, { usePointer: true });
  return describeChart(chart, labels.title, description);
}
