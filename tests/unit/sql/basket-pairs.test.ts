// basket-pairs.sql and basket-items.sql: order-level co-occurrence on the five-basket example, each basket one
// order, two of them bought by the same customer; the counts then give the published rule measures.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pairRules } from '../../../src/analytics/association.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { SalesRow } from '../../../src/import/types.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { basketItems, basketPairs, run } from '../../../src/sql/index.ts';
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

/**
 * Customer X buys baskets 1 and 2 as orders O1 and O2 on one day; customer Y buys basket 3 as lines without an
 * order id on one day, and baskets 4 and 5 as orders O4 and O5 (O5's lines on two days).
 */
function basketRows(): SalesRow[] {
  const [b1, b2, b3, b4, b5] = FIVE_BASKETS as string[][];
  const line = (customer_id: string, order_date: string, product: string, order_id: string | null = null) =>
    sale({ customer_id, order_date, amount: 10, product, order_id });
  return [
    ...b1!.map((p) => line('X', '2024-03-01', p, 'O1')),
    ...b2!.map((p) => line('X', '2024-03-01', p, 'O2')),
    ...b3!.map((p) => line('Y', '2024-04-01', p)),
    ...b4!.map((p) => line('Y', '2024-04-02', p, 'O4')),
    ...b5!.map((p, i) => line('Y', i < 2 ? '2024-05-01' : '2024-05-02', p, 'O5')),
    // Adding nothing: a repeated product in O1, a return inside O4, lines without a product.
    line('X', '2024-03-01', 'Milk', 'O1'),
    sale({ customer_id: 'Y', order_date: '2024-04-02', amount: -10, product: 'Dill', order_id: 'O4' }),
    sale({ customer_id: 'Y', order_date: '2024-04-02', amount: 3, order_id: 'O4' }),
    // Outside the 12 months: before the window and after the date.
    line('Z', '2023-06-30', 'Eggs', 'OLD'),
    line('Z', '2023-06-30', 'Onion', 'OLD'),
    line('Z', '2024-07-01', 'Eggs', 'NEW'),
    line('Z', '2024-07-01', 'Onion', 'NEW'),
  ];
}

describe('basket pairs and items', () => {
  it('return no row for an empty dataset', async () => {
    expect(await run(engine, basketPairs, { asOf: AS_OF, minCount: 1, maxPairs: 10 })).toEqual([]);
    expect(await run(engine, basketItems, { asOf: AS_OF })).toEqual([]);
  });

  it('count the orders holding each pair and each product', async () => {
    await appendSalesRows(engine, basketRows(), 'baskets.csv');
    const pairs = await run(engine, basketPairs, { asOf: AS_OF, minCount: 3, maxPairs: 100 });
    expect(pairs).toEqual(FREQUENT_PAIRS.map(({ item_a, item_b, count }) => ({ item_a, item_b, baskets: count })));
    expect(await run(engine, basketPairs, { asOf: AS_OF, minCount: 3, maxPairs: 1 })).toEqual([pairs[0]]);
    const items = await run(engine, basketItems, { asOf: AS_OF });
    const expected: [string, number][] = [
      ['Apple', 1],
      ['Corn', 2],
      ['Dill', 1],
      ['Eggs', 4],
      ['Ice cream', 1],
      ['Kidney Beans', 5],
      ['Milk', 3],
      ['Nutmeg', 2],
      ['Onion', 3],
      ['Unicorn', 1],
      ['Yogurt', 3],
    ];
    expect(items).toEqual(expected.map(([item, baskets]) => ({ item, baskets, total_baskets: 5 })));
  });

  it('give the published measures of Onion → Eggs and Eggs → Onion through pairRules', async () => {
    await appendSalesRows(engine, basketRows(), 'baskets.csv');
    const pairs = await run(engine, basketPairs, { asOf: AS_OF, minCount: 1, maxPairs: 1000 });
    const items = await run(engine, basketItems, { asOf: AS_OF });
    const rules = pairRules(
      pairs.map((p) => ({ itemA: p.item_a, itemB: p.item_b, count: p.baskets })),
      items.map((i) => ({ item: i.item, count: i.baskets })),
      items[0]!.total_baskets,
      { minSupport: 0.6 },
    );
    const onionEggs = rules.find((r) => r.antecedent[0] === 'Onion' && r.consequent[0] === 'Eggs')!;
    expect(onionEggs.support).toBeCloseTo(0.6, 12);
    expect(onionEggs.confidence).toBe(1);
    expect(onionEggs.lift).toBeCloseTo(1.25, 12);
    expect(onionEggs.leverage).toBeCloseTo(0.12, 12);
    expect(onionEggs.conviction).toBe(Infinity);
    const eggsOnion = rules.find((r) => r.antecedent[0] === 'Eggs' && r.consequent[0] === 'Onion')!;
    expect(eggsOnion.confidence).toBeCloseTo(0.75, 12);
    expect(eggsOnion.conviction).toBeCloseTo(1.6, 12);
    const eggsBeans = rules.find((r) => r.antecedent[0] === 'Eggs' && r.consequent[0] === 'Kidney Beans')!;
    expect(eggsBeans.confidence).toBe(1);
    expect(eggsBeans.lift).toBeCloseTo(1, 12);
  });
});
