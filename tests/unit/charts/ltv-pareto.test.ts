// @vitest-environment jsdom
// The Pareto curve by hand on a ten-customer book, and the chart's words and click.
import { describe, expect, it } from 'vitest';
import { ltvPareto, paretoCurve, type LtvParetoLabels, type ParetoPoint } from '../../../src/charts/ltv-pareto.ts';
import { clickedDatum } from '../../../src/charts/select.ts';

// Total 1000: the top two bring 500 + 300 = 800 (80 %), the top 20 % (2 customers) the same.
const book = [20, 500, 10, 300, 40, 30, 40, 20, 30, 10];

const labels: LtvParetoLabels = {
  title: 'Revenue concentration',
  customers: 'Share of customers',
  revenue: 'Share of revenue',
  mark80: ({ share }) => `${share} of customers make 80 %`,
  describe: (f) => `${f.customers} customers, ${f.total} in all; ${f.count80} (${f.share80}) make 80 %; top 20 % make ${f.top20}.`,
};

describe('paretoCurve', () => {
  it('ranks customers by value and accumulates their share of revenue', () => {
    const curve = paretoCurve(book);
    expect(curve.total).toBe(1000);
    expect(curve.customersFor80).toBe(2);
    expect(curve.top20Share).toBeCloseTo(0.8, 12);
    expect(curve.points.map((p) => p.customers)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(curve.points[1]).toEqual({ customers: 1, customerShare: 0.1, revenueShare: 0.5 });
    // 500 + 300 + 40 + 40 = 880
    expect(curve.points[4]!.revenueShare).toBeCloseTo(0.88, 12);
    expect(curve.points.at(-1)!.revenueShare).toBeCloseTo(1, 12);
  });

  it('samples a large book down to the point budget, keeping both ends and the 80 % crossing', () => {
    // 1000 customers: one worth 800, 999 worth 0.2002… each → the first customer alone reaches 80 %.
    const values = [800, ...Array.from({ length: 999 }, () => 200 / 999)];
    const curve = paretoCurve(values, { maxPoints: 50 });
    expect(curve.points.length).toBeLessThanOrEqual(50);
    expect(curve.points[0]!.customers).toBe(0);
    expect(curve.points.at(-1)!.customers).toBe(1000);
    expect(curve.customersFor80).toBe(1);
    expect(curve.points.some((p) => p.customers === 1)).toBe(true);
  });

  it('lets returns bend the curve down and gives nothing for a book without positive revenue', () => {
    const curve = paretoCurve([60, 50, -10]);
    expect(curve.total).toBe(100);
    expect(curve.points.map((p) => p.revenueShare)).toEqual([0, 0.6, 1.1, 1]);
    expect(paretoCurve([-5, 0]).points).toEqual([]);
    expect(paretoCurve([]).customersFor80).toBeNull();
  });
});

describe('ltvPareto', () => {
  it('describes the concentration with the numbers of the curve', () => {
    const chart = ltvPareto(book, { locale: 'en', width: 500, labels });
    expect(chart.getAttribute('aria-description')).toBe('10 customers, 1,000.00 in all; 2 (20%) make 80 %; top 20 % make 80%.');
    expect(chart.textContent).toContain('20% of customers make 80 %');
  });

  it('hands the rank under the pointer to the screen on click', () => {
    const chart = ltvPareto(book, { locale: 'en', width: 500, labels });
    const svg = chart.tagName.toLowerCase() === 'svg' ? chart : chart.querySelector('svg')!;
    expect(clickedDatum<ParetoPoint>(chart, svg)).toBeNull();
    // 30 % of customers sits at 48 + 0.3 × (500 − 48 − 24) = 176.4 px (jsdom places the SVG at 0, 0).
    svg.dispatchEvent(new PointerEvent('pointermove', { clientX: 177, clientY: 100, pointerType: 'mouse', bubbles: true }));
    expect(clickedDatum<ParetoPoint>(chart, svg)?.customers).toBe(3);
  });
});
