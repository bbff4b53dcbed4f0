// customer-facts.sql: one row per customer as of a date, on a hand-made table; every expected value is
// worked out by hand in the comments next to it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { customerFacts, run } from '../../../src/sql/index.ts';
import type { SalesRow } from '../../../src/import/types.ts';
import { mulberry32 } from '../../fixtures/seeded-random.ts';
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

/** Days since 1970-01-01, computed with Date.UTC (independent of the code under test). */
const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

const AS_OF = '2024-03-31';

const rows: SalesRow[] = [
  // A: three orders, one with two lines, a return with its own credit-note id, an order after the analysis date.
  sale({ customer_id: 'A', order_date: '2023-01-10', amount: 100, quantity: 2, order_id: 'O1', category: 'x', customer_name: 'Ana' }),
  sale({ customer_id: 'A', order_date: '2023-01-10', amount: 50, quantity: 1, order_id: 'O1', category: 'y', customer_name: 'Ana' }),
  sale({ customer_id: 'A', order_date: '2023-03-05', amount: 200, quantity: 4, order_id: 'O2', category: 'x', customer_name: 'ANA LTDA' }),
  sale({ customer_id: 'A', order_date: '2023-03-20', amount: -50, quantity: -1, order_id: 'R1', category: 'y', customer_name: 'ANA LTDA' }),
  sale({ customer_id: 'A', order_date: '2024-02-10', amount: 300, quantity: 3, order_id: 'O3', category: 'z', customer_name: 'Ana' }),
  sale({ customer_id: 'A', order_date: '2024-06-01', amount: 999, quantity: 9, order_id: 'O4', category: 'w', customer_name: 'Later' }),
  // B: no order ids, no quantity, no category, no name: two lines on one day are one order.
  sale({ customer_id: 'B', order_date: '2024-03-01', amount: 10 }),
  sale({ customer_id: 'B', order_date: '2024-03-01', amount: 20 }),
  sale({ customer_id: 'B', order_date: '2024-03-15', amount: 5 }),
  // C: only a return on or before the analysis date.
  sale({ customer_id: 'C', order_date: '2024-01-05', amount: -40, order_id: 'R9', category: 'q' }),
  // D: only after the analysis date.
  sale({ customer_id: 'D', order_date: '2024-04-02', amount: 70, order_id: 'O9' }),
  // E: younger than 12 months, ending with a net-negative month.
  sale({ customer_id: 'E', order_date: '2023-11-10', amount: 500, order_id: 'E1' }),
  sale({ customer_id: 'E', order_date: '2024-01-10', amount: -100, order_id: 'E2' }),
  // F: a return two months in, then a big order a year later.
  sale({ customer_id: 'F', order_date: '2022-01-15', amount: 10 }),
  sale({ customer_id: 'F', order_date: '2022-02-15', amount: -100 }),
  sale({ customer_id: 'F', order_date: '2023-01-20', amount: 500 }),
  // H: a cost on every line (the return's cost nets out); I: a cost on one line of two.
  sale({ customer_id: 'H', order_date: '2024-03-01', amount: 100, cost: 60, order_id: 'H1' }),
  sale({ customer_id: 'H', order_date: '2024-03-02', amount: -50, cost: -30, order_id: 'H2' }),
  sale({ customer_id: 'I', order_date: '2024-03-01', amount: 100, cost: 60, order_id: 'I1' }),
  sale({ customer_id: 'I', order_date: '2024-03-02', amount: 40, order_id: 'I2' }),
  // G: two names seen once each.
  sale({ customer_id: 'G', order_date: '2024-03-10', amount: 1, customer_name: 'Beta' }),
  sale({ customer_id: 'G', order_date: '2024-03-11', amount: 2, customer_name: 'Alfa' }),
];

