// @vitest-environment jsdom
// The scatter places only customers with a slope and positive revenue, names the biggest movers by money,
// and a click hands the customer to the screen.
import { describe, expect, it } from 'vitest';
import { biggestMovers, slopeVsRevenue, thinPoints, type SlopePoint, type SlopeVsRevenueLabels } from '../../../src/charts/slope-vs-revenue.ts';
import { clickedDatum } from '../../../src/charts/select.ts';

const labels: SlopeVsRevenueLabels = {
  title: 'Trend against revenue',
  slope: 'Revenue trend (%/month)',
  revenue: 'Revenue, last 12 months',
  customer: 'Customer',
  trend: 'Trend',
  slopeUnit: '%/month',
  names: { uptrader: 'Up', downtrader: 'Down', stable: 'Stable', new: 'New', insufficient_data: 'Too little data', inactive: 'Inactive' },
  describe: (f) => `${f.plotted} customers; ${f.rising} rising, ${f.falling} falling. Movers: ${f.movers}.`,
};

const point = (customerId: string, label: SlopePoint['label'], slopePct: number, trailing12: number, deltaPerPeriod: number, name: string | null = null): SlopePoint => ({
  customerId,
  name,
  label,
  slopePct,
  trailing12,
  deltaPerPeriod,
});

const points = [
  point('A', 'downtrader', -6, 12_000, -420, 'Padaria Aurora'),
  point('B', 'uptrader', 4.5, 3_000, 90),
  point('C', 'stable', 0.2, 800, 3),
  point('D', 'uptrader', 12, 500, 35),
  point('E', 'downtrader', -3, 0, -10), // no revenue in the last 12 months: cannot sit on a log axis
];

describe('biggestMovers', () => {
  it('ranks up- and downtraders by the money their revenue moved, not by percent', () => {
    expect(biggestMovers(points, 2).map((p) => p.customerId)).toEqual(['A', 'B']);
    expect(biggestMovers(points).map((p) => p.customerId)).toEqual(['A', 'B', 'D', 'E']);
  });
});

describe('slopeVsRevenue', () => {
  it('draws one dot per placeable customer and names the movers', () => {
    const chart = slopeVsRevenue(points, { locale: 'en', width: 640, labels });
    expect(chart.querySelectorAll('.ciclo-selectable circle')).toHaveLength(4);
    expect(chart.textContent).toContain('Padaria Aurora');
    expect(chart.getAttribute('aria-description')).toBe('4 customers; 2 rising, 1 falling. Movers: Padaria Aurora (-6 %/month); B (+4.5 %/month); D (+12 %/month).');
  });

  it('hands the clicked customer to the screen', () => {
    const chart = slopeVsRevenue(points, { locale: 'en', width: 640, labels });
    const dots = chart.querySelectorAll('.ciclo-selectable circle');
    const picked = [...dots].map((dot) => clickedDatum<SlopePoint>(chart, dot)?.customerId).sort();
    expect(picked).toEqual(['A', 'B', 'C', 'D']);
  });
});

describe('thinPoints', () => {
  it('keeps every mover and spreads the rest evenly when there are too many dots', () => {
    const many = [
      point('U1', 'uptrader', 5, 100, 1),
      ...Array.from({ length: 9 }, (_, i) => point(`S${i}`, 'stable', 0, 100, 0)),
      point('D1', 'downtrader', -5, 900, -1),
    ];
    // Room for 5: both movers (biggest revenue first), then stable 0, 3 and 6 (every 9 / 3 = 3rd).
    expect(thinPoints(many, 5).map((p) => p.customerId)).toEqual(['D1', 'U1', 'S0', 'S3', 'S6']);
    expect(thinPoints(many, 50)).toHaveLength(11);
    expect(thinPoints(many, 1).map((p) => p.customerId)).toEqual(['D1']);
  });
});
