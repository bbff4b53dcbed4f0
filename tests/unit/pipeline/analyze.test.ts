// analyzeCustomers, customerDetail and compareAnalyses on the demo export read by the real importer. The SQL
// results are checked against a plain JavaScript oracle written here from the imported rows (facts, monthly and
// weekly series, orders); the statistics are then checked to be those of analytics/ applied to the oracle's
// inputs, so what is tested is the wiring, the SQL and the replay of earlier dates.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerStage, populationGapDays } from '../../../src/analytics/lifecycle.ts';
import { classifyTrend, resolveTrendOptions } from '../../../src/analytics/trend.ts';
import { STAGES, type CustomerSeries } from '../../../src/analytics/types.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { detect, parseBytes } from '../../../src/import/index.ts';
import type { SalesRow } from '../../../src/import/types.ts';
import {
  analyzeCustomers,
  appendSalesRows,
  compareAnalyses,
  createDataset,
  customerDetail,
  defaultAnalysisDate,
  type Analysis,
} from '../../../src/pipeline.ts';
import { customerStates } from '../../../src/pipeline/analyze.ts';
import { sale } from '../sql/sales-rows.ts';

const DAY_MS = 86_400_000;
const dayOfIso = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
const isoOfDayNumber = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const monthStart = (iso: string) => `${iso.slice(0, 7)}-01`;
const nextMonth = (iso: string) => {
  const [y, m] = [+iso.slice(0, 4), +iso.slice(5, 7)];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};
/** Monday of the ISO week of a day (1970-01-01 was a Thursday). */
const mondayOf = (day: number) => day - ((day + 3) % 7);

async function importDemo(): Promise<SalesRow[]> {
  const bytes = new Uint8Array(readFileSync('public/demo/ciclo-demo.csv'));
  const detection = await detect(bytes.subarray(0, 1 << 20), 'ciclo-demo.csv', {}, bytes.length <= 1 << 20, bytes.subarray(Math.max(1 << 20, bytes.length - (1 << 18))));
  const rows: SalesRow[] = [];
  const result = parseBytes(bytes, {
    fileName: 'ciclo-demo.csv',
    settings: detection.settings,
    mapping: detection.mapping,
    onRows: (batch) => void rows.push(...batch),
  });
  expect(result.fatal).toBeNull();
  return rows;
}

/** The oracle: what one customer bought on or before `asOf`, by the definitions of customer-facts.sql. */
interface OracleCustomer {
  lines: SalesRow[];
  firstOrder: string;
  lastOrder: string;
  orders: number;
  revenue: number;
  items: number;
  orderDays: number[];
}

function oracle(rows: readonly SalesRow[], asOf: string): Map<string, OracleCustomer> {
  const byCustomer = new Map<string, SalesRow[]>();
  for (const row of rows) {
    if (row.order_date > asOf) continue;
    const list = byCustomer.get(row.customer_id) ?? [];
    list.push(row);
    byCustomer.set(row.customer_id, list);
  }
  const result = new Map<string, OracleCustomer>();
  for (const [id, lines] of [...byCustomer].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const purchases = lines.filter((l) => l.amount >= 0);
    const dated = purchases.length > 0 ? purchases : lines;
    const dates = dated.map((l) => l.order_date).sort();
    const orderKeys = new Set(purchases.map((l) => (l.order_id === null ? `day ${l.order_date}` : `id ${l.order_id}`)));
    result.set(id, {
      lines,
      firstOrder: dates[0]!,
      lastOrder: dates.at(-1)!,
      orders: orderKeys.size,
      revenue: lines.reduce((sum, l) => sum + l.amount, 0),
      items: lines.reduce((sum, l) => sum + (l.quantity ?? 0), 0),
      orderDays: [...new Set(dates.map(dayOfIso))].sort((a, b) => a - b),
    });
  }
  return result;
}

