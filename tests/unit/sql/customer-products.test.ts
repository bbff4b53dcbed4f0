// customer-products.sql on a hand-made table: each expected value is worked out in the comment next to it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { customerProducts, run } from '../../../src/sql/index.ts';
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

describe('customer products', () => {
  it('returns no row for an empty dataset', async () => {
    expect(await run(engine, customerProducts, { asOf: AS_OF })).toEqual([]);
  });

  it('lists the products bought in the 12 months up to the date, netting their returns', async () => {
    await appendSalesRows(
      engine,
      [
        sale({ customer_id: 'A', order_date: '2024-01-10', amount: 100, product: 'Café 1kg' }),
        sale({ customer_id: 'A', order_date: '2024-02-10', amount: -20, product: 'Café 1kg' }),
        sale({ customer_id: 'A', order_date: '2023-06-30', amount: 70, product: 'Chá' }), // outside: exactly 12 months back
        sale({ customer_id: 'A', order_date: '2024-07-01', amount: 70, product: 'Leite' }), // after the date
        sale({ customer_id: 'A', order_date: '2024-03-01', amount: 5, product: '' }), // no product
        sale({ customer_id: 'B', order_date: '2024-03-01', amount: -15, product: 'Café 1kg' }), // only returned
        sale({ customer_id: 'B', order_date: '2024-06-30', amount: 15, product: 'Açúcar' }),
        sale({ customer_id: 'C', order_date: '2024-04-01', amount: 30 }), // no product column at all
      ],
      'products.csv',
    );
    expect(await run(engine, customerProducts, { asOf: AS_OF })).toEqual([
      { customer_id: 'A', product: 'Café 1kg', revenue12: 80 }, // 100 − 20
      { customer_id: 'B', product: 'Açúcar', revenue12: 15 },
    ]);
  });
});
