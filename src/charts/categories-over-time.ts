// What one customer bought over time: revenue per month stacked by product category. The biggest
// categories keep their own colour; the rest are grouped as "other" so the legend stays readable.
import * as Plot from '@observablehq/plot';
import { checkWidth, describeChart, formats, utcDay, type ChartOptions } from './chart-kit.ts';

export interface CategoryMonth {
  /** ISO first day of the month. */
  month: string;
  category: string;
  revenue: number;
}

export interface CategoriesOverTimeLabels {
  title: string;
  revenue: string;
  month: string;
  category: string;
  other: string;
  describe: (facts: { categories: string; first: string; last: string; top: string }) => string;
}

/** Keeps the `keep` categories with the most revenue and sums the others under `other`, per month. */
export function groupCategories(rows: readonly CategoryMonth[], keep: number, other: string): { rows: CategoryMonth[]; order: string[] } {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be an integer ≥ 1, got ${keep}`);
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.category, (totals.get(row.category) ?? 0) + row.revenue);
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([category]) => category);
  const kept = ranked.length <= keep + 1 ? ranked : ranked.slice(0, keep);
  const keptSet = new Set(kept);
  const merged = new Map<string, CategoryMonth>();
  for (const row of rows) {
    const category = keptSet.has(row.category) ? row.category : other;
    const key = `${row.month}|${category}`;
    const entry = merged.get(key);
    if (entry) entry.revenue += row.revenue;
    else merged.set(key, { month: row.month, category, revenue: row.revenue });
  }
  const order = kept.length < ranked.length ? [...kept, other] : kept;
  return { rows: [...merged.values()].sort((a, b) => a.month.localeCompare(b.month)), order };
}

export function categoriesOverTime(
  categoryMonths: readonly CategoryMonth[],
  { locale, width, labels }: ChartOptions<CategoriesOverTimeLabels>,
): SVGElement | HTMLElement {
  checkWidth(width);
  const f = formats(locale);
  const { rows, order } = groupCategories(categoryMonths, 7, labels.other);
  const months = [...new Set(rows.map((row) => row.month))].sort();
  const distinct = new Set(categoryMonths.map((row) => row.category)).size;
  const description = labels.describe({
    categories: f.integer(distinct),
    first: months[0] ? f.month(months[0]) : '–',
    last: months.at(-1) ? f.month(months.at(-1)!) : '–',
    top: order[0] ?? '–',
  });
  const chart = Plot.plot({
    width,
    height: 260,
    marginLeft: 60,
    ariaLabel: labels.title,
    ariaDescription: description,
    x: { label: null, tickFormat: f.monthShort, ticks: Math.max(2, Math.floor(width / 100)) },
    y: { label: labels.revenue, grid: true, tickFormat: f.compact },
    color: { domain: order, scheme: 'observable10', legend: true, label: labels.category },
    marks: [
      Plot.rectY(rows, {
        x: (row: CategoryMonth) => utcDay(row.month),
        interval: 'month',
        y: 'revenue',
        fill: 'category',
        order,
        insetLeft: 0.5,
        insetRight: 0.5,
        channels: { [labels.month]: (row: CategoryMonth) => f.month(row.month), [labels.revenue]: 'revenue' },
        tip: { format: { [labels.month]: true, fill: true, [labels.revenue]: f.money, x: false, y: false } },
      }),
      Plot.ruleY([0]),
    ],
  });
  return describeChart(chart, labels.title, description);
}
