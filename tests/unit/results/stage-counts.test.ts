// @vitest-environment jsdom
// The results view's stage chart: one bar per stage at the analysis date, in the stage order and colours, with
// the counts said in words.
import { describe, expect, it } from 'vitest';
import { STAGE_COLORS } from '../../../src/charts/chart-kit.ts';
import { stageCounts, type StageCountsLabels } from '../../../src/ui/results/stage-counts.ts';

const labels: StageCountsLabels = {
  title: 'Customers per stage',
  customers: 'Customers',
  names: { new: 'New', active: 'Active', at_risk: 'At risk', lapsed: 'Lapsed', lost: 'Lost', reactivated: 'Back' },
  describe: ({ total, parts }) => `${total} customers: ${parts}.`,
};

describe('stageCounts', () => {
  it('draws six bars in the stage order, coloured per stage, the longest for the largest count', () => {
    const chart = stageCounts([{ stage: 'lost', customers: 1500 }, { stage: 'active', customers: 20 }], { locale: 'en', width: 500, labels });
    const bars = [...chart.querySelectorAll('g[aria-label="bar"] rect')];
    expect(bars).toHaveLength(6);
    expect(bars.map((bar) => bar.getAttribute('fill'))).toEqual([STAGE_COLORS.new, STAGE_COLORS.active, STAGE_COLORS.at_risk, STAGE_COLORS.lapsed, STAGE_COLORS.lost, STAGE_COLORS.reactivated]);
    const widths = bars.map((bar) => Number(bar.getAttribute('width')));
    expect(Math.max(...widths)).toBe(widths[4]);
    expect(widths[0]).toBe(0);
  });

  it('states the total and every count in the reader’s language', () => {
    const chart = stageCounts([{ stage: 'lost', customers: 1500 }, { stage: 'active', customers: 20 }], { locale: 'pt-BR', width: 500, labels });
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-description')).toBe('1.520 customers: New: 0; Active: 20; At risk: 0; Lapsed: 0; Lost: 1.500; Back: 0.');
  });

  it('refuses a width below 120 pixels', () => {
    expect(() => stageCounts([], { locale: 'en', width: 80, labels })).toThrow('width must be a number ≥ 120, got 80');
  });
});
