// customer-purchase-summary.sql and purchase-days.sql: on CDNOW against Hardie's published calibration summary
// and the pure summarizePurchases, and on a hand-made table whose expected rows are worked out in the comments.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizePurchases } from '../../../src/analytics/rfm-summary.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { customerPurchaseSummary, purchaseDays, run, type CustomerPurchaseSummaryRow } from '../../../src/sql/index.ts';
import { CALIBRATION_END, cdnowLines, dayOf, hardieFrequencySummary, hardieSummary } from '../../fixtures/cdnow/cdnow.ts';
import { sale } from './sales-rows.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

/** cdnow_sample.csv as sales rows, read with a plain split (the file is plain ASCII). */
function cdnowSales() {
  const text = readFileSync(new URL('../../fixtures/cdnow/cdnow_sample.csv', import.meta.url), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line, i) => {
      const [customer_id, order_date, quantity, amount] = line.split(',');
      return sale({ customer_id: customer_id!, order_date: order_date!, quantity: Number(quantity), amount: Number(amount), source_line: i + 2 });
    });
}

describe('customer-purchase-summary.sql on CDNOW (weekly, as of 1997-09-30)', () => {
  let rows: CustomerPurchaseSummaryRow[];
  beforeAll(async () => {
    await createDataset(engine);
    await appendSalesRows(engine, cdnowSales(), 'cdnow_sample.csv');
    rows = await run(engine, customerPurchaseSummary, { asOf: CALIBRATION_END, unitDays: 7 });
  });

  it("equals Hardie's calibration summary for all 2,357 customers", () => {
    expect(rows).toHaveLength(2357);
    const byId = new Map(rows.map((row) => [row.customer_id, row]));
    const published = hardieFrequencySummary();
    const withSpend = new Map(hardieSummary().map((h) => [h.id, h]));
    expect(published).toHaveLength(2357);
    let repeaters = 0;
    for (const h of published) {
      const row = byId.get(h.id);
      expect(row, h.id).toBeDefined();
      expect(row!.frequency, h.id).toBe(h.frequency);
      expect(Number(row!.recency.toFixed(2)), h.id).toBe(h.recency);
      expect(Number(row!.T.toFixed(2)), h.id).toBe(h.T);
      const zbar = withSpend.get(h.id)!.zbar;
      expect(Math.abs(row!.monetary_value - zbar), h.id).toBeLessThanOrEqual(0.006);
      if (h.frequency > 0) repeaters++;
    }
    // The README's count of repeat customers: the monetary check above covered 946 non-trivial means.
    expect(repeaters).toBe(946);
  });

  it('lists customers in customer_id order (as text), like the customer analysis', () => {
    const ids = rows.map((row) => row.customer_id);
    expect(ids.slice(0, 4)).toEqual(['1', '10', '100', '1000']);
    expect(ids).toEqual([...ids].sort());
  });

  it('equals the pure summarizePurchases on the same lines', () => {
    const pure = summarizePurchases(cdnowLines(), { asOfDay: dayOf(CALIBRATION_END), unitDays: 7 });
    const byId = new Map(rows.map((row) => [row.customer_id, row]));
    expect(pure).toHaveLength(rows.length);
    for (const s of pure) {
      const row = byId.get(s.customerId)!;
      expect({ x: row.frequency, tx: row.recency, T: row.T, firstDay: row.first_day, lastDay: row.last_day }, s.customerId).toEqual({
        x: s.x,
        tx: s.tx,
        T: s.T,
        firstDay: s.firstDay,
        lastDay: s.lastDay,
      });
      expect(row.monetary_value).toBeCloseTo(s.mx, 9);
    }
  });

  it('gives purchase days that summarise back to the same summary', async () => {
    const days = await run(engine, purchaseDays, { endDate: CALIBRATION_END });
    // Same-day lines merged: the README's 223 same-day repeats among all 6,919 lines shrink the count here.
    const raw = cdnowLines().filter((l) => l.day <= dayOf(CALIBRATION_END));
    expect(days).toHaveLength(new Set(raw.map((l) => `${l.customerId}|${l.day}`)).size);
    const again = summarizePurchases(
      days.map((d) => ({ customerId: d.customer_id, day: d.day, amount: d.amount })),
      { asOfDay: dayOf(CALIBRATION_END), unitDays: 7 },
    );
    expect(again.map((s) => [s.customerId, s.x, s.tx, s.T])).toEqual(rows.map((r) => [r.customer_id, r.frequency, r.recency, r.T]));
    again.forEach((s, i) => expect(s.mx).toBeCloseTo(rows[i]!.monetary_value, 9));
  });
});

