// customer-order-value.sql on a hand-made table: each expected value is worked out in the comment next to it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { customerOrderValue, run } from '../../../src/sql/index.ts';
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

// Recent half-year: (2023-12-31, 2024-06-30]; previous: (2023-06-30, 2023-12-31].
const AS_OF = '2024-06-30';

describe('customer order value', () => {
  it('returns no row for an empty dataset', async () => {
    expect(await run(engine, customerOrderValue, { asOf: AS_OF })).toEqual([]);
  });

  it('averages orders of the last 6 months and of the 6 before, and counts the months with an order', async () => {
    await appendSalesRows(
      engine,
      [
        // A, previous half: order P1 of two lines (300 + 100) and a day without id of two lines (50 + 50).
        sale({ customer_id: 'A', order_date: '2023-08-05', amount: 300, order_id: 'P1' }),
        sale({ customer_id: 'A', order_date: '2023-08-05', amount: 100, order_id: 'P1' }),
        sale({ customer_id: 'A', order_date: '2023-12-31', amount: 50 }),
        sale({ customer_id: 'A', order_date: '2023-12-31', amount: 50 }),
        // A, recent half: R1 with a discount line (200 − 20) and R2 of 60 in the same month; a credit note alone
        // (an order of negative lines only) is a return, not an order.
        sale({ customer_id: 'A', order_date: '2024-01-01', amount: 200, order_id: 'R1' }),
        sale({ customer_id: 'A', order_date: '2024-01-01', amount: -20, order_id: 'R1' }),
        sale({ customer_id: 'A', order_date: '2024-01-20', amount: 60, order_id: 'R2' }),
        sale({ customer_id: 'A', order_date: '2024-05-02', amount: -60, order_id: 'CN1' }),
        // Outside: exactly 12 months back, and after the date.
        sale({ customer_id: 'A', order_date: '2023-06-30', amount: 1000, order_id: 'OLD' }),
        sale({ customer_id: 'A', order_date: '2024-07-01', amount: 1000, order_id: 'NEW' }),
        // B: only recent orders; C: only an order before the window.
        sale({ customer_id: 'B', order_date: '2024-06-30', amount: 40, order_id: 'B1' }),
        sale({ customer_id: 'C', order_date: '2023-01-01', amount: 40, order_id: 'C1' }),
      ],
      'orders.csv',
    );
    expect(await run(engine, customerOrderValue, { asOf: AS_OF })).toEqual([
      {
        customer_id: 'A',
        recent_order_value: 120, // (180 + 60) / 2
        previous_order_value: 250, // (400 + 100) / 2
        recent_orders: 2,
        previous_orders: 2,
        active_months12: 3, // 2023-08, 2023-12, 2024-01
      },
      { customer_id: 'B', recent_order_value: 40, previous_order_value: null, recent_orders: 1, previous_orders: 0, active_months12: 1 },
    ]);
  });

  it('counts at most the 12 calendar months up to a mid-month date', async () => {
    // 2024-06-15 back 12 months: (2023-06-15, 2024-06-15]; the months counted run from 2023-07 to 2024-06.
    const rows = ['2023-06-20', '2023-07-01', '2023-09-09', '2024-06-15'].map((d, i) =>
      sale({ customer_id: 'A', order_date: d, amount: 10, order_id: `O${i}` }),
    );
    await appendSalesRows(engine, rows, 'mid.csv');
    const [row] = await run(engine, customerOrderValue, { asOf: '2024-06-15' });
    expect(row).toMatchObject({ recent_orders: 1, previous_orders: 3, active_months12: 3 }); // 2023-07, 2023-09, 2024-06
  });
});