describe('customer facts', () => {
  it('returns no row for an empty dataset', async () => {
    expect(await run(engine, customerFacts, { asOf: AS_OF })).toEqual([]);
  });

  it('sums each customer as of the date, netting returns and ignoring later lines', async () => {
    await appendSalesRows(engine, rows, 'facts.csv');
    const facts = await run(engine, customerFacts, { asOf: AS_OF });
    expect(facts.map((f) => f.customer_id)).toEqual(['A', 'B', 'C', 'E', 'F', 'G', 'H', 'I']);
    const byId = new Map(facts.map((f) => [f.customer_id, f]));

    expect(byId.get('A')).toEqual({
      customer_id: 'A',
      customer_name: 'Ana', // three lines against two for ANA LTDA; "Later" is after the date
      first_order: '2023-01-10',
      last_order: '2024-02-10',
      orders: 3, // O1, O2, O3; the credit note R1 is not an order
      revenue: 600, // 100 + 50 + 200 − 50 + 300
      items: 9, // 2 + 1 + 4 − 1 + 3
      categories: 3, // x, y, z
      cost: null,
      order_days: [day('2023-01-10'), day('2023-03-05'), day('2024-02-10')],
      trailing12: 300, // after 2023-03-31: only O3
      orders12: 1,
      categories12: 1, // z
      // Months Jan-23 150, Mar-23 150 (200 − 50), Feb-24 300. Best 12 in a row: Mar-23..Feb-24 = 450.
      best12: 450,
    });
    expect(byId.get('B')).toEqual({
      customer_id: 'B',
      customer_name: null,
      first_order: '2024-03-01',
      last_order: '2024-03-15',
      orders: 2, // one per day without order ids
      revenue: 35,
      items: 0,
      categories: 0,
      cost: null,
      order_days: [day('2024-03-01'), day('2024-03-15')],
      trailing12: 35,
      orders12: 2,
      categories12: 0,
      best12: 35, // one month old: the whole revenue
    });
    expect(byId.get('C')).toMatchObject({
      first_order: '2024-01-05',
      last_order: '2024-01-05',
      orders: 0,
      revenue: -40,
      categories: 0, // q was only returned
      categories12: 0,
      order_days: [day('2024-01-05')],
      trailing12: -40,
      orders12: 0,
      best12: -40,
    });
    // Five months old (Nov-23..Mar-24): the whole 400, not the 500 of its first month.
    expect(byId.get('E')).toMatchObject({ orders: 1, revenue: 400, best12: 400, trailing12: 400 });
    // Jan-22 10, Feb-22 −100, Jan-23 500. The window Mar-22..Feb-23 (empty months count as 0) holds 500;
    // windows holding Jan-23 and Feb-22 hold at most 410.
    expect(byId.get('F')).toMatchObject({ orders: 2, revenue: 410, best12: 500, trailing12: 0, orders12: 0, first_order: '2022-01-15', last_order: '2023-01-20' });
    expect(byId.get('G')).toMatchObject({ customer_name: 'Alfa', orders: 2, revenue: 3, cost: null });
    expect(byId.get('H')).toMatchObject({ revenue: 50, cost: 30, orders: 1 });
    expect(byId.get('I')).toMatchObject({ revenue: 140, cost: null, orders: 2 });
  });

  it('replays an earlier date from the same table', async () => {
    await appendSalesRows(engine, rows, 'facts.csv');
    const facts = await run(engine, customerFacts, { asOf: '2023-03-19' });
    // Only A (Jan-23 and the March order before its return) and F are customers by then.
    expect(facts.map((f) => f.customer_id)).toEqual(['A', 'F']);
    expect(facts[0]).toMatchObject({ orders: 2, revenue: 350, last_order: '2023-03-05', trailing12: 350, best12: 350 });
    // F: 12 months ending 2023-03-19 start after 2022-03-19: only the 500.
    expect(facts[1]).toMatchObject({ revenue: 410, trailing12: 500, orders12: 1, best12: 500 });
  });
});

describe('best 12 months', () => {
  /** The plain definition: every run of 12 calendar months from the first month to the analysis month. */
  function bestTwelveByHand(monthly: number[]): number {
    if (monthly.length < 12) return monthly.reduce((a, b) => a + b, 0);
    let best = -Infinity;
    for (let end = 0; end < monthly.length; end++) {
      let sum = 0;
      for (let m = Math.max(0, end - 11); m <= end; m++) sum += monthly[m]!;
      best = Math.max(best, sum);
    }
    return best;
  }

  it('matches the month-by-month definition on random histories with gaps and returns', async () => {
    const random = mulberry32(20240331);
    const rows: SalesRow[] = [];
    const expected = new Map<string, number>();
    // 200 customers; months 0..35 are Apr-21..Mar-24 and the analysis date is 2024-03-31.
    for (let c = 0; c < 200; c++) {
      const id = `R${String(c).padStart(3, '0')}`;
      const first = Math.floor(random() * 36);
      const monthly: number[] = [];
      for (let m = first; m < 36; m++) {
        let total = 0;
        // Whole amounts, so every order of summation gives the same double.
        if (m === first || random() < 0.35) {
          const amount = m === first ? 1 + Math.floor(random() * 500) : Math.floor(random() * 1000) - 300;
          const month = 3 + m; // months since Jan-21
          const iso = `${2021 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
          rows.push(sale({ customer_id: id, order_date: iso, amount }));
          total += amount;
        }
        monthly.push(total);
      }
      expected.set(id, bestTwelveByHand(monthly));
    }
    await appendSalesRows(engine, rows, 'random.csv');
    const facts = await run(engine, customerFacts, { asOf: '2024-03-31' });
    expect(new Map(facts.map((f) => [f.customer_id, f.best12]))).toEqual(expected);
  });
});
