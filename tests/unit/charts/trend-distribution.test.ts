// @vitest-environment jsdom
// The trend chart draws one bar per label, says the counts in words, and a click on a bar picks its label.
import { describe, expect, it } from 'vitest';
import { trendDistribution, type TrendCount, type TrendDistributionLabels } from '../../../src/charts/trend-distribution.ts';
import { TREND_COLORS } from '../../../src/charts/chart-kit.ts';
import { clickedDatum } from '../../../src/charts/select.ts';

const labels: TrendDistributionLabels = {
  title: 'Customers by trend',
  customers: 'Customers',
  revenue: 'Revenue, last 12 months',
  names: { uptrader: 'Up', downtrader: 'Down', stable: 'Stable', new: 'New', insufficient_data: 'Too little data', inactive: 'Inactive' },
  describe: ({ total, parts }) => `${total} customers: ${parts}.`,
};

const counts: TrendCount[] = [
  { label: 'downtrader', customers: 1200, revenue: 50_000 },
  { label: 'uptrader', customers: 30, revenue: 9_000 },
  { label: 'stable', customers: 7, revenue: 100 },
];

describe('trendDistribution', () => {
  it('draws six bars, in the label order, coloured per label', () => {
    const chart = trendDistribution(counts, { locale: 'en', width: 600, labels });
    const bars = [...chart.querySelectorAll('.ciclo-selectable rect')];
    expect(bars).toHaveLength(6);
    expect(bars[0]!.getAttribute('fill')).toBe(TREND_COLORS.uptrader);
    expect(bars[1]!.getAttribute('fill')).toBe(TREND_COLORS.downtrader);
    // The downtrader bar is the longest: 1200 of 1237.
    const widths = bars.map((bar) => Number(bar.getAttribute('width')));
    expect(Math.max(...widths)).toBe(widths[1]);
    expect(widths[3]).toBe(0);
  });

  it('states the total and every count in the text alternative, in the reader’s language', () => {
    const chart = trendDistribution(counts, { locale: 'pt-BR', width: 600, labels });
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toBe('Customers by trend');
    expect(chart.getAttribute('aria-description')).toBe(
      '1.237 customers: Up: 30; Down: 1.200; Stable: 7; New: 0; Too little data: 0; Inactive: 0.',
    );
  });

  it('hands the clicked bar’s label to the screen', () => {
    const chart = trendDistribution(counts, { locale: 'en', width: 600, labels });
    const bars = chart.querySelectorAll('.ciclo-selectable rect');
    expect(clickedDatum<TrendCount>(chart, bars[1]!)?.label).toBe('downtrader');
    expect(clickedDatum<TrendCount>(chart, bars[2]!)).toMatchObject({ label: 'stable', customers: 7 });
    // A click on the axis picks nothing.
    expect(clickedDatum(chart, chart.querySelector('[aria-label="x-axis tick"]'))).toBeNull();
  });

  it('refuses a width too small to draw on', () => {
    expect(() => trendDistribution(counts, { locale: 'en', width: 40, labels })).toThrow('width must be a number ≥ 120, got 40');
  });
});
