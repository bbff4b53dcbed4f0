// The presenter's story figures: who moved most, what the movers add up to, the open actions first by priority,
// and stepping that stops at the ends of the story.
import { describe, expect, it } from 'vitest';
import type { ActionRow } from '../../../../src/analytics/actions.ts';
import type { CustomerAnalysis } from '../../../../src/pipeline.ts';
import { biggestByLabel, downtraderRows, labelTotals, stepSlide, topOpenActions } from '../../../../src/ui/presenter/story.ts';

/** A customer with only what the story reads. */
function customer(customerId: string, label: string, deltaPerPeriod: number | null, quiet = false): CustomerAnalysis {
  return {
    customerId,
    customerName: null,
    trend: { label, quiet, evidence: deltaPerPeriod === null ? null : { deltaPerPeriod } },
  } as unknown as CustomerAnalysis;
}

const book = [
  customer('A', 'downtrader', -300, true),
  customer('B', 'uptrader', 120),
  customer('C', 'downtrader', -900),
  customer('D', 'uptrader', 450),
  customer('E', 'stable', 5),
  customer('F', 'downtrader', -300),
  customer('G', 'uptrader', null),
];

describe('biggestByLabel', () => {
  it('puts the customers who moved most money first, ties by id', () => {
    expect(biggestByLabel(book, 'downtrader').map((c) => c.customerId)).toEqual(['C', 'A', 'F']);
    expect(biggestByLabel(book, 'uptrader', 2).map((c) => c.customerId)).toEqual(['D', 'B']);
  });

  it('checks its count', () => {
    expect(() => biggestByLabel(book, 'uptrader', -1)).toThrow('count must be an integer ≥ 0, got -1');
  });
});

describe('downtraderRows', () => {
  it('gives the last row to the biggest quiet downtrader when the biggest movers are all loud', () => {
    expect(downtraderRows(book, 2).map((c) => c.customerId)).toEqual(['C', 'A']);
    const loudFirst = [customer('Q', 'downtrader', -10, true), ...book.filter((c) => c.customerId !== 'A')];
    expect(downtraderRows(loudFirst, 2).map((c) => c.customerId)).toEqual(['C', 'Q']);
    expect(downtraderRows(loudFirst, 3).map((c) => c.customerId)).toEqual(['C', 'F', 'Q']);
  });

  it('keeps the plain order when a quiet one is already listed or none exists', () => {
    expect(downtraderRows(book, 3).map((c) => c.customerId)).toEqual(['C', 'A', 'F']);
    const noQuiet = book.filter((c) => c.customerId !== 'A');
    expect(downtraderRows(noQuiet, 1).map((c) => c.customerId)).toEqual(['C']);
  });
});

describe('labelTotals', () => {
  it('adds the money moved per period and counts the quiet downtraders', () => {
    expect(labelTotals(book, 'downtrader')).toEqual({ customers: 3, deltaPerPeriod: -1500, quiet: 1 });
    expect(labelTotals(book, 'uptrader')).toEqual({ customers: 3, deltaPerPeriod: 570, quiet: 0 });
  });
});

describe('topOpenActions', () => {
  const row = (customerId: string, priority: number) => ({ customerId, priority }) as ActionRow;
  it('keeps the open actions with the highest priority, highest first', () => {
    const rows = [row('a', 5), row('b', 50), row('c', 20), row('d', 40), row('e', 1)];
    const closed = new Set(['b']);
    expect(topOpenActions(rows, (r) => closed.has(r.customerId), 3).map((r) => r.customerId)).toEqual(['d', 'c', 'a']);
  });
});

describe('stepSlide', () => {
  it('moves one slide and stops at the first and the last', () => {
    expect(stepSlide(0, 1)).toBe(1);
    expect(stepSlide(4, 1)).toBe(4);
    expect(stepSlide(0, -1)).toBe(0);
    expect(stepSlide(3, -1)).toBe(2);
  });
});
