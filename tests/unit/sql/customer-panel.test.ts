// customer-panel.sql: the dense customer × period panel, by month and by ISO week, on hand-made rows;
// expected cells are added up by hand in the comments.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { customerPanel, run } from '../../../src/sql/index.ts';
import type { SalesRow } from '../../../src/import/types.ts';
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

const monthly: SalesRow[] = [
  // A: Dec-23 one order; Jan-24 two orders (O2 has two lines, categories x and y); nothing in Feb-24;
  // Mar-24 one order and a return; an order in Apr-24.
  sale({ customer_id: 'A', order_date: '2023-12-05', amount: 100, quantity: 1, order_id: 'O1', category: 'x' }),
  sale({ customer_id: 'A', order_date: '2024-01-10', amount: 50, quantity: 2, order_id: 'O2', category: 'x' }),
  sale({ customer_id: 'A', order_date: '2024-01-10', amount: 30, quantity: 1, order_id: 'O2', category: 'y' }),
  sale({ customer_id: 'A', order_date: '2024-01-20', amount: 20, quantity: 1, order_id: 'O3', category: 'x' }),
  sale({ customer_id: 'A', order_date: '2024-03-02', amount: 80, quantity: 4, order_id: 'O4', category: 'y' }),
  sale({ customer_id: 'A', order_date: '2024-03-09', amount: -30, quantity: -1, order_id: 'R1', category: 'y' }),
  sale({ customer_id: 'A', order_date: '2024-04-01', amount: 1000, quantity: 10, order_id: 'O5', category: 'z' }),
  // B: first order in March 2024.
  sale({ customer_id: 'B', order_date: '2024-03-15', amount: 7, order_id: 'B1', category: 'x' }),
  // C: a line with no category (breadth 0, but an order), in a dataset that has categories.
  sale({ customer_id: 'C', order_date: '2024-02-29', amount: 12, product: 'p' }),
];

describe('customer panel by month', () => {
  it('returns no row for an empty dataset', async () => {
    expect(await run(engine, customerPanel, { asOf: '2024-03-31', unit: 'month', periods: 24 })).toEqual([]);
  });

  it('fills months without orders with zeros and nets returns within their month', async () => {
    await appendSalesRows(engine, monthly, 'panel.csv');
    const panel = await run(engine, customerPanel, { asOf: '2024-03-31', unit: 'month', periods: 24 });
    expect(panel).toEqual([
      {
        customer_id: 'A',
        tenure_periods: 4,
        start_period: '2023-12-01',
        revenue: [100, 100, 0, 50], // Jan: 50 + 30 + 20; Mar: 80 − 30
        items: [1, 4, 0, 3],
        orders: [1, 2, 0, 1], // the credit note R1 is not an order
        breadth: [1, 2, 0, 1],
      },
      { customer_id: 'B', tenure_periods: 1, start_period: '2024-03-01', revenue: [7], items: [0], orders: [1], breadth: [1] },
      {
        customer_id: 'C',
        tenure_periods: 2,
        start_period: '2024-02-01',
        revenue: [12, 0],
        items: [0, 0],
        orders: [1, 0],
        breadth: [0, 0],
      },
    ]);
  });

  it('starts older customers at the history window but counts their whole tenure', async () => {
    await appendSalesRows(engine, monthly, 'panel.csv');
    const panel = await run(engine, customerPanel, { asOf: '2024-03-31', unit: 'month', periods: 3 });
    expect(panel[0]).toEqual({
      customer_id: 'A',
      tenure_periods: 4,
      start_period: '2024-01-01',
      revenue: [100, 0, 50],
      items: [4, 0, 3],
      orders: [2, 0, 1],
      breadth: [2, 0, 1],
    });
  });

  it('gives a row of zeros to a customer with no order inside the history window', async () => {
    await appendSalesRows(engine, monthly, 'panel.csv');
    const panel = await run(engine, customerPanel, { asOf: '2024-08-31', unit: 'month', periods: 3 });
    // A's last order is in April; the window is June to August. Tenure: Dec-23 .. Aug-24.
    expect(panel[0]).toEqual({
      customer_id: 'A',
      tenure_periods: 9,
      start_period: '2024-06-01',
      revenue: [0, 0, 0],
      items: [0, 0, 0],
      orders: [0, 0, 0],
      breadth: [0, 0, 0],
    });
  });

  it('ends with the month before an analysis date that is not a month end, ignoring that month', async () => {
    await appendSalesRows(engine, monthly, 'panel.csv');
    const panel = await run(engine, customerPanel, { asOf: '2024-03-30', unit: 'month', periods: 24 });
    // B's only order falls in the incomplete March: B has no row.
    expect(panel.map((p) => p.customer_id)).toEqual(['A', 'C']);
    expect(panel[0]).toMatchObject({ tenure_periods: 3, start_period: '2023-12-01', revenue: [100, 100, 0] });
    expect(panel[1]).toMatchObject({ tenure_periods: 1, start_period: '2024-02-01', revenue: [12] });
  });

  it('counts distinct products as breadth when no line has a category', async () => {
    await appendSalesRows(
      engine,
      [
        sale({ customer_id: 'P', order_date: '2024-01-03', amount: 5, product: 'p1' }),
        sale({ customer_id: 'P', order_date: '2024-01-04', amount: 5, product: 'p2' }),
        sale({ customer_id: 'P', order_date: '2024-01-05', amount: 5, product: 'p1' }),
        sale({ customer_id: 'P', order_date: '2024-01-06', amount: -5, product: 'p3' }),
      ],
      'products.csv',
    );
    const panel = await run(engine, customerPanel, { asOf: '2024-01-31', unit: 'month', periods: 24 });
    // p1 and p2 bought; p3 only returned. Three days, three orders; revenue 5 + 5 + 5 − 5.
    expect(panel).toEqual([
      { customer_id: 'P', tenure_periods: 1, start_period: '2024-01-01', revenue: [10], items: [0], orders: [3], breadth: [2] },
    ]);
  });
});