/** The customer's series over `periods` (ISO starts), with `periodOf` mapping an order date to its period. */
function oracleSeries(id: string, c: OracleCustomer, periods: string[], periodOf: (iso: string) => string, tenurePeriods: number): CustomerSeries {
  const index = new Map(periods.map((p, i) => [p, i]));
  const revenue = periods.map(() => 0);
  const items = periods.map(() => 0);
  const orderSets = periods.map(() => new Set<string>());
  const categorySets = periods.map(() => new Set<string>());
  for (const l of c.lines) {
    const i = index.get(periodOf(l.order_date));
    if (i === undefined) continue;
    revenue[i]! += l.amount;
    items[i]! += l.quantity ?? 0;
    if (l.amount >= 0) {
      orderSets[i]!.add(l.order_id === null ? `day ${l.order_date}` : `id ${l.order_id}`);
      if (l.category) categorySets[i]!.add(l.category);
    }
  }
  return {
    customerId: id,
    periods,
    revenue,
    items,
    orders: orderSets.map((s) => s.size),
    breadth: categorySets.map((s) => s.size),
    tenurePeriods,
  };
}

function expectSeriesClose(actual: CustomerSeries, expected: CustomerSeries) {
  expect(actual.periods).toEqual(expected.periods);
  expect(actual.tenurePeriods).toBe(expected.tenurePeriods);
  expect(actual.orders).toEqual(expected.orders);
  expect(actual.breadth).toEqual(expected.breadth);
  actual.revenue.forEach((value, i) => expect(value).toBeCloseTo(expected.revenue[i]!, 6));
  actual.items.forEach((value, i) => expect(value).toBeCloseTo(expected.items[i]!, 6));
}

let engine: Engine;
let demoRows: SalesRow[];
let analysis: Analysis;

beforeAll(async () => {
  engine = await createNodeEngine();
  demoRows = await importDemo();
  await createDataset(engine);
  await appendSalesRows(engine, demoRows, 'ciclo-demo.csv');
  analysis = await analyzeCustomers(engine);
});
afterAll(async () => {
  await engine.close();
});