describe('customer-purchase-summary.sql conventions on a hand-made table', () => {
  const AS_OF = '2024-03-31';
  beforeAll(async () => {
    await createDataset(engine);
    await appendSalesRows(
      engine,
      [
        // A: a discount line on the first day (100 − 10 = 90), a 0.00 order, a day of returns only (not a purchase),
        // a day whose return exceeds its purchase (still a purchase, total floored at 0), a two-line day (60),
        // and an order after the analysis date.
        sale({ customer_id: 'A', order_date: '2024-01-01', amount: 100 }),
        sale({ customer_id: 'A', order_date: '2024-01-01', amount: -10 }),
        sale({ customer_id: 'A', order_date: '2024-01-15', amount: 0 }),
        sale({ customer_id: 'A', order_date: '2024-01-20', amount: -30 }),
        sale({ customer_id: 'A', order_date: '2024-02-05', amount: 20 }),
        sale({ customer_id: 'A', order_date: '2024-02-05', amount: -50 }),
        sale({ customer_id: 'A', order_date: '2024-03-04', amount: 40 }),
        sale({ customer_id: 'A', order_date: '2024-03-04', amount: 20 }),
        sale({ customer_id: 'A', order_date: '2024-04-10', amount: 500 }),
        // B: only a return: no purchase, no row.
        sale({ customer_id: 'B', order_date: '2024-02-10', amount: -25 }),
        // C: one purchase day of two lines, more than 12 months back.
        sale({ customer_id: 'C', order_date: '2023-01-10', amount: 80 }),
        sale({ customer_id: 'C', order_date: '2023-01-10', amount: 20 }),
        // D: a purchase exactly 12 months before the date (outside the trailing year) and one the day after.
        sale({ customer_id: 'D', order_date: '2023-03-31', amount: 10 }),
        sale({ customer_id: 'D', order_date: '2023-04-01', amount: 5 }),
        // E: a return before the first purchase does not move the first purchase day.
        sale({ customer_id: 'E', order_date: '2024-03-01', amount: -5 }),
        sale({ customer_id: 'E', order_date: '2024-03-02', amount: 15 }),
      ],
      'hand.csv',
    );
  });

  const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;

  it('merges days, keeps 0.00 orders, drops return-only days, floors net-negative days and reads the trailing year', async () => {
    const rows = await run(engine, customerPurchaseSummary, { asOf: AS_OF, unitDays: 7 });
    expect(rows).toEqual([
      // A: purchase days 01-01, 01-15, 02-05, 03-04 → x = 3; 01-01 → 03-04 is 31 + 29 + 3 = 63 days = 9 weeks;
      // 01-01 → 03-31 is 31 + 29 + 30 = 90 days; mx = (0 + 0 + 60) / 3 = 20; trailing 90 + 0 − 30 − 30 + 60 = 90.
      { customer_id: 'A', frequency: 3, recency: 9, T: 90 / 7, monetary_value: 20, first_day: day('2024-01-01'), last_day: day('2024-03-04'), trailing_revenue: 90 },
      // C: 2023-01-10 → 2024-03-31 is 365 + 31 + 29 + 21 = 446 days.
      { customer_id: 'C', frequency: 0, recency: 0, T: 446 / 7, monetary_value: 0, first_day: day('2023-01-10'), last_day: day('2023-01-10'), trailing_revenue: 0 },
      // D: one day apart; 2023-03-31 → 2024-03-31 spans 29 February: 366 days; only the 5 is in the trailing year.
      { customer_id: 'D', frequency: 1, recency: 1 / 7, T: 366 / 7, monetary_value: 5, first_day: day('2023-03-31'), last_day: day('2023-04-01'), trailing_revenue: 5 },
      // E: first purchase 03-02, 29 days before the date; the return nets into the trailing revenue (15 − 5).
      { customer_id: 'E', frequency: 0, recency: 0, T: 29 / 7, monetary_value: 0, first_day: day('2024-03-02'), last_day: day('2024-03-02'), trailing_revenue: 10 },
    ]);
  });

  it('measures recency and T in days or average months (30.4375 days)', async () => {
    const [daily] = await run(engine, customerPurchaseSummary, { asOf: AS_OF, unitDays: 1 });
    expect([daily!.recency, daily!.T]).toEqual([63, 90]);
    const [monthly] = await run(engine, customerPurchaseSummary, { asOf: AS_OF, unitDays: 30.4375 });
    expect([monthly!.recency, monthly!.T]).toEqual([63 / 30.4375, 90 / 30.4375]);
  });

  it('lists the purchase days with the same day totals up to the end date', async () => {
    const rows = await run(engine, purchaseDays, { endDate: AS_OF });
    expect(rows).toEqual([
      { customer_id: 'A', day: day('2024-01-01'), amount: 90 },
      { customer_id: 'A', day: day('2024-01-15'), amount: 0 },
      { customer_id: 'A', day: day('2024-02-05'), amount: 0 },
      { customer_id: 'A', day: day('2024-03-04'), amount: 60 },
      { customer_id: 'C', day: day('2023-01-10'), amount: 100 },
      { customer_id: 'D', day: day('2023-03-31'), amount: 10 },
      { customer_id: 'D', day: day('2023-04-01'), amount: 5 },
      { customer_id: 'E', day: day('2024-03-02'), amount: 15 },
    ]);
    const later = await run(engine, purchaseDays, { endDate: '2024-04-30' });
    expect(later.filter((r) => r.customer_id === 'A').map((r) => r.amount)).toEqual([90, 0, 0, 60, 500]);
  });

  it('returns no rows before the first purchase and on an empty table', async () => {
    expect(await run(engine, customerPurchaseSummary, { asOf: '2022-12-31', unitDays: 7 })).toEqual([]);
    expect(await run(engine, purchaseDays, { endDate: '2022-12-31' })).toEqual([]);
    await createDataset(engine);
    expect(await run(engine, customerPurchaseSummary, { asOf: AS_OF, unitDays: 7 })).toEqual([]);
    expect(await run(engine, purchaseDays, { endDate: AS_OF })).toEqual([]);
  });
});
