// @vitest-environment jsdom
// The customer page's charts: the series with its fitted line and reversal, categories, the order timeline.
import { describe, expect, it } from 'vitest';
import { customerSeries, type CustomerSeriesLabels } from '../../../src/charts/customer-series.ts';
import { categoriesOverTime, groupCategories, type CategoriesOverTimeLabels } from '../../../src/charts/categories-over-time.ts';
import { orderTimeline, type OrderTimelineLabels } from '../../../src/charts/order-timeline.ts';

const seriesLabels: CustomerSeriesLabels = {
  title: 'Revenue per month',
  revenue: 'Revenue',
  period: 'Month',
  fitted: 'Trend',
  turnedUp: 'Turned up',
  turnedDown: 'Turned down',
  describe: (f) => `${f.periods} months, ${f.first}–${f.last}; ${f.total} in all, ${f.recent} lately; trend ${f.fitFrom} → ${f.fitTo}.`,
};

describe('customerSeries', () => {
  const periods = ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01'];
  it('draws a bar per period, the fitted line and the reversal', () => {
    const chart = customerSeries(
      { periods, revenue: [100, 300, 200, 0], unit: 'month', fitted: [null, 250, 180, 110], label: 'downtrader', change: { period: '2024-03-01', kind: 'up_to_down' } },
      { locale: 'en', width: 500, labels: seriesLabels },
    );
    expect(chart.querySelectorAll('rect')).toHaveLength(4);
    const line = chart.querySelector('[stroke="#d55e00"] path, path[stroke="#d55e00"]');
    expect(line?.getAttribute('d')?.match(/[ML]/g)).toHaveLength(3);
    expect(chart.textContent).toContain('Turned down');
    // the last three months average (300 + 200 + 0) / 3
    expect(chart.getAttribute('aria-description')).toBe('4 months, Jan 2024–Apr 2024; 600.00 in all, 166.67 lately; trend 250.00 → 110.00.');
  });

  it('refuses series of different lengths', () => {
    expect(() =>
      customerSeries({ periods, revenue: [1, 2], unit: 'month', fitted: [null, null, null, null], label: 'stable', change: null }, { locale: 'en', width: 500, labels: seriesLabels }),
    ).toThrow('revenue and fitted must have one value per period (4), got 2 and 4');
  });
});

const categoryLabels: CategoriesOverTimeLabels = {
  title: 'Categories',
  revenue: 'Revenue',
  month: 'Month',
  category: 'Category',
  other: 'Other',
  describe: (f) => `${f.categories} categories, ${f.first}–${f.last}, mostly ${f.top}.`,
};

describe('categoriesOverTime', () => {
  const rows = [
    { month: '2024-01-01', category: 'Coffee', revenue: 500 },
    { month: '2024-01-01', category: 'Tea', revenue: 50 },
    { month: '2024-01-01', category: 'Sugar', revenue: 20 },
    { month: '2024-02-01', category: 'Coffee', revenue: 300 },
    { month: '2024-02-01', category: 'Cups', revenue: 10 },
  ];

  it('keeps the biggest categories and sums the rest as other', () => {
    const grouped = groupCategories(rows, 2, 'Other');
    expect(grouped.order).toEqual(['Coffee', 'Tea', 'Other']);
    expect(grouped.rows).toEqual([
      { month: '2024-01-01', category: 'Coffee', revenue: 500 },
      { month: '2024-01-01', category: 'Tea', revenue: 50 },
      { month: '2024-01-01', category: 'Other', revenue: 20 },
      { month: '2024-02-01', category: 'Coffee', revenue: 300 },
      { month: '2024-02-01', category: 'Other', revenue: 10 },
    ]);
    // One category too many is shown rather than hidden under "other".
    expect(groupCategories(rows, 3, 'Other').order).toEqual(['Coffee', 'Tea', 'Sugar', 'Cups']);
  });

  it('stacks one block per month and category', () => {
    const chart = categoriesOverTime(rows, { locale: 'en', width: 500, labels: categoryLabels });
    expect(chart.querySelectorAll('g[aria-label="rect"] rect')).toHaveLength(5);
    expect(chart.getAttribute('aria-description')).toBe('4 categories, Jan 2024–Feb 2024, mostly Coffee.');
  });
});

describe('orderTimeline', () => {
  const labels: OrderTimelineLabels = {
    title: 'Orders',
    amount: 'Amount',
    date: 'Date',
    order: 'Order',
    items: 'Items',
    describe: (f) => `${f.orders} orders, ${f.first}–${f.last}, ${f.average} on average, largest ${f.largest}.`,
  };
  it('draws a stem and a dot per order, returns included', () => {
    const orders = [
      { date: '2024-03-05', orderId: 'N2', amount: -40, items: -1, lines: 1 },
      { date: '2024-01-10', orderId: 'N1', amount: 240, items: 6, lines: 2 },
      { date: '2024-02-01', orderId: null, amount: 100, items: 2, lines: 1 },
    ];
    const chart = orderTimeline(orders, { locale: 'en', width: 500, labels });
    expect(chart.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(3);
    expect(chart.getAttribute('aria-description')).toBe('3 orders, Jan 10, 2024–Mar 5, 2024, 100.00 on average, largest 240.00.');
  });
});

describe('customerSeries by week', () => {
  it('labels months on the axis rather than every week', () => {
    const periods = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + 7 * i)).toISOString().slice(0, 10));
    const chart = customerSeries(
      { periods, revenue: periods.map((_, i) => i * 10), unit: 'week', fitted: periods.map(() => null), label: 'stable', change: null },
      { locale: 'en', width: 600, labels: seriesLabels },
    );
    expect(chart.querySelectorAll('rect')).toHaveLength(12);
    // 2024-01-01 … 2024-03-18: January, February and March.
    const ticks = [...chart.querySelectorAll('[aria-label="x-axis tick label"] text')].map((text) => text.textContent);
    expect(ticks).toEqual(['Jan 24', 'Feb 24', 'Mar 24']);
  });
});
