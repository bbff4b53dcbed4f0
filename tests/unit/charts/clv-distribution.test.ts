// @vitest-environment jsdom
// Predicted CLV: 1–2–5 bins by hand, a bin for customers worth nothing, median and mean where they fall, the
// Pareto of predicted value, clicks, and no NaN for zero values, a single customer or an empty book.
import { describe, expect, it } from 'vitest';
import {
  binPosition,
  clvBins,
  clvDistribution,
  clvPareto,
  stepAtOrBelow,
  stepEdge,
  type ClvBin,
  type ClvDistributionLabels,
  type ClvParetoLabels,
  type ParetoPoint,
} from '../../../src/charts/clv-distribution.ts';
import { clickedDatum } from '../../../src/charts/select.ts';
import type { CustomerPrediction } from '../../../src/analytics/value-model.ts';

const labels: ClvDistributionLabels = {
  title: 'Predicted value',
  clv: 'Predicted value, 12 months',
  customers: 'Customers',
  total: 'Together',
  median: ({ value }) => `median ${value}`,
  mean: ({ value }) => `mean ${value}`,
  describe: (f) => `${f.customers} customers worth ${f.total}; median ${f.median}, mean ${f.mean}; ${f.zero} worth nothing; most in ${f.peak} (${f.peakCustomers}).`,
  empty: 'No customers yet.',
};

const paretoLabels: ClvParetoLabels = {
  title: 'Where predicted value sits',
  customers: 'Share of customers',
  clv: 'Share of predicted value',
  mark80: ({ share }) => `${share} of customers hold 80 %`,
  describe: (f) => `${f.customers} customers, ${f.total}; ${f.count80} (${f.share80}) hold 80 %; top 20 % hold ${f.top20}.`,
  empty: 'No customers yet.',
  noValue: 'No customer is predicted to buy again.',
};

function customer(customerId: string, predictedClv: number): CustomerPrediction {
  return {
    customerId,
    frequency: 1,
    recency: 1,
    T: 2,
    monetaryValue: 10,
    pAlive: 0.5,
    pAliveMethod: 'bgnbd',
    churnProbability: 0.5,
    expectedPurchases: 1,
    expectedSpend: 10,
    predictedClv,
    expectedNextOrderDay: null,
  };
}

// Sorted: 0, 0, 3, 7, 15, 40, 180 → median 7, mean 245 / 7 = 35.
const book = [customer('a', 0), customer('b', 40), customer('c', 3), customer('d', 0), customer('e', 180), customer('f', 7), customer('g', 15)];
const svgOf = (chart: Element) => (chart.tagName.toLowerCase() === 'svg' ? chart : chart.querySelector(':scope > svg')!);

describe('1–2–5 steps', () => {
  it('walks 0.2, 0.5, 1, 2, 5, 10, … and finds the step at or below a value, exactly at powers of ten', () => {
    expect([-2, -1, 0, 1, 2, 3, 4, 9].map(stepEdge)).toEqual([0.2, 0.5, 1, 2, 5, 10, 20, 1000]);
    expect(stepEdge(stepAtOrBelow(1000))).toBe(1000);
    expect(stepEdge(stepAtOrBelow(999.99))).toBe(500);
    expect(stepEdge(stepAtOrBelow(0.3))).toBe(0.2);
    expect(stepEdge(stepAtOrBelow(4.999))).toBe(2);
    expect(stepEdge(stepAtOrBelow(5))).toBe(5);
  });
});

describe('clvBins', () => {
  it('gives the zero bin, then every step from 2 to 200, empty ones included', () => {
    const bins = clvBins(book);
    expect(bins.map((b) => [b.kind, b.from, b.to, b.customers])).toEqual([
      ['zero', 0, 0, 2],
      ['range', 2, 5, 1],
      ['range', 5, 10, 1],
      ['range', 10, 20, 1],
      ['range', 20, 50, 1],
      ['range', 50, 100, 0],
      ['range', 100, 200, 1],
    ]);
    expect(bins[0]!.customerIds).toEqual(['a', 'd']);
    expect(bins[4]).toMatchObject({ clv: 40, customerIds: ['b'] });
  });

  it('goes down four decades from the top and puts anything smaller in one bin below', () => {
    const bins = clvBins([customer('tiny', 0.001), customer('big', 1000), customer('nan', Number.NaN)]);
    // Top step above 1000 is 2000; four decades down is 0.2.
    expect(bins[0]).toMatchObject({ kind: 'below', from: 0, to: 0.2, customerIds: ['tiny'] });
    expect(bins).toHaveLength(13);
    expect(bins[1]!.from).toBe(0.2);
    expect(bins.at(-1)).toMatchObject({ from: 1000, to: 2000, customerIds: ['big'] });
    expect(bins.reduce((sum, b) => sum + b.customers, 0)).toBe(2);
  });

  it('places a value on the axis by bin, log-scaled inside its bin', () => {
    const bins = clvBins(book);
    expect(binPosition(bins, 0)).toBe(0.5);
    expect(binPosition(bins, 7)).toBeCloseTo(2 + Math.log(7 / 5) / Math.log(2), 12);
    expect(binPosition(bins, 35)).toBeCloseTo(4 + Math.log(35 / 20) / Math.log(50 / 20), 12);
  });
});

