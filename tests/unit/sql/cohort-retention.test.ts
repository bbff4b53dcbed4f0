// cohort-retention.sql: monthly acquisition cohorts × months since the first order, on hand-made rows.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { cohortRetention, run } from '../../../src/sql/index.ts';
import { sale } from './sales-rows.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});
beforeEach(async () => {
  await createDataset(engine);
});

const rows = [
  // January cohort: A, B, E.
  sale({ customer_id: 'A', order_date: '2024-01-05', amount: 100 }),
  sale({ customer_id: 'A', order_date: '2024-03-10', amount: 50 }),
  sale({ customer_id: 'A', order_date: '2024-03-12', amount: -20 }),
  sale({ customer_id: 'B', order_date: '2024-01-20', amount: 30 }),
  sale({ customer_id: 'B', order_date: '2024-02-03', amount: 10 }),
  sale({ customer_id: 'E', order_date: '2024-01-02', amount: 10 }),
  sale({ customer_id: 'E', order_date: '2024-02-05', amount: -10 }), // a return alone: revenue, not a retained customer
  // February cohort: C, whose order is fully returned the same month; its April order is after the date.
  sale({ customer_id: 'C', order_date: '2024-02-14', amount: 70 }),
  sale({ customer_id: 'C', order_date: '2024-02-20', amount: -70 }),
  sale({ customer_id: 'C', order_date: '2024-04-02', amount: 40 }),
  // March cohort: D.
  sale({ customer_id: 'D', order_date: '2024-03-31', amount: 5 }),
];

describe('cohort retention', () => {
  it('returns no row for an empty dataset', async () => {
    expect(await run(engine, cohortRetention, { asOf: '2024-03-31' })).toEqual([]);
  });

  it('counts retained customers and revenue per cohort and age, zeros included', async () => {
    await appendSalesRows(engine, rows, 'cohorts.csv');
    expect(await run(engine, cohortRetention, { asOf: '2024-03-31' })).toEqual([
      { cohort: '2024-01-01', age: 0, customers: 3, revenue: 140, cohort_size: 3 }, // 100 + 30 + 10
      { cohort: '2024-01-01', age: 1, customers: 1, revenue: 0, cohort_size: 3 }, // B 10, E −10
      { cohort: '2024-01-01', age: 2, customers: 1, revenue: 30, cohort_size: 3 }, // A 50 − 20
      { cohort: '2024-02-01', age: 0, customers: 1, revenue: 0, cohort_size: 1 }, // C 70 − 70
      { cohort: '2024-02-01', age: 1, customers: 0, revenue: 0, cohort_size: 1 },
      { cohort: '2024-03-01', age: 0, customers: 1, revenue: 5, cohort_size: 1 },
    ]);
  });

  it('replays an earlier date, ignoring later lines', async () => {
    await appendSalesRows(engine, rows, 'cohorts.csv');
    expect(await run(engine, cohortRetention, { asOf: '2024-02-10' })).toEqual([
      { cohort: '2024-01-01', age: 0, customers: 3, revenue: 140, cohort_size: 3 },
      { cohort: '2024-01-01', age: 1, customers: 1, revenue: 0, cohort_size: 3 },
    ]);
  });
});
