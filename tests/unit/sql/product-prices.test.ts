// product-prices.sql on a hand-made table: each expected value is worked out in the comment next to it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { productPrices, run } from '../../../src/sql/index.ts';
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

describe('product prices', () => {
  it('returns no row for an empty dataset', async () => {
    expect(await run(engine, productPrices, { asOf: AS_OF })).toEqual([]);
  });

  it('takes the median unit price, the usual category and the buyers of the last 12 months', async () => {
    await appendSalesRows(
      engine,
      [
        // Café: prices 10 (unit_price), 12 (60 ÷ 5), 20 (unit_price wins over 99 ÷ 1), 30 → median (12 + 20) / 2 = 16;
        // two customers; a return, a line before the window and one after the date are ignored.
        sale({ customer_id: 'A', order_date: '2024-01-01', amount: 10, unit_price: 10, product: 'Café', category: 'Bebidas' }),
        sale({ customer_id: 'A', order_date: '2024-02-01', amount: 60, quantity: 5, product: 'Café', category: 'Bebidas' }),
        sale({ customer_id: 'B', order_date: '2024-03-01', amount: 99, quantity: 1, unit_price: 20, product: 'Café', category: 'Mercearia' }),
        sale({ customer_id: 'B', order_date: '2024-04-01', amount: 30, quantity: 1, product: 'Café', category: 'Bebidas' }),
        sale({ customer_id: 'C', order_date: '2024-04-01', amount: -500, quantity: -1, product: 'Café', category: 'Outros' }),
        sale({ customer_id: 'D', order_date: '2023-06-30', amount: 1, quantity: 1, product: 'Café', category: 'Outros' }),
        sale({ customer_id: 'D', order_date: '2024-07-01', amount: 1, quantity: 1, product: 'Café', category: 'Outros' }),
        // Chá: a tie between two categories (one line each) goes to the first in text order; no quantity, no unit
        // price and a zero quantity give no price, so the median is NULL; one buyer.
        sale({ customer_id: 'A', order_date: '2024-05-01', amount: 8, product: 'Chá', category: 'Infusões' }),
        sale({ customer_id: 'A', order_date: '2024-05-02', amount: 8, quantity: 0, product: 'Chá', category: 'Bebidas' }),
        // Mate: no category; a free sample (price 0) does not count as a price.
        sale({ customer_id: 'E', order_date: '2024-05-01', amount: 0, quantity: 1, product: 'Mate' }),
        sale({ customer_id: 'F', order_date: '2024-05-01', amount: 9, quantity: 3, product: 'Mate', category: '' }),
        // No product: left out.
        sale({ customer_id: 'G', order_date: '2024-05-01', amount: 9, quantity: 3, category: 'Bebidas' }),
      ],
      'prices.csv',
    );
    expect(await run(engine, productPrices, { asOf: AS_OF })).toEqual([
      { product: 'Café', category: 'Bebidas', unit_price: 16, buyers: 2 }, // Bebidas on 3 lines, Mercearia on 1
      { product: 'Chá', category: 'Bebidas', unit_price: null, buyers: 1 },
      { product: 'Mate', category: null, unit_price: 3, buyers: 2 }, // 9 ÷ 3
    ]);
  });
});
