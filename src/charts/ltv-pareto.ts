// How concentrated the revenue is (a Lorenz-style Pareto curve): customers ranked by historic value, the
// cumulative share of revenue against the share of customers, with the 80 % mark and the diagonal of an
// even book. A click on the curve picks "the top N customers" up to the pointed rank.
import * as Plot from '@observablehq/plot';
import { checkWidth, describeChart, formats, plainLabel, type ChartOptions } from './chart-kit.ts';
import { SELECTABLE_CLASS, makeSelectable } from './select.ts';

export interface ParetoPoint {
  /** Customers counted so far (the top N by value). */
  customers: number;
  customerShare: number;
  /** Their share of the total net revenue. */
  revenueShare: number;
}

export interface ParetoCurve {
  points: ParetoPoint[];
  total: number;
  /** The fewest top customers whose revenue reaches 80 % of the total; null when the total is not positive. */
  customersFor80: number | null;
  /** Share of revenue of the top 20 % of customers (rounded up to whole customers); null as above. */
  top20Share: number | null;
}

/**
 * The curve through at most `maxPoints` ranks (always the first, the last and the 80 % crossing), for a book of
 * any size. Net values may be negative (returns); such customers come last and bend the curve down.
 */
export function paretoCurve(values: readonly number[], { maxPoints = 400 } = {}): ParetoCurve {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`maxPoints must be an integer ≥ 2, got ${maxPoints}`);
  const sorted = values.filter(Number.isFinite).toSorted((a, b) => b - a);
  const n = sorted.length;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  if (n === 0 || total <= 0) return { points: [], total, customersFor80: null, top20Share: null };
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i]! + sorted[i]!;
  let customersFor80 = n;
  for (let k = 1; k <= n; k++) {
    if (cumulative[k]! >= 0.8 * total - 1e-9 * Math.abs(total)) {
      customersFor80 = k;
      break;
    }
  }
  const top20 = Math.ceil(0.2 * n);
  const step = Math.max(1, Math.ceil(n / (maxPoints - 2)));
  const ranks = new Set<number>([0, n, customersFor80]);
  for (let k = step; k < n; k += step) ranks.add(k);
  const points = [...ranks]
    .sort((a, b) => a - b)
    .map((k) => ({ customers: k, customerShare: k / n, revenueShare: cumulative[k]! / total }));
  return { points, total, customersFor80, top20Share: cumulative[top20]! / total };
}

export interface LtvParetoLabels {
  title: string;
  /** x axis: "Share of customers, most valuable first". */
  customers: string;
  revenue: string;
  /** Annotation at the 80 % crossing, from the formatted customer share. */
  mark80: (facts: { share: string }) => string;
  describe: (facts: { customers: string; total: string; share80: string; count80: string; top20: string }) => string;
}

export function ltvPareto(
  values: readonly number[],
  { locale, width, labels }: ChartOptions<LtvParetoLabels>,
): SVGElement | HTMLElement {
  checkWidth(width);
  const f = formats(locale);
  const curve = paretoCurve(values);
  const n = values.filter(Number.isFinite).length;
  const crossing = curve.points.find((point) => point.customers === curve.customersFor80) ?? null;
  const description = labels.describe({
    customers: f.integer(n),
    total: f.money(curve.total),
    share80: crossing ? f.percent(crossing.customerShare, 1) : '–',
    count80: crossing ? f.integer(crossing.customers) : '–',
    top20: curve.top20Share === null ? '–' : f.percent(curve.top20Share, 1),
  });
  const percent = (share: number) => f.percent(share);
  const chart = Plot.plot({
    width,
    height: 300,
    marginLeft: 48,
    marginRight: 24,
    ariaLabel: labels.title,
    ariaDescription: description,
    x: { label: labels.customers, domain: [0, 1], tickFormat: percent, grid: true },
    y: { label: labels.revenue, domain: [Math.min(0, ...curve.points.map((point) => point.revenueShare)), Math.max(1, ...curve.points.map((point) => point.revenueShare))], tickFormat: percent, grid: true },
    marks: [
      Plot.line([[0, 0], [1, 1]], { stroke: '#8c8c8c', strokeDasharray: '4 4' }),
      Plot.ruleY([0.8], { stroke: '#b07800', strokeDasharray: '6 3' }),
      Plot.areaY(curve.points, { x: 'customerShare', y: 'revenueShare', fill: '#0f8a84', fillOpacity: 0.12 }),
      Plot.line(curve.points, { x: 'customerShare', y: 'revenueShare', stroke: '#0f8a84', strokeWidth: 2.2 }),
      crossing ? Plot.ruleX([crossing.customerShare], { y1: 0, y2: 0.8, stroke: '#b07800', strokeDasharray: '6 3' }) : null,
      crossing ? Plot.dot([crossing], { x: 'customerShare', y: 'revenueShare', r: 4.5, fill: '#b07800' }) : null,
      crossing
        ? Plot.text([crossing], {
            x: 'customerShare',
            y: 'revenueShare',
            text: () => labels.mark80({ share: f.percent(crossing.customerShare, 1) }),
            textAnchor: 'start',
            dx: 8,
            dy: 10,
            fontWeight: 600,
            stroke: 'white',
            strokeWidth: 3,
            fill: 'currentColor',
            paintOrder: 'stroke',
          })
        : null,
      Plot.dot(curve.points, Plot.pointerX({ x: 'customerShare', y: 'revenueShare', r: 5, fill: '#0b6b66', className: SELECTABLE_CLASS })),
      Plot.tip(
        curve.points,
        Plot.pointerX({
          x: 'customerShare',
          y: 'revenueShare',
          channels: {
            [plainLabel(labels.customers)]: (point: ParetoPoint) => `${f.integer(point.customers)} (${f.percent(point.customerShare, 1)})`,
            [plainLabel(labels.revenue)]: (point: ParetoPoint) => f.percent(point.revenueShare, 1),
          },
          format: { [plainLabel(labels.customers)]: true, [plainLabel(labels.revenue)]: true, x: false, y: false },
        }),
      ),
    ],
  });
  makeSelectable(chart, curve.points, { usePointer: true });
  return describeChart(chart, labels.title, description);
}