describe('customer panel by ISO week', () => {
  const weekly: SalesRow[] = [
    sale({ customer_id: 'W', order_date: '2024-02-07', amount: 4 }), // Wednesday: week of Mon 02-05
    // week of 02-12: nothing
    sale({ customer_id: 'W', order_date: '2024-02-25', amount: 10 }), // Sunday: still the week of Mon 02-19
    sale({ customer_id: 'W', order_date: '2024-02-26', amount: 20 }), // Monday: a new week
    sale({ customer_id: 'W', order_date: '2024-03-03', amount: 5 }), // its Sunday
    sale({ customer_id: 'W', order_date: '2024-03-04', amount: 7 }),
    sale({ customer_id: 'W', order_date: '2024-03-10', amount: 1 }), // Sunday 03-10
    sale({ customer_id: 'W', order_date: '2024-03-11', amount: 100 }),
  ];

  it('cuts weeks Monday to Sunday and ends with the week of a Sunday analysis date', async () => {
    await appendSalesRows(engine, weekly, 'weeks.csv');
    const panel = await run(engine, customerPanel, { asOf: '2024-03-10', unit: 'week', periods: 24 });
    expect(panel).toEqual([
      {
        customer_id: 'W',
        tenure_periods: 5,
        start_period: '2024-02-05',
        revenue: [4, 0, 10, 25, 8],
        items: [0, 0, 0, 0, 0],
        orders: [1, 0, 1, 2, 2],
        breadth: [0, 0, 0, 0, 0],
      },
    ]);
  });

  it('ends with the previous week when the analysis date is not a Sunday', async () => {
    await appendSalesRows(engine, weekly, 'weeks.csv');
    const panel = await run(engine, customerPanel, { asOf: '2024-03-09', unit: 'week', periods: 3 });
    expect(panel).toEqual([
      {
        customer_id: 'W',
        tenure_periods: 4, // 02-05 .. 02-26
        start_period: '2024-02-12',
        revenue: [0, 10, 25],
        items: [0, 0, 0],
        orders: [0, 1, 2],
        breadth: [0, 0, 0],
      },
    ]);
  });
});
