// Where the money moves: each customer with a trend is a dot at its revenue slope (%/period, x) and its
// 12-month revenue (log scale, y), coloured by trend label; the customers whose revenue moved most in money
// are named. Extreme slopes are drawn at the edge (clamped) so a few outliers do not squash the rest.
import * as Plot from '@observablehq/plot';
import { TREND_LABELS, type TrendLabel } from '../analytics/types.ts';
import { TREND_COLORS, checkWidth, describeChart, formats, plainLabel, quantileSorted, type ChartOptions } from './chart-kit.ts';
import { SELECTABLE_CLASS, makeSelectable } from './select.ts';

export interface SlopePoint {
  customerId: string;
  name: string | null;
  label: TrendLabel;
  /** Revenue slope, % per period. */
  slopePct: number;
  /** Revenue over the 12 months up to the analysis date. */
  trailing12: number;
  /** Recent revenue per period minus the baseline: the money behind the label. */
  deltaPerPeriod: number;
}

export interface SlopeVsRevenueLabels {
  title: string;
  /** x axis, e.g. "Revenue trend (% per month)". */
  slope: string;
  /** y axis, e.g. "Revenue, last 12 months (log scale)". */
  revenue: string;
  customer: string;
  trend: string;
  /** The unit written after a slope, e.g. "%/month". */
  slopeUnit: string;
  names: Readonly<Record<TrendLabel, string>>;
  describe: (facts: { plotted: string; rising: string; falling: string; movers: string }) => string;
}

/** The `count` up- and downtraders whose revenue per period changed most in money, biggest first. */
export function biggestMovers(points: readonly SlopePoint[], count = 6): SlopePoint[] {
  return points
    .filter((point) => point.label === 'uptrader' || point.label === 'downtrader')
    .toSorted((a, b) => Math.abs(b.deltaPerPeriod) - Math.abs(a.deltaPerPeriod))
    .slice(0, count);
}

/** Dots drawn at most: beyond this an SVG scatter gets slow to draw and to hover. */
export const MAX_DOTS = 4000;

/**
 * At most `max` points for drawing: every up- and downtrader first (the biggest in 12-month revenue if even they
 * are too many), then an even spread of the others in their given order. The text alternative still counts all.
 */
export function thinPoints(points: readonly SlopePoint[], max: number = MAX_DOTS): SlopePoint[] {
  if (points.length <= max) return [...points];
  const isMover = (point: SlopePoint) => point.label === 'uptrader' || point.label === 'downtrader';
  const movers = points.filter(isMover).toSorted((a, b) => b.trailing12 - a.trailing12).slice(0, max);
  const others = points.filter((point) => !isMover(point));
  const room = max - movers.length;
  const step = others.length / Math.max(1, room);
  const spread = room > 0 ? Array.from({ length: Math.min(room, others.length) }, (_, i) => others[Math.floor(i * step)]!) : [];
  return [...movers, ...spread];
}

const shortName = (point: SlopePoint) => {
  const name = point.name ?? point.customerId;
  return name.length > 22 ? `${name.slice(0, 21)}…` : name;
};

/** A scatter of slope against revenue; only customers with a slope and positive 12-month revenue can be placed. */
export function slopeVsRevenue(
  points: readonly SlopePoint[],
  { locale, width, labels }: ChartOptions<SlopeVsRevenueLabels>,
): SVGElement | HTMLElement {
  checkWidth(width);
  const f = formats(locale);
  const plotted = points.filter((point) => Number.isFinite(point.slopePct) && point.trailing12 > 0);
  const movers = biggestMovers(plotted);
  const slopes = plotted.map((point) => point.slopePct).sort((a, b) => a - b);
  // 1st to 99th percentile, always with 0 inside.
  const low = Math.min(-1, quantileSorted(slopes, 0.01) || 0);
  const high = Math.max(1, quantileSorted(slopes, 0.99) || 0);
  const description = labels.describe({
    plotted: f.integer(plotted.length),
    rising: f.integer(plotted.filter((point) => point.label === 'uptrader').length),
    falling: f.integer(plotted.filter((point) => point.label === 'downtrader').length),
    movers: f.list(movers.map((point) => `${point.name ?? point.customerId} (${f.signedPct(point.slopePct)} ${labels.slopeUnit})`)),
  });
  const present = TREND_LABELS.filter((label) => plotted.some((point) => point.label === label));
  const drawn = thinPoints(plotted);
  const chart = Plot.plot({
    width,
    height: 360,
    marginLeft: 56,
    marginRight: 20,
    ariaLabel: labels.title,
    ariaDescription: description,
    x: { label: labels.slope, domain: [low, high], clamp: true, grid: true, tickFormat: f.signedPct, nice: true },
    y: { type: 'log', label: labels.revenue, grid: true, tickFormat: f.compact },
    color: {
      domain: present.map((label) => labels.names[label]),
      range: present.map((label) => TREND_COLORS[label]),
      legend: true,
      label: labels.trend,
    },
    marks: [
      Plot.ruleX([0], { stroke: '#8c8c8c' }),
      Plot.dot(drawn, {
        x: 'slopePct',
        y: 'trailing12',
        fill: (point: SlopePoint) => labels.names[point.label],
        r: 3.5,
        fillOpacity: 0.75,
        stroke: 'white',
        strokeWidth: 0.6,
        className: SELECTABLE_CLASS,
        channels: {
          [labels.customer]: (point: SlopePoint) => point.name ?? point.customerId,
          [plainLabel(labels.slope)]: (point: SlopePoint) => `${f.signedPct(point.slopePct)} ${labels.slopeUnit}`,
          [plainLabel(labels.revenue)]: (point: SlopePoint) => f.money(point.trailing12),
        },
        tip: {
          format: { [labels.customer]: true, [plainLabel(labels.slope)]: true, [plainLabel(labels.revenue)]: true, x: false, y: false, fill: true },
        },
      }),
      Plot.dot(movers, { x: 'slopePct', y: 'trailing12', r: 5, stroke: 'currentColor', strokeWidth: 1.2 }),
      Plot.text(movers, {
        x: 'slopePct',
        y: 'trailing12',
        text: shortName,
        dy: -10,
        fontWeight: 600,
        stroke: 'white',
        strokeWidth: 3,
        fill: 'currentColor',
        paintOrder: 'stroke',
      }),
    ],
  });
  makeSelectable(chart, drawn, { usePointer: true });
  return describeChart(chart, labels.title, description);
}
