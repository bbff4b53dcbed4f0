// One customer's orders on a time line: a stem per order, as tall as its net amount (returns point down).
import * as Plot from '@observablehq/plot';
import { checkWidth, describeChart, formats, utcDay, type ChartOptions } from './chart-kit.ts';

export interface TimelineOrder {
  date: string;
  orderId: string | null;
  amount: number;
  items: number;
  lines: number;
}

export interface OrderTimelineLabels {
  title: string;
  amount: string;
  date: string;
  order: string;
  items: string;
  describe: (facts: { orders: string; first: string; last: string; average: string; largest: string }) => string;
}

export function orderTimeline(
  orders: readonly TimelineOrder[],
  { locale, width, labels }: ChartOptions<OrderTimelineLabels>,
): SVGElement | HTMLElement {
  checkWidth(width);
  const f = formats(locale);
  const sorted = orders.toSorted((a, b) => a.date.localeCompare(b.date));
  const total = sorted.reduce((sum, order) => sum + order.amount, 0);
  const largest = sorted.reduce((max, order) => Math.max(max, order.amount), Number.NEGATIVE_INFINITY);
  const description = labels.describe({
    orders: f.integer(sorted.length),
    first: sorted[0] ? f.day(sorted[0].date) : '–',
    last: sorted.at(-1) ? f.day(sorted.at(-1)!.date) : '–',
    average: sorted.length ? f.money(total / sorted.length) : '–',
    largest: sorted.length ? f.money(largest) : '–',
  });
  const day = (order: TimelineOrder) => utcDay(order.date);
  const chart = Plot.plot({
    width,
    height: 180,
    marginLeft: 60,
    ariaLabel: labels.title,
    ariaDescription: description,
    x: { label: null, tickFormat: f.monthShort, ticks: Math.max(2, Math.floor(width / 100)) },
    y: { label: labels.amount, grid: true, tickFormat: f.compact },
    marks: [
      Plot.ruleY([0]),
      Plot.ruleX(sorted, { x: day, y1: 0, y2: 'amount', stroke: '#0f8a84', strokeOpacity: 0.6 }),
      Plot.dot(sorted, {
        x: day,
        y: 'amount',
        r: 3,
        fill: (order: TimelineOrder) => (order.amount < 0 ? '#d55e00' : '#0f8a84'),
        channels: {
          [labels.date]: (order: TimelineOrder) => f.day(order.date),
          [labels.order]: (order: TimelineOrder) => order.orderId ?? '–',
          [labels.items]: (order: TimelineOrder) => f.integer(order.items),
        },
        tip: { format: { [labels.date]: true, [labels.order]: true, x: false, y: f.money, [labels.items]: true, fill: false } },
      }),
    ],
  });
  return describeChart(chart, labels.title, description);
}