describe('clvDistribution', () => {
  it('draws one bar per bin and marks the median and the mean', () => {
    const chart = clvDistribution(book, { locale: 'en', width: 600, labels });
    const bars = [...chart.querySelectorAll('.ciclo-selectable rect')];
    expect(bars).toHaveLength(7);
    // Zero bin and the 100–200 bin: two customers against one, from the same baseline.
    const heights = bars.map((bar) => Number(bar.getAttribute('height')));
    expect(heights[0]! / heights[6]!).toBeCloseTo(2, 6);
    expect(heights[5]).toBe(0);
    expect(chart.textContent).toContain('median 7.00');
    expect(chart.textContent).toContain('mean 35.00');
    expect(chart.getAttribute('aria-description')).toBe('7 customers worth 245.00; median 7.00, mean 35.00; 2 worth nothing; most in 0 (2).');
    expect(chart.outerHTML).not.toContain('NaN');
  });

  it('hands the clicked bin and its customers to the screen', () => {
    const chart = clvDistribution(book, { locale: 'en', width: 600, labels });
    const bars = chart.querySelectorAll('.ciclo-selectable rect');
    expect(clickedDatum<ClvBin>(chart, bars[6]!)).toMatchObject({ from: 100, to: 200, customerIds: ['e'] });
    expect(clickedDatum<ClvBin>(chart, bars[0]!)?.kind).toBe('zero');
  });

  it('draws a single customer, or a book worth nothing, without NaN', () => {
    const single = clvDistribution([customer('s', 50)], { locale: 'de', width: 400, labels });
    expect(single.querySelectorAll('.ciclo-selectable rect')).toHaveLength(1);
    expect(single.getAttribute('aria-description')).toBe('1 customers worth 50,00; median 50,00, mean 50,00; 0 worth nothing; most in 50–100 (1).');
    expect(single.outerHTML).not.toContain('NaN');
    const nothing = clvDistribution([customer('x', 0), customer('y', 0)], { locale: 'en', width: 400, labels });
    expect(nothing.querySelectorAll('.ciclo-selectable rect')).toHaveLength(1);
    expect(nothing.getAttribute('aria-description')).toBe('2 customers worth 0.00; median 0.00, mean 0.00; 2 worth nothing; most in 0 (2).');
    expect(nothing.outerHTML).not.toContain('NaN');
  });

  it('says there is nothing to show for an empty book', () => {
    const chart = clvDistribution([], { locale: 'en', width: 400, labels });
    expect(chart.querySelectorAll('.ciclo-selectable')).toHaveLength(0);
    expect(chart.getAttribute('aria-description')).toBe('No customers yet.');
    expect(chart.textContent).toContain('No customers yet.');
  });
});

describe('clvPareto', () => {
  // Total 100: the top customer holds 60, the top two 80 → 2 of 5 (40 %) hold 80 %; the top 20 % (1) hold 60 %.
  const five = [customer('p', 20), customer('q', 0), customer('r', 60), customer('s', 0), customer('t', 20)];

  it('accumulates predicted value over customers ranked by it', () => {
    const chart = clvPareto(five, { locale: 'en', width: 500, labels: paretoLabels });
    expect(chart.getAttribute('aria-label')).toBe('Where predicted value sits');
    expect(chart.getAttribute('aria-description')).toBe('5 customers, 100.00; 2 (40%) hold 80 %; top 20 % hold 60%.');
    expect(chart.textContent).toContain('40% of customers hold 80 %');
    expect(chart.textContent).toContain('Share of predicted value');
  });

  it('hands the rank under the pointer to the screen on click', () => {
    const chart = clvPareto(five, { locale: 'en', width: 500, labels: paretoLabels });
    const svg = svgOf(chart);
    // 40 % of customers sits at 48 + 0.4 × (500 − 48 − 24) = 219.2 px.
    svg.dispatchEvent(new PointerEvent('pointermove', { clientX: 219, clientY: 100, pointerType: 'mouse', bubbles: true }));
    expect(clickedDatum<ParetoPoint>(chart, svg)).toMatchObject({ customers: 2, revenueShare: 0.8 });
  });

  it('says which: no customer, or no predicted value to rank', () => {
    expect(clvPareto([], { locale: 'en', width: 400, labels: paretoLabels }).getAttribute('aria-description')).toBe('No customers yet.');
    const zero = clvPareto([customer('x', 0)], { locale: 'en', width: 400, labels: paretoLabels });
    expect(zero.getAttribute('aria-description')).toBe('No customer is predicted to buy again.');
    expect(zero.outerHTML).not.toContain('NaN');
    const single = clvPareto([customer('x', 12)], { locale: 'en', width: 400, labels: paretoLabels });
    expect(single.getAttribute('aria-description')).toBe('1 customers, 12.00; 1 (100%) hold 80 %; top 20 % hold 100%.');
    expect(single.outerHTML).not.toContain('NaN');
  });
});
