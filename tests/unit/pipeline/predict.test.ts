// predictCustomerValues and validateValueModel through the real SQL on real DuckDB: CDNOW reproduces the published
// BG/NBD and Gamma-Gamma fits (Fader, Hardie & Lee 2005; Fader & Hardie 2013), the holdout counts match a count
// made here from the raw CSV, and the demo export gives a finite, non-negative prediction for every customer.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { detect, parseBytes } from '../../../src/import/index.ts';
import type { SalesRow } from '../../../src/import/types.ts';
import {
  appendSalesRows,
  createDataset,
  inlineModelRunner,
  predictCustomerValues,
  validateValueModel,
  type CustomerValueModel,
  type ModelRunner,
} from '../../../src/pipeline.ts';
import { hardieSummary } from '../../fixtures/cdnow/cdnow.ts';
import { sale } from '../sql/sales-rows.ts';

const DAY_MS = 86_400_000;
const dayOfIso = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Published values (README of tests/fixtures/cdnow: lifetimes' printed fit and the papers). */
const BGNBD = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259, logLikelihood: -9582.43 };
const GAMMA_GAMMA = { p: 6.2488, q: 3.7446, gamma: 15.4477 };
const withinHalfPercent = (actual: number, expected: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(0.005);

/** cdnow_sample.csv split by hand: [customer, ISO date, amount]. */
function cdnowRaw(): [string, string, number][] {
  return readFileSync(new URL('../../fixtures/cdnow/cdnow_sample.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [customer, date, , amount] = line.split(',');
      return [customer!, date!, Number(amount)];
    });
}

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

describe('predicted value on CDNOW', () => {
  const raw = cdnowRaw();
  let model: CustomerValueModel;
  beforeAll(async () => {
    await createDataset(engine);
    await appendSalesRows(
      engine,
      raw.map(([customer_id, order_date, amount], i) => sale({ customer_id, order_date, amount, source_line: i + 2 })),
      'cdnow_sample.csv',
    );
    model = await predictCustomerValues(engine, { asOf: '1997-09-30', unit: 'week' });
  });

  it('reproduces the published BG/NBD and Gamma-Gamma fits (weekly, as of 1997-09-30)', () => {
    const { predictions, settings } = model;
    expect(settings).toEqual({ asOf: '1997-09-30', unit: 'week', unitDays: 7, horizonMonths: 12, monthlyDiscount: 0.01 });
    expect([predictions.method, predictions.reason]).toEqual(['bgnbd_gamma_gamma', 'ok']);
    const bgnbd = predictions.bgnbd!;
    for (const key of ['r', 'alpha', 'a', 'b', 'logLikelihood'] as const) withinHalfPercent(bgnbd[key], BGNBD[key]);
    const gg = predictions.gammaGamma!;
    for (const key of ['p', 'q', 'gamma'] as const) withinHalfPercent(gg[key], GAMMA_GAMMA[key]);
    expect([predictions.customerCount, predictions.repeatBuyers]).toEqual([2357, 946]);
  });

  it("gives every customer Hardie's summary, in customer id order, with the lifetimes documentation's spend figures", () => {
    const { customers } = model.predictions;
    const ids = customers.map((c) => c.customerId);
    expect(ids).toEqual([...ids].sort());
    const byId = new Map(customers.map((c) => [c.customerId, c]));
    for (const h of hardieSummary()) {
      const c = byId.get(h.id)!;
      expect(c.frequency).toBe(h.x);
      expect(Number(c.recency.toFixed(2))).toBe(h.tx);
      expect(Number(c.T.toFixed(2))).toBe(h.T);
      expect(Math.abs(c.monetaryValue - h.zbar)).toBeLessThanOrEqual(0.006);
    }
    // lifetimes docs: mean E[M] over all 2,357 customers 35.2529588256 (one-time buyers get the population mean
    // pγ/(q − 1)); Pearson correlation of frequency and spend among the repeaters 0.113884.
    const meanSpend = customers.reduce((sum, c) => sum + c.expectedSpend, 0) / customers.length;
    withinHalfPercent(meanSpend, 35.2529588256);
    expect(model.predictions.spendCorrelation!).toBeCloseTo(0.113884, 3);
    expect(model.predictions.spendCorrelationWarning).toBe(false);
  });

  it('validates on the holdout 1997-10-01 .. 1998-06-30 with the actual purchases counted from the raw CSV', async () => {
    const report = await validateValueModel(engine, { asOf: '1998-06-30', unit: 'week', calibrationEnd: '1997-09-30' });
    // Independent count: distinct (customer, date) pairs in the holdout, for customers who bought by 1997-09-30.
    const calibrationCustomers = new Set(raw.filter(([, date]) => date <= '1997-09-30').map(([c]) => c));
    const holdoutDays = new Set(raw.filter(([c, date]) => date > '1997-09-30' && date <= '1998-06-30' && calibrationCustomers.has(c)).map(([c, d]) => `${c}|${d}`));
    expect(report.actualRepeatPurchases).toBe(holdoutDays.size);
    expect(report.calibrationCustomers).toBe(2357);
    expect(report.newInHoldout).toBe(0);
    expect([report.calibrationEnd, report.holdoutEnd, report.unit, report.holdoutLength]).toEqual(['1997-09-30', '1998-06-30', 'week', 39]);
    for (const key of ['r', 'alpha', 'a', 'b', 'logLikelihood'] as const) withinHalfPercent(report.fit[key], BGNBD[key]);
    // The tracking chart ends with every repeat purchase (distinct days after each customer's first) to the end.
    const firstDate = new Map<string, string>();
    for (const [c, d] of raw) if (!firstDate.has(c) || d < firstDate.get(c)!) firstDate.set(c, d);
    const repeatDays = new Set(raw.filter(([c, d]) => d > firstDate.get(c)!).map(([c, d]) => `${c}|${d}`));
    expect(report.tracking.at(-1)!.actualCumulative).toBe(repeatDays.size);
    expect(report.byFrequency.reduce((sum, row) => sum + row.customers, 0)).toBe(2357);
  });

  it('proposes the last 26 weeks as the holdout by default', async () => {
    const report = await validateValueModel(engine);
    // The default analysis date is 1998-06-30 (a month-end, the last date); 182 days before it is 1997-12-30.
    expect([report.holdoutEnd, report.calibrationEnd]).toEqual(['1998-06-30', isoOfDay(dayOfIso('1998-06-30') - 182)]);
    expect(report.calibrationEnd).toBe('1997-12-30');
  });

  it('hands the summaries to the runner it is given', async () => {
    const calls: string[] = [];
    const runner: ModelRunner = {
      predict: (summaries, options) => (calls.push(`predict ${summaries.length} ${options.unitDays}`), inlineModelRunner.predict(summaries, options)),
      holdout: (lines, options) => (calls.push(`holdout ${options.calibrationEndDay}`), inlineModelRunner.holdout(lines, options)),
    };
    const daily = await predictCustomerValues(engine, { asOf: '1997-09-30', unit: 'day', horizonMonths: 6, monthlyDiscount: 0 }, runner);
    expect(calls).toEqual(['predict 2357 1']);
    expect(daily.settings).toEqual({ asOf: '1997-09-30', unit: 'day', unitDays: 1, horizonMonths: 6, monthlyDiscount: 0 });
    // r, a, b do not depend on the unit; α scales with it (weeks → days: × 7).
    withinHalfPercent(daily.predictions.bgnbd!.alpha, BGNBD.alpha * 7);
    withinHalfPercent(daily.predictions.bgnbd!.r, BGNBD.r);
  });

  it('refuses bad options with a message naming what was expected', async () => {
    await expect(predictCustomerValues(engine, { unit: 'year' as 'week' })).rejects.toMatchObject({ code: 'ANALYSIS_BAD_UNIT' });
    await expect(predictCustomerValues(engine, { asOf: '1997-02-30' })).rejects.toMatchObject({ code: 'ANALYSIS_BAD_DATE' });
    await expect(predictCustomerValues(engine, { horizonMonths: 0 })).rejects.toThrow('horizonMonths must be an integer ≥ 1, got 0');
    await expect(predictCustomerValues(engine, { monthlyDiscount: 1 })).rejects.toThrow('monthlyDiscount must be a rate ≥ 0 and < 1');
    await expect(predictCustomerValues(engine, { monthlyDiscount: -0.01 })).rejects.toThrow(RangeError);
    await expect(validateValueModel(engine, { asOf: '1997-09-30', calibrationEnd: '1997-09-30' })).rejects.toMatchObject({ code: 'ANALYSIS_BAD_DATE' });
    await expect(validateValueModel(engine, { asOf: '1997-01-10' })).rejects.toMatchObject({ code: 'MODEL_NO_DATA' });
  });
});

describe('predicted value on small books', () => {
  it('uses the labelled heuristic with the trailing 12-month revenue for a small book', async () => {
    await createDataset(engine);
    // 20 customers: each orders 100 every 30 days from 2024-01-05, the last order 2024-12-01 (30 days before
    // 2024-12-31), so each is active by the rule (30 days silent against a 30-day rhythm) and P(alive) = 0.9.
    const rows: SalesRow[] = [];
    for (let c = 0; c < 20; c++) {
      for (let day = dayOfIso('2024-12-01'); day >= dayOfIso('2024-01-05'); day -= 30) {
        rows.push(sale({ customer_id: `K${String(c).padStart(2, '0')}`, order_date: isoOfDay(day), amount: 100 }));
      }
    }
    await appendSalesRows(engine, rows, 'small.csv');
    const { predictions } = await predictCustomerValues(engine, { asOf: '2024-12-31' });
    expect([predictions.method, predictions.reason, predictions.clvBasis]).toEqual(['heuristic', 'too_few_customers', 'trailing_revenue']);
    expect([predictions.bgnbd, predictions.gammaGamma]).toEqual([null, null]);
    // Orders on 2024-12-01 back every 30 days to 2024-01-06: 12 orders of 100 in the trailing year → 1,200 a year.
    const orders = rows.filter((r) => r.customer_id === 'K00' && r.order_date > '2023-12-31').length;
    expect(orders).toBe(12);
    let annuity = 0;
    for (let m = 1; m <= 12; m++) annuity += 1.01 ** -m;
    for (const c of predictions.customers) {
      expect(c.pAlive).toBe(0.9);
      expect(c.predictedClv).toBeCloseTo((1200 / 12) * 0.9 * annuity, 9);
    }
  });

  it('says there are no sales on an empty dataset, and predicts nobody before the first purchase', async () => {
    await createDataset(engine);
    await expect(predictCustomerValues(engine)).rejects.toMatchObject({ code: 'ANALYSIS_NO_SALES' });
    await expect(validateValueModel(engine)).rejects.toMatchObject({ code: 'ANALYSIS_NO_SALES' });
    await appendSalesRows(engine, [sale({ customer_id: 'A', order_date: '2024-05-01', amount: 10 })], 'one.csv');
    const early = await predictCustomerValues(engine, { asOf: '2024-04-30' });
    expect(early.predictions.customers).toEqual([]);
    await expect(validateValueModel(engine, { asOf: '2024-04-30' })).rejects.toMatchObject({ code: 'ANALYSIS_NO_SALES' });
  });
});

describe('predicted value on the demo export', () => {
  it('gives every customer finite, non-negative values and no NaN', async () => {
    const bytes = new Uint8Array(readFileSync('public/demo/ciclo-demo.csv'));
    const detection = await detect(bytes.subarray(0, 1 << 20), 'ciclo-demo.csv', {}, bytes.length <= 1 << 20, bytes.subarray(Math.max(1 << 20, bytes.length - (1 << 18))));
    const rows: SalesRow[] = [];
    const result = parseBytes(bytes, { fileName: 'ciclo-demo.csv', settings: detection.settings, mapping: detection.mapping, onRows: (batch) => void rows.push(...batch) });
    expect(result.fatal).toBeNull();
    await createDataset(engine);
    await appendSalesRows(engine, rows, 'ciclo-demo.csv');

    const { settings, predictions } = await predictCustomerValues(engine);
    expect(settings.asOf).toBe('2025-10-31');
    // Customers with a purchase (a line ≥ 0) on or before the date, in id order.
    const expectedIds = [...new Set(rows.filter((r) => r.order_date <= '2025-10-31' && r.amount >= 0).map((r) => r.customer_id))].sort();
    expect(predictions.customers.map((c) => c.customerId)).toEqual(expectedIds);
    expect(predictions.method).toBe('bgnbd_gamma_gamma');
    for (const c of predictions.customers) {
      for (const value of [c.frequency, c.recency, c.T, c.monetaryValue, c.pAlive, c.churnProbability, c.expectedPurchases, c.expectedSpend, c.predictedClv]) {
        expect(Number.isFinite(value), c.customerId).toBe(true);
        expect(value, c.customerId).toBeGreaterThanOrEqual(0);
      }
      expect(c.pAlive).toBeLessThanOrEqual(1);
      expect(c.churnProbability).toBeCloseTo(1 - c.pAlive, 12);
      if (c.expectedNextOrderDay !== null) expect(c.expectedNextOrderDay).toBeGreaterThan(dayOfIso('2025-10-31'));
    }
  });
});
