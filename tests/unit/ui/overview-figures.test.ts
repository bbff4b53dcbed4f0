// The overview's counts, the scatter's points, the migration table and the earlier analysis date.
import { describe, expect, it } from 'vitest';
import { migrationMatrix, monthsBefore, overviewFigures, slopePoints, trendCounts } from '../../../src/ui/analysis/overview-figures.ts';
import { STAGES } from '../../../src/analytics/types.ts';
import { customer } from './analysis-fixtures.ts';

const book = [
  customer({ id: 'A', label: 'downtrader', stage: 'active', trailing12: 1200, quiet: true, slopePct: -6, deltaPerPeriod: -420 }),
  customer({ id: 'B', label: 'downtrader', stage: 'at_risk', trailing12: 300, change: 'up_to_down', slopePct: -3, deltaPerPeriod: -20 }),
  customer({ id: 'C', label: 'uptrader', stage: 'active', trailing12: 800, change: 'down_to_up', slopePct: 5 }),
  customer({ id: 'D', label: 'new', stage: 'new', trailing12: 50, slopePct: null }),
];

describe('overviewFigures', () => {
  it('counts customers and sums 12-month revenue per label, per stage and for the warnings', () => {
    const figures = overviewFigures(book);
    expect(figures.customers).toBe(4);
    expect(figures.revenue12).toBe(2350);
    expect(figures.byTrend.downtrader).toEqual({ customers: 2, revenue: 1500 });
    expect(figures.byTrend.stable).toEqual({ customers: 0, revenue: 0 });
    expect(figures.byStage.active).toEqual({ customers: 2, revenue: 2000 });
    expect(figures.quiet).toEqual({ customers: 1, revenue: 1200 });
    expect(figures.turnedDown).toEqual({ customers: 1, revenue: 300 });
    expect(figures.turnedUp).toEqual({ customers: 1, revenue: 800 });
    expect(figures.byFunnel.retention.customers).toBe(4);
    const counts = trendCounts(figures);
    expect(counts.map((c) => c.label)).toEqual(['uptrader', 'downtrader', 'stable', 'new', 'insufficient_data', 'inactive']);
    expect(counts.reduce((sum, c) => sum + c.customers, 0)).toBe(4);
  });

  it('places only customers with a slope on the scatter, with the money behind their label', () => {
    const points = slopePoints(book);
    expect(points.map((p) => p.customerId)).toEqual(['A', 'B', 'C']);
    expect(points[0]).toMatchObject({ slopePct: -6, trailing12: 1200, deltaPerPeriod: -420, label: 'downtrader' });
    expect(points[2]!.deltaPerPeriod).toBe(0);
  });
});

describe('migrationMatrix', () => {
  it('lays moves out in stage order, with newcomers first, and counts who moved', () => {
    const matrix = migrationMatrix(
      [
        { from: 'active', to: 'at_risk', customers: 7 },
        { from: 'active', to: 'active', customers: 30 },
        { from: 'none', to: 'new', customers: 4 },
        { from: 'lapsed', to: 'lost', customers: 0 },
        { from: 'at_risk', to: 'active', customers: 2 },
      ],
      STAGES,
    );
    expect(matrix.from).toEqual(['none', 'active', 'at_risk']);
    expect(matrix.to).toEqual(['new', 'active', 'at_risk']);
    expect(matrix.cells.active).toEqual({ at_risk: 7, active: 30 });
    expect(matrix.moved).toBe(13);
    expect(matrix.total).toBe(43);
  });
});

describe('monthsBefore', () => {
  it('keeps a month end a month end and clamps other days', () => {
    expect(monthsBefore('2025-10-31', 3)).toBe('2025-07-31');
    expect(monthsBefore('2024-05-31', 3)).toBe('2024-02-29');
    expect(monthsBefore('2024-04-30', 3)).toBe('2024-01-31');
    expect(monthsBefore('2024-05-30', 3)).toBe('2024-02-29');
    expect(monthsBefore('2024-02-15', 3)).toBe('2023-11-15');
  });
});
