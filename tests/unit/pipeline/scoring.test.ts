// Packing the analysis rows into columns for the scoring worker, and scoring them: hand-made rows whose packed
// columns and scores are written out here (days since 1970-01-01 counted by hand from the ISO dates).
import { describe, expect, it } from 'vitest';
import { resolveTrendOptions } from '../../../src/analytics/trend.ts';
import { alignPanel, packFacts, packPanel, scoreFacts, scoreTrends, transferablesOf } from '../../../src/pipeline/scoring.ts';
import type { CustomerFactsRow, CustomerPanelRow } from '../../../src/sql/index.ts';

// 2024-01-01 is day 19723 (54 years, 13 of them leap years: 54 × 365 + 13).
const JAN_1 = 19723;

function facts(id: string, fields: Partial<CustomerFactsRow> = {}): CustomerFactsRow {
  return {
    customer_id: id,
    customer_name: null,
    first_order: '2024-01-01',
    last_order: '2024-03-01',
    orders: 3,
    revenue: 300,
    items: 3,
    categories: 1,
    cost: null,
    order_days: [JAN_1, JAN_1 + 31, JAN_1 + 60],
    trailing12: 300,
    orders12: 3,
    categories12: 1,
    best12: 300,
    ...fields,
  };
}

function panel(id: string, start: string, revenue: number[]): CustomerPanelRow {
  return {
    customer_id: id,
    tenure_periods: revenue.length + 1,
    start_period: start,
    revenue,
    items: revenue.map((r) => r / 100),
    orders: revenue.map((r) => (r > 0 ? 1 : 0)),
    breadth: revenue.map(() => 1),
  };
}

describe('packFacts', () => {
  it('lays the facts out in columns, the order days end to end, and marks the unknown costs', () => {
    const input = packFacts(
      [facts('A', { cost: 120.5 }), facts('B', { order_days: [JAN_1 + 10], last_order: '2024-01-11', orders: 1, revenue: -4, best12: 0 }), facts('C', { order_days: [] })],
      '2024-03-31',
      { isFullAnalysis: true },
    );
    expect(input.customerIds).toEqual(['A', 'B', 'C']);
    expect([...input.lastOrderDay]).toEqual([JAN_1 + 60, JAN_1 + 10, JAN_1 + 60]);
    expect([...input.dayOffsets]).toEqual([0, 3, 4, 4]);
    expect([...input.days]).toEqual([JAN_1, JAN_1 + 31, JAN_1 + 60, JAN_1 + 10]);
    expect([...input.orders]).toEqual([3, 1, 3]);
    expect([...input.revenue]).toEqual([300, -4, 300]);
    expect([...input.cost]).toEqual([120.5, 0, 0]);
    expect([...input.hasCost]).toEqual([1, 0, 0]);
    expect([...input.best12]).toEqual([300, 0, 300]);
    // Every column has a buffer of its own, so all of them can be handed over.
    expect(transferablesOf(input)).toHaveLength(10);
    // A plain record of typed arrays: a structured clone is the same input.
    expect(structuredClone(input)).toEqual(input);
  });

  it('refuses a figure that is not a number, naming the customer', () => {
    const bad = { ...facts('Z'), revenue: null } as unknown as CustomerFactsRow;
    expect(() => packFacts([bad], '2024-03-31', { isFullAnalysis: false })).toThrow('customer Z: revenue must be a number, got null');
  });
});

describe('packPanel and alignPanel', () => {
  it('places each panel row at its customer, and leaves customers without a row empty', () => {
    const ids = ['A', 'B', 'C', 'D'];
    const rows = [panel('B', '2024-01-01', [10, 0, 30]), panel('D', '2024-02-01', [5, 6])];
    expect(alignPanel(ids, rows).map((r) => r?.customer_id)).toEqual([undefined, 'B', undefined, 'D']);
    const input = packPanel(ids, rows, 'month', resolveTrendOptions({}));
    expect(input.starts).toEqual(['', '2024-01-01', '', '2024-02-01']);
    expect([...input.offsets]).toEqual([0, 0, 3, 3, 5]);
    expect([...input.revenue]).toEqual([10, 0, 30, 5, 6]);
    expect([...input.orders]).toEqual([1, 0, 1, 1, 1]);
    expect([...input.tenurePeriods]).toEqual([0, 4, 0, 3]);
  });

  it('finds rows by id when they do not come in the customers’ order', () => {
    const rows = [panel('C', '2024-01-01', [1]), panel('A', '2024-01-01', [2])];
    expect(alignPanel(['A', 'B', 'C'], rows).map((r) => r?.revenue[0])).toEqual([2, undefined, 1]);
  });

  it('refuses a row whose signals have different lengths', () => {
    const row = { ...panel('A', '2024-01-01', [1, 2]), breadth: [1] };
    expect(() => packPanel(['A'], [row], 'month', resolveTrendOptions({}))).toThrow('customer A: breadth must have one value per period (2), got 1');
  });
});

describe('scoreFacts and scoreTrends', () => {
  it('scores a customer who orders monthly and one lost for months by their order days', () => {
    // A: every 30 days until 10 days before the analysis date. B: one order 200 days before it.
    const asOfDay = JAN_1 + 200;
    const rows = [
      facts('A', { order_days: [JAN_1 + 70, JAN_1 + 100, JAN_1 + 130, JAN_1 + 160, JAN_1 + 190], last_order: '2024-07-09', orders: 5, revenue: 500 }),
      facts('B', { order_days: [JAN_1], last_order: '2024-01-01', orders: 1, revenue: 20 }),
    ];
    const scores = scoreFacts(packFacts(rows, '2024-07-19', { isFullAnalysis: false }));
    expect(asOfDay).toBe(JAN_1 + 200); // 2024-07-19
    expect(scores.stages.map((s) => [s.stage, s.daysSinceLast, s.typicalGapDays, s.gapSource])).toEqual([
      ['active', 10, 30, 'own'],
      ['lost', 200, 30, 'population'],
    ]);
    // Two customers make a small book (terciles): A is the most recent, frequent and spending.
    expect(scores.rfm.map((r) => [r.levels, r.r, r.f, r.m])).toEqual([
      [3, 3, 3, 3],
      [3, 1, 1, 1],
    ]);
    expect([scores.values, scores.stageHistory]).toEqual([null, null]);
  });

  it('gives a customer without panel periods the empty series’ label, new', () => {
    const input = packPanel(['A'], [], 'month', resolveTrendOptions({}));
    expect(scoreTrends(input).map((t) => [t.label, t.slopePct, t.evidence])).toEqual([['new', null, null]]);
  });
});