describe('analyzeCustomers on the demo', () => {
  it('takes the end of the last complete month as the default analysis date', async () => {
    const last = demoRows.map((r) => r.order_date).sort().at(-1)!;
    // The demo ends on 2025-10-31, the last day of its month.
    expect(last).toBe('2025-10-31');
    expect(await defaultAnalysisDate(engine)).toBe('2025-10-31');
    expect(analysis.settings).toEqual({
      asOf: '2025-10-31',
      unit: 'month',
      trend: resolveTrendOptions(),
    });
    const custom = await analyzeCustomers(engine, { asOf: '2025-09-30', unit: 'week', trend: { window: 8, alpha: 0.1 } });
    expect(custom.settings).toEqual({ asOf: '2025-09-30', unit: 'week', trend: resolveTrendOptions({ window: 8, alpha: 0.1 }) });
  });

  it('has one record per customer, sorted, with first and last order, orders, revenue and items as in the rows', () => {
    const expected = oracle(demoRows, '2025-10-31');
    expect(analysis.customers.map((c) => c.customerId)).toEqual([...expected.keys()]);
    for (const c of analysis.customers) {
      const o = expected.get(c.customerId)!;
      expect({ id: c.customerId, first: c.firstOrder, last: c.lastOrder, orders: c.orders }).toEqual({
        id: c.customerId,
        first: o.firstOrder,
        last: o.lastOrder,
        orders: o.orders,
      });
      expect(c.revenue).toBeCloseTo(o.revenue, 6);
      expect(c.items).toBeCloseTo(o.items, 6);
      expect(c.value.historicLtv).toBeCloseTo(o.revenue, 6);
    }
  });

  it('reads every monthly series from the last 24 complete months, zeros included', () => {
    const expected = oracle(demoRows, '2025-10-31');
    const lastPeriod = '2025-10-01';
    const all: string[] = [];
    for (let p = '2023-11-01'; p <= lastPeriod; p = nextMonth(p)) all.push(p);
    expect(all).toHaveLength(24);
    for (const c of analysis.customers) {
      const o = expected.get(c.customerId)!;
      const first = monthStart(o.firstOrder);
      const periods = all.filter((p) => p >= first).slice(-24);
      expectSeriesClose(c.series, oracleSeries(c.customerId, o, periods, monthStart, all.filter((p) => p >= first).length));
    }
  });

  it('labels, stages and funnels each customer with the analytics of its own series and order days', () => {
    const expected = oracle(demoRows, '2025-10-31');
    const asOfDay = dayOfIso('2025-10-31');
    const gap = populationGapDays([...expected.values()].map((o) => o.orderDays));
    for (const c of analysis.customers) {
      const o = expected.get(c.customerId)!;
      expect(c.stage).toEqual(customerStage(o.orderDays, asOfDay, gap));
      expect(c.trend.label).toBe(classifyTrend(c.series, analysis.settings.trend).label);
    }
    // The demo is a living book: every stage and several trend labels occur.
    expect(new Set(analysis.customers.map((c) => c.stage.stage))).toEqual(new Set(STAGES));
    expect(new Set(analysis.customers.map((c) => c.trend.label)).size).toBeGreaterThanOrEqual(4);
    expect(analysis.customers.every((c) => c.rfm.levels === 5)).toBe(true);
  });

  it('puts every customer in exactly one monthly cohort, with age 0 counting the whole cohort', () => {
    const expected = oracle(demoRows, '2025-10-31');
    const sizes = new Map<string, number>();
    for (const o of expected.values()) sizes.set(monthStart(o.firstOrder), (sizes.get(monthStart(o.firstOrder)) ?? 0) + 1);
    const ageZero = analysis.cohorts.filter((cell) => cell.age === 0);
    expect(new Map(ageZero.map((cell) => [cell.cohort, cell.cohortSize]))).toEqual(sizes);
    for (const cell of ageZero) expect(cell.customers).toBe(cell.cohortSize);
    // The first cohort (Nov-23) is followed for 24 months, the last (Oct-25) for one.
    expect(analysis.cohorts.filter((cell) => cell.cohort === '2023-11-01').map((cell) => cell.age)).toEqual([...Array(24).keys()]);
  });

  it('replays the stage counts of earlier month-ends the way an analysis at that date sees them', async () => {
    const dates = [...new Set(analysis.stageHistory.map((p) => p.date))];
    expect(dates).toEqual([
      '2024-11-30', '2024-12-31', '2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30',
      '2025-05-31', '2025-06-30', '2025-07-31', '2025-08-31', '2025-09-30', '2025-10-31',
    ]);
    const countsAt = (a: Analysis) => STAGES.map((stage) => a.customers.filter((c) => c.stage.stage === stage).length);
    const historyAt = (date: string) => STAGES.map((stage) => analysis.stageHistory.find((p) => p.date === date && p.stage === stage)!.customers);
    expect(historyAt('2025-10-31')).toEqual(countsAt(analysis));
    const earlier = await analyzeCustomers(engine, { asOf: '2025-02-28' });
    expect(historyAt('2025-02-28')).toEqual(countsAt(earlier));
  });

  it('ignores lines after the analysis date: an earlier date gives what a file cut at that date gives', async () => {
    const asOf = '2024-12-31';
    const onFullFile = await analyzeCustomers(engine, { asOf });
    const cutEngine = await createNodeEngine();
    try {
      await createDataset(cutEngine);
      await appendSalesRows(cutEngine, demoRows.filter((r) => r.order_date <= asOf), 'cut.csv');
      const onCutFile = await analyzeCustomers(cutEngine);
      expect(onCutFile.settings.asOf).toBe(asOf);
      expect(onCutFile.customers).toEqual(onFullFile.customers);
      expect(onCutFile.cohorts).toEqual(onFullFile.cohorts);
      expect(onCutFile.stageHistory).toEqual(onFullFile.stageHistory);
    } finally {
      await cutEngine.close();
    }
  });

  it('reads weekly series from Monday to Sunday, ending with the last complete week', async () => {
    // 2025-10-31 is a Friday: the last complete week is Mon 2025-10-20 .. Sun 2025-10-26.
    const weekly = await analyzeCustomers(engine, { unit: 'week' });
    const expected = oracle(demoRows, '2025-10-31');
    const lastMonday = dayOfIso('2025-10-20');
    const weekOf = (iso: string) => isoOfDayNumber(mondayOf(dayOfIso(iso)));
    for (const c of weekly.customers.slice(0, 200)) {
      const o = expected.get(c.customerId)!;
      const firstMonday = mondayOf(dayOfIso(o.firstOrder));
      if (firstMonday > lastMonday) {
        expect(c.series.periods).toEqual([]);
        continue;
      }
      const tenure = (lastMonday - firstMonday) / 7 + 1;
      const start = Math.max(firstMonday, lastMonday - 7 * 23);
      const periods = Array.from({ length: (lastMonday - start) / 7 + 1 }, (_, i) => isoOfDayNumber(start + 7 * i));
      expectSeriesClose(c.series, oracleSeries(c.customerId, o, periods, weekOf, tenure));
    }
  });
});

