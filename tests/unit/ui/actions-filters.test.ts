import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ACTION_SORT,
  NO_ACTION_FILTERS,
  facetCounts,
  facetValues,
  filterActions,
  foldText,
  nextActionSort,
  sortActions,
  type ListedAction,
} from '../../../src/ui/actions/action-filters.ts';
import { actionRow, listed } from './actions-fixtures.ts';

const book: ListedAction[] = [
  listed(actionRow({ id: 'C1', name: 'Mercearia São Jorge', action: 'cross_sell', stage: 'active', priority: 50 }), { salesperson: 'Ana', region: 'SP' }),
  listed(actionRow({ id: 'C1', name: 'Mercearia São Jorge', action: 'upgrade', stage: 'active', priority: 80, offer: 'Café, tier 3' }), { salesperson: 'Ana', region: 'SP' }),
  listed(actionRow({ id: 'C2', name: 'Padaria Lua', action: 'win_back', stage: 'at_risk', priority: 80, offer: null }), { salesperson: 'Bruno', region: 'RJ', status: 'done' }),
  listed(actionRow({ id: 'C3', name: null, action: 'win_back', stage: 'lapsed', priority: 10, offer: null }), { salesperson: null, region: 'SP' }),
  listed(actionRow({ id: 'C4', name: 'Quiosque', action: 'nurture', stage: 'new', priority: 30, offer: null }), { salesperson: 'Bruno', region: 'RJ', status: 'dismissed' }),
];

const ids = (items: ListedAction[]) => items.map((i) => `${i.row.customerId}:${i.row.action}`);

describe('filterActions', () => {
  it('keeps every row without filters, in input order', () => {
    expect(filterActions(book, NO_ACTION_FILTERS)).toEqual(book);
  });

  it('keeps only the chosen action types', () => {
    expect(ids(filterActions(book, { ...NO_ACTION_FILTERS, actions: ['win_back'] }))).toEqual(['C2:win_back', 'C3:win_back']);
  });

  it('combines groups with "and" and values within a group with "or"', () => {
    const filters = { ...NO_ACTION_FILTERS, actions: ['win_back', 'nurture'] as const, regions: ['RJ'] };
    expect(ids(filterActions(book, { ...filters, actions: [...filters.actions] }))).toEqual(['C2:win_back', 'C4:nurture']);
  });

  it('drops rows without a salesperson when a salesperson is chosen', () => {
    expect(ids(filterActions(book, { ...NO_ACTION_FILTERS, salespeople: ['Ana'] }))).toEqual(['C1:cross_sell', 'C1:upgrade']);
  });

  it('searches id, name and offer without minding case or accents', () => {
    expect(ids(filterActions(book, { ...NO_ACTION_FILTERS, search: 'sao jorge' }))).toEqual(['C1:cross_sell', 'C1:upgrade']);
    expect(ids(filterActions(book, { ...NO_ACTION_FILTERS, search: 'TIER 3' }))).toEqual(['C1:upgrade']);
    expect(ids(filterActions(book, { ...NO_ACTION_FILTERS, search: ' c3 ' }))).toEqual(['C3:win_back']);
  });

  it('hides done and dismissed rows when asked', () => {
    expect(ids(filterActions(book, { ...NO_ACTION_FILTERS, hideClosed: true }))).toEqual(['C1:cross_sell', 'C1:upgrade', 'C3:win_back']);
  });
});

describe('facetCounts', () => {
  it('counts, for every chip, the rows the list shows when that chip alone is picked in its group', () => {
    const others = { ...NO_ACTION_FILTERS, regions: ['SP'], hideClosed: true };
    const counts = facetCounts(book, others);
    // Oracle: pick each action type in turn and count what the list shows.
    for (const action of ['cross_sell', 'upgrade', 'win_back', 'nurture'] as const) {
      const shown = filterActions(book, { ...others, actions: [action] }).length;
      expect(counts.actions.get(action) ?? 0).toBe(shown);
    }
    expect(Object.fromEntries(counts.actions)).toEqual({ cross_sell: 1, upgrade: 1, win_back: 1 });
    // The region group ignores its own choice, so RJ still shows how many it would list (none left: both closed).
    expect(Object.fromEntries(counts.regions)).toEqual({ SP: 3 });
  });

  it('adds up to the rows shown when no chip of the group is picked', () => {
    const counts = facetCounts(book, NO_ACTION_FILTERS);
    const total = [...counts.actions.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(book.length);
    expect(Object.fromEntries(counts.stages)).toEqual({ active: 2, at_risk: 1, lapsed: 1, new: 1 });
    expect(Object.fromEntries(counts.salespeople)).toEqual({ Ana: 2, Bruno: 2 });
  });
});

describe('facetValues', () => {
  it('lists each salesperson once, sorted, without empty values', () => {
    expect(facetValues(book, 'salespeople', 'pt-BR')).toEqual(['Ana', 'Bruno']);
    expect(facetValues(book, 'regions', 'pt-BR')).toEqual(['RJ', 'SP']);
  });
});

describe('sortActions', () => {
  it('sorts by priority, highest first, keeping the input order of ties', () => {
    expect(ids(sortActions(book, DEFAULT_ACTION_SORT, 'en'))).toEqual(['C1:upgrade', 'C2:win_back', 'C1:cross_sell', 'C4:nurture', 'C3:win_back']);
  });

  it('sorts text in the language and puts empty values last either way', () => {
    const up = ids(sortActions(book, { column: 'offer', descending: false }, 'pt-BR'));
    expect(up).toEqual(['C1:cross_sell', 'C1:upgrade', 'C2:win_back', 'C3:win_back', 'C4:nurture']);
    const down = ids(sortActions(book, { column: 'offer', descending: true }, 'pt-BR'));
    expect(down).toEqual(['C1:upgrade', 'C1:cross_sell', 'C2:win_back', 'C3:win_back', 'C4:nurture']);
  });

  it('sorts customers by name, or by id when the name is missing', () => {
    expect(ids(sortActions(book, { column: 'customer', descending: false }, 'pt-BR'))).toEqual([
      'C3:win_back',
      'C1:cross_sell',
      'C1:upgrade',
      'C2:win_back',
      'C4:nurture',
    ]);
  });

  it('does not change its input', () => {
    const before = ids(book);
    sortActions(book, { column: 'pAlive', descending: false }, 'en');
    expect(ids(book)).toEqual(before);
  });
});

describe('nextActionSort', () => {
  it('starts numbers descending, text ascending, and flips the same column', () => {
    expect(nextActionSort(DEFAULT_ACTION_SORT, 'valueAtStake')).toEqual({ column: 'valueAtStake', descending: true });
    expect(nextActionSort(DEFAULT_ACTION_SORT, 'customer')).toEqual({ column: 'customer', descending: false });
    expect(nextActionSort(DEFAULT_ACTION_SORT, 'priority')).toEqual({ column: 'priority', descending: false });
  });
});

describe('foldText', () => {
  it('drops accents and case', () => {
    expect(foldText('AÇÚCAR Orgânico')).toBe('acucar organico');
  });
});
