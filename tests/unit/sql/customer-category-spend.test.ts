// customer-category-spend.sql on a hand-made table: each expected value is worked out in the comment next to it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { customerCategorySpend, run } from '../../../src/sql/index.ts';
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

const AS_OF = '2024-06-30';

describe('customer category spend', () => {
  it('returns no row for an empty dataset', async () => {
    expect(await run(engine, customerCategorySpend, { asOf: AS_OF })).toEqual([]);
  });

  it('nets each category over the 12 months up to the date and flags what was bought then and ever', async () => {
    await appendSalesRows(
      engine,
      [
        // A: café twice in the window and a return; açúcar only before the window; leite only after the date.
        sale({ customer_id: 'A', order_date: '2024-01-10', amount: 100, category: 'Café' }),
        sale({ customer_id: 'A', order_date: '2024-06-30', amount: 50, category: 'Café' }),
        sale({ customer_id: 'A', order_date: '2024-03-01', amount: -30, category: 'Café' }),
        sale({ customer_id: 'A', order_date: '2023-06-30', amount: 80, category: 'Açúcar' }), // exactly 12 months back: outside
        sale({ customer_id: 'A', order_date: '2024-07-01', amount: 999, category: 'Leite' }),
        // B: a category only returned in the window, bought long before; a blank category and a missing one.
        sale({ customer_id: 'B', order_date: '2022-05-01', amount: 40, category: 'Chá' }),
        sale({ customer_id: 'B', order_date: '2024-02-01', amount: -40, category: 'Chá' }),
        sale({ customer_id: 'B', order_date: '2024-02-01', amount: 25, category: '' }),
        sale({ customer_id: 'B', order_date: '2024-02-02', amount: 25 }),
        // C: only a return, in the window.
        sale({ customer_id: 'C', order_date: '2024-05-05', amount: -10, category: 'Café' }),
        // D: a zero-amount line is a purchase (a free sample still counts as bought).
        sale({ customer_id: 'D', order_date: '2023-07-01', amount: 0, category: 'Café' }),
      ],
      'spend.csv',
    );
    expect(await run(engine, customerCategorySpend, { asOf: AS_OF })).toEqual([
      { customer_id: 'A', category: 'Açúcar', revenue12: 0, is_bought12: false, is_bought: true },
      { customer_id: 'A', category: 'Café', revenue12: 120, is_bought12: true, is_bought: true }, // 100 + 50 − 30
      { customer_id: 'B', category: 'Chá', revenue12: -40, is_bought12: false, is_bought: true },
      { customer_id: 'C', category: 'Café', revenue12: -10, is_bought12: false, is_bought: false },
      { customer_id: 'D', category: 'Café', revenue12: 0, is_bought12: true, is_bought: true },
    ]);
  });

  it('has no row when no line has a category', async () => {
    await appendSalesRows(engine, [sale({ customer_id: 'A', order_date: '2024-01-10', amount: 100 })], 'none.csv');
    expect(await run(engine, customerCategorySpend, { asOf: AS_OF })).toEqual([]);
  });
});