describe('customerDetail', () => {
  it('lists the orders and the category revenue per month of a customer up to the date', async () => {
    const [withReturn] = [...new Set(demoRows.filter((r) => r.amount < 0).map((r) => r.customer_id))];
    for (const id of [withReturn!, 'C00019']) {
      const detail = await customerDetail(engine, id, '2025-06-30');
      const lines = demoRows.filter((r) => r.customer_id === id && r.order_date <= '2025-06-30');
      const orders = new Map<string, { date: string; amount: number; lines: number }>();
      const months = new Map<string, number>();
      for (const l of lines) {
        const order = orders.get(l.order_id!) ?? { date: l.order_date, amount: 0, lines: 0 };
        order.amount += l.amount;
        order.lines++;
        if (l.order_date < order.date) order.date = l.order_date;
        orders.set(l.order_id!, order);
        const key = `${monthStart(l.order_date)} ${l.category}`;
        months.set(key, (months.get(key) ?? 0) + l.amount);
      }
      expect(detail.customerId).toBe(id);
      expect(detail.orders.map((o) => o.orderId).sort()).toEqual([...orders.keys()].sort());
      const dates = detail.orders.map((o) => o.date);
      expect(dates).toEqual([...dates].sort());
      for (const o of detail.orders) {
        expect(o.date).toBe(orders.get(o.orderId!)!.date);
        expect(o.lines).toBe(orders.get(o.orderId!)!.lines);
        expect(o.amount).toBeCloseTo(orders.get(o.orderId!)!.amount, 6);
      }
      expect(detail.categoryMonths.map((m) => `${m.month} ${m.category}`).sort()).toEqual([...months.keys()].sort());
      for (const m of detail.categoryMonths) expect(m.revenue).toBeCloseTo(months.get(`${m.month} ${m.category}`)!, 6);
    }
    expect(withReturn).toBeDefined();
  });
});

describe('compareAnalyses', () => {
  it('counts every customer of the later analysis once, newcomers from none', async () => {
    const before = await analyzeCustomers(engine, { asOf: '2025-06-30' });
    const { stage, segment } = compareAnalyses(before, analysis);
    const total = (cells: { customers: number }[]) => cells.reduce((sum, cell) => sum + cell.customers, 0);
    expect(total(stage)).toBe(analysis.customers.length);
    expect(total(segment)).toBe(analysis.customers.length);
    const newcomers = analysis.customers.filter((c) => c.firstOrder > '2025-06-30').length;
    expect(newcomers).toBeGreaterThan(0);
    expect(total(stage.filter((cell) => cell.from === 'none'))).toBe(newcomers);
    // One customer, followed by hand.
    const c = analysis.customers[0]!;
    const was = before.customers.find((b) => b.customerId === c.customerId)!;
    expect(stage.find((cell) => cell.from === was.stage.stage && cell.to === c.stage.stage)!.customers).toBeGreaterThanOrEqual(1);
  });
});

