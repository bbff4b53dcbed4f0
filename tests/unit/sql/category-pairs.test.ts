// category-pairs.sql and product-pairs.sql: customer-level co-occurrence on the five-basket example, each
// basket being one customer's purchases over the year, spread over several orders.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { SalesRow } from '../../../src/import/types.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { categoryPairs, productPairs, run } from '../../../src/sql/index.ts';
import { FIVE_BASKETS, FREQUENT_PAIRS } from './five-baskets.ts';
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

/** Customer Cn buys basket n, one line a month; `field` says whether the items are categories or products. */
function customerRows(field: 'category' | 'product'): SalesRow[] {
  const rows = FIVE_BASKETS.flatMap((basket, n) =>
    basket.map((item, i) => sale({ customer_id: `C${n + 1}`, order_date: `2024-0${1 + (i % 6)}-15`, amount: 10, [field]: item })),
  );
  return [
    ...rows,
    // None of these adds a holding: a repeat, a return of an item not held, lines before the window and after
    // the date, and lines without the item.
    sale({ customer_id: 'C1', order_date: '2024-06-30', amount: 5, [field]: 'Milk' }),
    sale({ customer_id: 'C3', order_date: '2024-02-01', amount: -10, [field]: 'Onion' }),
    sale({ customer_id: 'C3', order_date: '2023-06-30', amount: 10, [field]: 'Onion' }),
    sale({ customer_id: 'C4', order_date: '2024-07-01', amount: 10, [field]: 'Eggs' }),
    sale({ customer_id: 'C4', order_date: '2024-03-01', amount: 10, [field]: '' }),
    sale({ customer_id: 'C4', order_date: '2024-03-01', amount: 10 }),
  ];
}

const asRows = (pairs: readonly { item_a: string; item_b: string; count: number }[]) =>
  pairs.map(({ item_a, item_b, count }) => ({ item_a, item_b, customers: count }));

describe('category pairs', () => {
  it('returns no row for an empty dataset', async () => {
    expect(await run(engine, categoryPairs, { asOf: AS_OF, minCount: 1 })).toEqual([]);
  });

  it('counts the customers holding both categories, from the minimum count up', async () => {
    await appendSalesRows(engine, customerRows('category'), 'categories.csv');
    expect(await run(engine, categoryPairs, { asOf: AS_OF, minCount: 3 })).toEqual(asRows(FREQUENT_PAIRS));
    // At 1, every pair held by some customer; the counts add up to the pairs of each basket:
    // C(6,2) + C(6,2) + C(4,2) + C(5,2) + C(5,2) = 15 + 15 + 6 + 10 + 10 = 56.
    const all = await run(engine, categoryPairs, { asOf: AS_OF, minCount: 1 });
    const brute = new Map<string, number>();
    for (const basket of FIVE_BASKETS) {
      for (const a of basket) for (const b of basket) if (a < b) brute.set(`${a}|${b}`, (brute.get(`${a}|${b}`) ?? 0) + 1);
    }
    expect(all.reduce((sum, r) => sum + r.customers, 0)).toBe(56);
    expect(new Map(all.map((r) => [`${r.item_a}|${r.item_b}`, r.customers]))).toEqual(brute);
  });

  it('ignores products when looking at categories', async () => {
    await appendSalesRows(engine, customerRows('product'), 'products.csv');
    expect(await run(engine, categoryPairs, { asOf: AS_OF, minCount: 1 })).toEqual([]);
  });
});

describe('product pairs', () => {
  it('returns no row for an empty dataset', async () => {
    expect(await run(engine, productPairs, { asOf: AS_OF, minCount: 1, maxPairs: 10 })).toEqual([]);
  });

  it('counts the customers holding both products and keeps the most frequent pairs', async () => {
    await appendSalesRows(engine, customerRows('product'), 'products.csv');
    expect(await run(engine, productPairs, { asOf: AS_OF, minCount: 3, maxPairs: 100 })).toEqual(asRows(FREQUENT_PAIRS));
    expect(await run(engine, productPairs, { asOf: AS_OF, minCount: 3, maxPairs: 2 })).toEqual(asRows(FREQUENT_PAIRS.slice(0, 2)));
    expect(await run(engine, categoryPairs, { asOf: AS_OF, minCount: 1 })).toEqual([]);
  });
});
