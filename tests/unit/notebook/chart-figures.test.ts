// The figures behind a notebook chart, as the "Show the figures" table lists them: checked against rows
// written out by hand, with dates read back through Intl directly (the oracle for the reader's calendar).
import { describe, expect, it } from 'vitest';
import { chartFigures, type CellChartSpec } from '../../../src/ui/notebook/cell-chart.ts';

const bars: CellChartSpec = { mark: 'bar', x: 'month', y: 'revenue', color: 'segment', facet: null };

const rows = [
  { month: '2024-01-01', revenue: 1234.5, segment: 'cafe', ignored: 99 },
  { month: '2024-02-01', revenue: null, segment: 'bar', ignored: 98 },
  { month: '2024-03-01', revenue: 0.125, segment: null, ignored: 97 },
];

/** A UTC calendar day as Intl writes it in `locale` at the medium style. */
function day(locale: string, year: number, month: number, date: number): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, date));
}

describe('chartFigures', () => {
  it('lists x, y and colour for every row, numbers and dates written in Brazilian Portuguese', () => {
    const figures = chartFigures(rows, bars, { locale: 'pt-BR' });
    expect(figures.columns).toEqual([
      { name: 'month', isNumeric: false },
      { name: 'revenue', isNumeric: true },
      { name: 'segment', isNumeric: false },
    ]);
    expect(figures.rows).toEqual([
      [day('pt-BR', 2024, 1, 1), '1.234,5', 'cafe'],
      [day('pt-BR', 2024, 2, 1), '', 'bar'],
      // 0.125 is exact in binary, so two decimals round it half away from zero.
      [day('pt-BR', 2024, 3, 1), '0,13', ''],
    ]);
  });

  it('writes the same numbers with English separators', () => {
    expect(chartFigures(rows, bars, { locale: 'en' }).rows.map((row) => row[1])).toEqual(['1,234.5', '', '0.13']);
  });

  it('counts as points only the rows with both an x and a y', () => {
    expect(chartFigures(rows, bars, { locale: 'en' }).points).toBe(2);
    const noX = [{ month: null, revenue: 5, segment: 'a' }, ...rows];
    expect(chartFigures(noX, bars, { locale: 'en' }).points).toBe(2);
  });

  it('names a column once when colour repeats an axis, and adds the facet last', () => {
    const spec: CellChartSpec = { mark: 'dot', x: 'segment', y: 'revenue', color: 'segment', facet: 'month' };
    const figures = chartFigures(rows.slice(0, 1), spec, { locale: 'en' });
    expect(figures.columns.map((c) => c.name)).toEqual(['segment', 'revenue', 'month']);
    expect(figures.rows).toEqual([['cafe', '1,234.5', day('en', 2024, 1, 1)]]);
  });

  it('keeps the time of day of a timestamp that has one', () => {
    const spec: CellChartSpec = { mark: 'line', x: 'at', y: 'n', color: null, facet: null };
    const figures = chartFigures(
      [
        { at: '2024-03-05T14:30:00', n: 1 },
        { at: '2024-03-06T00:00:00', n: 2 },
      ],
      spec,
      { locale: 'en' },
    );
    expect(figures.rows).toEqual([
      [`${day('en', 2024, 3, 5)} 14:30`, '1'],
      [day('en', 2024, 3, 6), '2'],
    ]);
  });

  it('leaves text that is not a date as it is, even when it looks like one in part', () => {
    const spec: CellChartSpec = { mark: 'bar', x: 'label', y: 'n', color: null, facet: null };
    const figures = chartFigures([{ label: '2024-01-01', n: 3 }, { label: 'later', n: 4 }], spec, { locale: 'en' });
    expect(figures.rows).toEqual([['2024-01-01', '3'], ['later', '4']]);
  });

  it('gives the columns and no rows for an empty result', () => {
    expect(chartFigures([], bars, { locale: 'en' })).toEqual({
      columns: [
        { name: 'month', isNumeric: false },
        { name: 'revenue', isNumeric: false },
        { name: 'segment', isNumeric: false },
      ],
      rows: [],
      points: 0,
    });
  });

  it('refuses a chart without a y column, saying what came', () => {
    expect(() => chartFigures(rows, { ...bars, y: '' }, { locale: 'en' })).toThrow('a chart needs an x and a y column, got x="month" y=""');
  });
});
