// The customer table's filters and sorting, on a small hand-made book.
import { describe, expect, it } from 'vitest';
import { filterCustomers, nextSort, searchKey, sortCustomers, topByValue, NO_FILTERS } from '../../../src/ui/analysis/customer-list.ts';
import { customer } from './analysis-fixtures.ts';

const book = [
  customer({ id: 'C10', name: 'Padaria São João', label: 'downtrader', slopePct: -6, stage: 'at_risk', segment: 'at_risk', revenue: 5000, quiet: true }),
  customer({ id: 'C2', name: 'Mercado Aurora', label: 'uptrader', slopePct: 8, stage: 'active', segment: 'champions', revenue: 9000 }),
  customer({ id: 'C3', name: null, label: 'new', slopePct: null, pValue: null, stage: 'new', segment: 'new', revenue: 100, firstOrder: '2024-11-02' }),
  customer({ id: 'C1', name: 'Bistrô Joana', label: 'stable', slopePct: 0.5, stage: 'active', segment: 'loyal', revenue: 9000, change: 'down_to_up' }),
  customer({ id: 'C4', name: 'Empório Sul', label: 'downtrader', slopePct: -2.5, stage: 'lapsed', segment: 'hibernating', revenue: 300 }),
];
const ids = (list: { customerId: string }[]) => list.map((c) => c.customerId);

describe('filterCustomers', () => {
  it('keeps everyone without filters', () => {
    expect(ids(filterCustomers(book, NO_FILTERS))).toEqual(['C10', 'C2', 'C3', 'C1', 'C4']);
  });

  it('ors chips within a group and ands the groups', () => {
    expect(ids(filterCustomers(book, { ...NO_FILTERS, trends: ['downtrader', 'uptrader'] }))).toEqual(['C10', 'C2', 'C4']);
    expect(ids(filterCustomers(book, { ...NO_FILTERS, trends: ['downtrader', 'uptrader'], stages: ['active', 'lapsed'] }))).toEqual(['C2', 'C4']);
    expect(ids(filterCustomers(book, { ...NO_FILTERS, segments: ['loyal'] }))).toEqual(['C1']);
  });

  it('finds a name without its accents and an id in any case', () => {
    expect(ids(filterCustomers(book, { ...NO_FILTERS, search: 'sao joao' }))).toEqual(['C10']);
    expect(ids(filterCustomers(book, { ...NO_FILTERS, search: 'JOA' }))).toEqual(['C10', 'C1']);
    expect(ids(filterCustomers(book, { ...NO_FILTERS, search: ' c3 ' }))).toEqual(['C3']);
    expect(searchKey('Empório')).toBe('emporio');
  });

  it('applies the chart filter on top of the chips', () => {
    expect(ids(filterCustomers(book, NO_FILTERS, { kind: 'trend', label: 'downtrader' }))).toEqual(['C10', 'C4']);
    expect(ids(filterCustomers(book, NO_FILTERS, { kind: 'stage', stage: 'active' }))).toEqual(['C2', 'C1']);
    expect(ids(filterCustomers(book, NO_FILTERS, { kind: 'cohort', cohort: '2024-11-01' }))).toEqual(['C3']);
    expect(ids(filterCustomers(book, NO_FILTERS, { kind: 'quiet' }))).toEqual(['C10']);
    expect(ids(filterCustomers(book, NO_FILTERS, { kind: 'reversal' }))).toEqual(['C1']);
    expect(ids(filterCustomers(book, { ...NO_FILTERS, stages: ['lapsed'] }, { kind: 'trend', label: 'uptrader' }))).toEqual([]);
  });

  it('takes the most valuable customers for a Pareto click, ties by id', () => {
    // 9000 (C1), 9000 (C2), 5000 (C10): the top two are C1 and C2.
    expect([...topByValue(book, 2)].sort()).toEqual(['C1', 'C2']);
    expect(ids(filterCustomers(book, NO_FILTERS, { kind: 'top', customers: 3 }))).toEqual(['C10', 'C2', 'C1']);
  });
});

describe('sortCustomers', () => {
  it('sorts ids as numbers, not as text', () => {
    expect(ids(sortCustomers(book, { column: 'customer', descending: false }))).toEqual(['C1', 'C2', 'C3', 'C4', 'C10']);
  });

  it('sorts by slope with the customers without one last in both directions', () => {
    expect(ids(sortCustomers(book, { column: 'slope', descending: false }))).toEqual(['C10', 'C4', 'C1', 'C2', 'C3']);
    expect(ids(sortCustomers(book, { column: 'slope', descending: true }))).toEqual(['C2', 'C1', 'C4', 'C10', 'C3']);
  });

  it('breaks ties by customer id, so equal revenue keeps a fixed order', () => {
    expect(ids(sortCustomers(book, { column: 'revenue', descending: true }))).toEqual(['C1', 'C2', 'C10', 'C4', 'C3']);
  });

  it('sorts labels and stages in their natural order, names without accents', () => {
    expect(ids(sortCustomers(book, { column: 'trend', descending: false }))).toEqual(['C2', 'C4', 'C10', 'C1', 'C3']);
    expect(ids(sortCustomers(book, { column: 'stage', descending: false }))).toEqual(['C3', 'C1', 'C2', 'C10', 'C4']);
    expect(ids(sortCustomers(book, { column: 'name', descending: false }))).toEqual(['C1', 'C4', 'C2', 'C10', 'C3']);
  });
});

describe('nextSort', () => {
  it('cycles ascending, descending, none for text and descending first for money', () => {
    expect(nextSort(null, 'name')).toEqual({ column: 'name', descending: false });
    expect(nextSort({ column: 'name', descending: false }, 'name')).toEqual({ column: 'name', descending: true });
    expect(nextSort({ column: 'name', descending: true }, 'name')).toBeNull();
    expect(nextSort({ column: 'name', descending: true }, 'revenue')).toEqual({ column: 'revenue', descending: true });
    expect(nextSort({ column: 'revenue', descending: true }, 'revenue')).toEqual({ column: 'revenue', descending: false });
    expect(nextSort({ column: 'revenue', descending: false }, 'revenue')).toBeNull();
  });
});
