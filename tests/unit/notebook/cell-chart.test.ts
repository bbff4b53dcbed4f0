// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { chartFacts, drawCellChart, isDateColumn, plotRows } from '../../../src/ui/notebook/cell-chart.ts';


const rows = [
  { month: '2024-01-01', region: 'north', revenue: 100 },
  { month: '2024-02-01', region: 'north', revenue: 150 },
  { month: '2024-01-01', region: 'south', revenue: 80 },
  { month: '2024-02-01', region: 'south', revenue: null },
];

describe('chart cells', () => {
  it('recognises ISO date columns and turns them into UTC dates', () => {
    expect(isDateColumn(rows, 'month')).toBe(true);
    expect(isDateColumn(rows, 'region')).toBe(false);
    expect(isDateColumn(rows, 'revenue')).toBe(false);
    const converted = plotRows(rows, ['month', 'revenue']);
    expect((converted[1]!.month as Date).toISOString()).toBe('2024-02-01T00:00:00.000Z');
    expect(rows[1]!.month).toBe('2024-02-01');
  });

  it('counts rows and the numeric range of y for the text alternative', () => {
    expect(chartFacts(rows, 'revenue')).toEqual({ count: 4, min: 80, max: 150 });
    expect(chartFacts(rows, 'region')).toEqual({ count: 4, min: null, max: null });
  });

  it.each(['line', 'bar', 'dot', 'cell'] as const)('draws a %s chart with its text alternative', (mark) => {
    const chart = drawCellChart(rows, { mark, x: 'month', y: mark === 'cell' ? 'region' : 'revenue', color: 'region', facet: null }, {
      locale: 'en',
      width: 640,
      label: 'Revenue by month',
      description: 'Four rows from query1.',
      document,
    });
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toBe('Revenue by month');
    expect(chart.getAttribute('aria-description')).toBe('Four rows from query1.');
    const shapes = { line: 'path', bar: 'rect', dot: 'circle', cell: 'rect' }[mark];
    expect(chart.querySelectorAll(`g[data-mark] ${shapes}`).length).toBeGreaterThan(0);
    expect(chart.querySelectorAll('g[aria-label]')).toHaveLength(0);
  });

  it('refuses a chart without x or y', () => {
    expect(() => drawCellChart(rows, { mark: 'bar', x: 'month', y: '', color: null, facet: null }, { locale: 'en', width: 640, label: '', description: '', document })).toThrow(/x and a y/);
  });
});