describe('customerStates', () => {
  it('labels each customer with the stage and RFM segment an analysis on that date gives, for the same migration', async () => {
    const before = await analyzeCustomers(engine, { asOf: '2025-06-30' });
    const states = await customerStates(engine, '2025-06-30');
    expect(states.asOf).toBe('2025-06-30');
    expect(states.customers).toEqual(before.customers.map((c) => ({ customerId: c.customerId, stage: c.stage.stage, segment: c.rfm.segment })));
    expect(compareAnalyses(states, analysis)).toEqual(compareAnalyses(before, analysis));
    await expect(customerStates(engine, '2025-02-30')).rejects.toMatchObject({ code: 'ANALYSIS_BAD_DATE' });
  });
});

describe('analyzeCustomers on small books', () => {
  it('gives an empty series to a customer whose first order falls in the incomplete last month', async () => {
    const small = await createNodeEngine();
    try {
      await createDataset(small);
      await appendSalesRows(small, [
        ...['2024-01-10', '2024-02-10', '2024-03-10', '2024-04-10', '2024-05-10', '2024-06-10'].map((order_date) =>
          sale({ customer_id: 'X', order_date, amount: 100, cost: 60 }),
        ),
        sale({ customer_id: 'Y', order_date: '2024-07-10', amount: 50 }),
      ], 'small.csv');
      const result = await analyzeCustomers(small, { asOf: '2024-07-15' });
      const [x, y] = result.customers;
      expect(x!.series.periods).toEqual(['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01']);
      expect(y!.series).toEqual({ customerId: 'Y', periods: [], revenue: [], items: [], orders: [], breadth: [], tenurePeriods: 0 });
      expect(y!.trend.label).toBe('new');
      expect(y!.stage.stage).toBe('new');
      expect(y!.rfm.levels).toBe(3);
      // X has a cost on every line (6 × 100 − 6 × 60); Y has none.
      expect(x!.value.historicMargin).toBe(240);
      expect(y!.value.historicMargin).toBeNull();
      // Stage history: month-ends up to 2024-06-30 that have a customer (Y is not one yet).
      expect([...new Set(result.stageHistory.map((p) => p.date))]).toEqual([
        '2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30',
      ]);
      expect(result.stageHistory.filter((p) => p.date === '2024-06-30').reduce((s, p) => s + p.customers, 0)).toBe(1);
      // Lines without an order id are one order per day; without categories or products, one '' group.
      const detail = await customerDetail(small, 'X', '2024-03-31');
      expect(detail.orders).toEqual(
        ['2024-01-10', '2024-02-10', '2024-03-10'].map((date) => ({ date, orderId: null, amount: 100, items: 0, lines: 1 })),
      );
      expect(detail.categoryMonths).toEqual(
        ['2024-01-01', '2024-02-01', '2024-03-01'].map((month) => ({ month, category: '', revenue: 100 })),
      );
    } finally {
      await small.close();
    }
  });

  it('analyses an empty book at a given date, and refuses to guess a date for it', async () => {
    const empty = await createNodeEngine();
    try {
      await createDataset(empty);
      expect(await defaultAnalysisDate(empty)).toBeNull();
      expect(await analyzeCustomers(empty, { asOf: '2024-01-31' })).toMatchObject({ customers: [], cohorts: [], stageHistory: [] });
      await expect(analyzeCustomers(empty)).rejects.toMatchObject({ code: 'ANALYSIS_NO_SALES' });
    } finally {
      await empty.close();
    }
  });

  it.each([['2024-02-30'], ['31/01/2024'], ['2024-1-31'], ['']])('refuses the analysis date %j', async (asOf) => {
    await expect(analyzeCustomers(engine, { asOf })).rejects.toMatchObject({ code: 'ANALYSIS_BAD_DATE' });
    await expect(customerDetail(engine, 'C00019', asOf)).rejects.toMatchObject({ code: 'ANALYSIS_BAD_DATE' });
  });

  it('refuses an unknown period unit and bad trend options', async () => {
    await expect(analyzeCustomers(engine, { unit: 'day' as 'week' })).rejects.toMatchObject({ code: 'ANALYSIS_BAD_UNIT' });
    await expect(analyzeCustomers(engine, { trend: { window: 2 } })).rejects.toThrow(/window/);
  });
});
