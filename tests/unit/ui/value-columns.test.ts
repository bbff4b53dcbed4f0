// The customer table's predicted-value columns: sorting joined by customer id (customers without a prediction
// or without a next order last), and the chart selections of the predicted-value charts as filters.
import { describe, expect, it } from 'vitest';
import { filterCustomers, nextSort, sortCustomers, NO_FILTERS } from '../../../src/ui/analysis/customer-list.ts';
import { predictionsById } from '../../../src/ui/analysis/value-figures.ts';
import { customer } from './analysis-fixtures.ts';
import { prediction } from './value-fixtures.ts';

const book = ['C1', 'C2', 'C3', 'C4', 'C10'].map((id) => customer({ id }));
const predictions = predictionsById([
  prediction({ id: 'C1', pAlive: 0.4, purchases: 0.8, clv: 50, nextOrderDay: null }),
  prediction({ id: 'C2', pAlive: 0.9, purchases: 3, clv: 400, nextOrderDay: 10_010 }),
  prediction({ id: 'C3', pAlive: 0.7, purchases: 1.2, clv: 400, nextOrderDay: 10_002 }),
  prediction({ id: 'C10', pAlive: 0.1, purchases: 0.1, clv: 5, nextOrderDay: null }),
  // C4 has no prediction (e.g. all its lines are returns).
]);
const ids = (list: { customerId: string }[]) => list.map((c) => c.customerId);

describe('sorting by the predicted-value columns', () => {
  it('sorts by P(alive) and by churn, in opposite orders', () => {
    expect(ids(sortCustomers(book, { column: 'pAlive', descending: true }, predictions))).toEqual(['C2', 'C3', 'C1', 'C10', 'C4']);
    expect(ids(sortCustomers(book, { column: 'churn', descending: true }, predictions))).toEqual(['C10', 'C1', 'C3', 'C2', 'C4']);
  });

  it('breaks ties of predicted value by id and puts a customer without prediction last both ways', () => {
    expect(ids(sortCustomers(book, { column: 'predictedClv', descending: true }, predictions))).toEqual(['C2', 'C3', 'C1', 'C10', 'C4']);
    expect(ids(sortCustomers(book, { column: 'predictedClv', descending: false }, predictions))).toEqual(['C10', 'C1', 'C2', 'C3', 'C4']);
  });

  it('sorts the next order soonest first, customers without one last in id order', () => {
    // C1 and C10 expect no order within the horizon and C4 has no prediction: all three are missing values.
    expect(ids(sortCustomers(book, { column: 'nextOrder', descending: false }, predictions))).toEqual(['C3', 'C2', 'C1', 'C4', 'C10']);
  });

  it('keeps the id order when no predictions are given yet', () => {
    expect(ids(sortCustomers(book, { column: 'expectedPurchases', descending: true }))).toEqual(['C1', 'C2', 'C3', 'C4', 'C10']);
  });

  it('starts the numbers biggest first and the next order date soonest first', () => {
    expect(nextSort(null, 'predictedClv')).toEqual({ column: 'predictedClv', descending: true });
    expect(nextSort(null, 'nextOrder')).toEqual({ column: 'nextOrder', descending: false });
  });
});

describe('the predicted-value chart selections', () => {
  it('keeps exactly the customers picked on the chart, in the table’s order', () => {
    const filter = { kind: 'selection', source: 'pAlive', customerIds: ['C10', 'C2', 'C99'] } as const;
    expect(ids(filterCustomers(book, NO_FILTERS, filter))).toEqual(['C2', 'C10']);
    expect(ids(filterCustomers(book, { ...NO_FILTERS, search: 'c1' }, filter))).toEqual(['C10']);
  });
});
