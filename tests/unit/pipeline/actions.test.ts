// nextActions on the demo export read by the real importer, checked against a plain JavaScript oracle written
// here from the imported rows (category spend, order values, median prices, co-occurrence, trailing revenue),
// and on a small hand-made book with hostile names, whose actions.csv and rules.csv must stay inert text.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_TYPES } from '../../../src/analytics/actions.ts';
import { actionFiles } from '../../../src/cli/actions-output.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { detect, parseBytes } from '../../../src/import/index.ts';
import type { SalesRow } from '../../../src/import/types.ts';
import {
  analyzeCustomers,
  appendSalesRows,
  createDataset,
  nextActions,
  P_ALIVE_FROM_STAGE,
  predictCustomerValues,
  type ActionsResult,
  type Analysis,
  type CustomerValueModel,
} from '../../../src/pipeline.ts';
import { customerCategorySpend, customerOrderValue, run } from '../../../src/sql/index.ts';
import { sale } from '../sql/sales-rows.ts';

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

// The demo's default analysis date and the lines of the SQL windows, worked out by hand:
// 12 months back from 2025-10-31 is 2024-10-31 (excluded); the half-year line is the month-end 2025-04-30.
const AS_OF = '2025-10-31';
const YEAR_START = '2024-10-31';
const HALF_YEAR = '2025-04-30';
const inYear = (r: SalesRow) => r.order_date > YEAR_START && r.order_date <= AS_OF;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Customer → categories held in the 12 months (a purchase line of the category in the window). */
function categoryHoldings(rows: readonly SalesRow[]): Map<string, Set<string>> {
  const held = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!inYear(r) || r.amount < 0 || !r.category) continue;
    const set = held.get(r.customer_id) ?? new Set<string>();
    set.add(r.category);
    held.set(r.customer_id, set);
  }
  return held;
}

let engine: Engine;
let demoRows: SalesRow[];
let analysis: Analysis;
let model: CustomerValueModel;
let result: ActionsResult;
let withoutModel: ActionsResult;

beforeAll(async () => {
  engine = await createNodeEngine();
  demoRows = await importDemo();
  await createDataset(engine);
  await appendSalesRows(engine, demoRows, 'ciclo-demo.csv');
  analysis = await analyzeCustomers(engine);
  model = await predictCustomerValues(engine, { asOf: analysis.settings.asOf });
  result = await nextActions(engine, analysis, model);
  withoutModel = await nextActions(engine, analysis, null);
});
afterAll(async () => {
  await engine.close();
});

describe('nextActions on the demo', () => {
  it('runs as of the analysis date and gives every row priority = value at stake × likelihood', () => {
    expect(analysis.settings.asOf).toBe(AS_OF);
    for (const r of [result, withoutModel]) {
      expect(r.asOf).toBe(AS_OF);
      expect(r.rows.length).toBeGreaterThan(0);
      for (const row of r.rows) {
        expect(Number.isFinite(row.priority)).toBe(true);
        expect(row.priority).toBe(row.valueAtStake * row.likelihood);
        expect(row.valueAtStake).toBeGreaterThanOrEqual(0);
        expect(row.likelihood).toBeGreaterThanOrEqual(0);
        expect(row.likelihood).toBeLessThanOrEqual(1);
        expect(row.timing >= AS_OF).toBe(true);
      }
      r.rows.slice(1).forEach((row, i) => expect(row.priority).toBeLessThanOrEqual(r.rows[i]!.priority));
    }
  });

  it('takes P(alive) and predicted CLV from the model, and from the stage when there is none', () => {
    const predicted = new Map(model.predictions.customers.map((p) => [p.customerId, p]));
    for (const row of result.rows) {
      const p = predicted.get(row.customerId);
      if (p) {
        expect(row.pAlive).toBe(p.pAlive);
        expect(row.predictedClv).toBe(p.predictedClv);
        expect(row.reasonCodes).not.toContain(P_ALIVE_FROM_STAGE);
      } else expect(row.reasonCodes).toContain(P_ALIVE_FROM_STAGE);
    }
    expect(result.pAliveSource).toBe('model');
    expect(withoutModel.pAliveSource).toBe('stage');
    // The documented bands: 0.9 new, active and reactivated; 0.6 at risk; 0.25 lapsed; 0.05 lost.
    const band = { new: 0.9, active: 0.9, reactivated: 0.9, at_risk: 0.6, lapsed: 0.25, lost: 0.05 };
    const trailing = new Map(analysis.customers.map((c) => [c.customerId, c.value.trailing12]));
    for (const row of withoutModel.rows) {
      expect(row.reasonCodes.at(-1)).toBe(P_ALIVE_FROM_STAGE);
      expect(row.pAlive).toBe(band[row.stage]);
      expect(row.predictedClv).toBeCloseTo(Math.max(0, trailing.get(row.customerId)!) * band[row.stage], 9);
    }
  });

  it('reads each customer’s 12-month category spend as the rows add it up', async () => {
    const expected = new Map<string, number>();
    for (const r of demoRows) {
      if (!inYear(r) || !r.category) continue;
      const key = `${r.customer_id}|${r.category}`;
      expected.set(key, (expected.get(key) ?? 0) + r.amount);
    }
    const rows = await run(engine, customerCategorySpend, { asOf: AS_OF });
    const actual = new Map(rows.filter((r) => r.is_bought12 || r.revenue12 !== 0).map((r) => [`${r.customer_id}|${r.category}`, r.revenue12]));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, value] of expected) expect(actual.get(key)).toBeCloseTo(value, 6);

    // The dependence signal of each key account is its top category's share of that spend, over ½, doubled.
    const byCustomer = groupBy([...expected], ([key]) => key.split('|')[0]!);
    for (const account of result.keyAccounts.slice(0, 50)) {
      const spends = (byCustomer.get(account.customerId) ?? []).map(([, v]) => v).filter((v) => v > 0);
      const dependence = account.reasons.find((r) => r.code === 'category_dependence');
      if (spends.length === 0) continue;
      const share = Math.max(...spends) / sum(spends);
      expect(dependence!.value).toBeCloseTo(Math.min(1, Math.max(0, (share - 0.5) / 0.5)), 9);
    }
  });

  it('reads the mean order value of the last 6 months and of the 6 before as the rows give it', async () => {
    const orders = groupBy(
      demoRows.filter(inYear),
      (r) => `${r.customer_id}|${r.order_id === null ? `day ${r.order_date}` : `id ${r.order_id}`}`,
    );
    const perCustomer = new Map<string, { recent: number[]; previous: number[] }>();
    for (const [key, lines] of orders) {
      if (!lines.some((l) => l.amount >= 0)) continue;
      const id = key.split('|')[0]!;
      const date = lines.map((l) => l.order_date).sort()[0]!;
      const entry = perCustomer.get(id) ?? { recent: [], previous: [] };
      (date > HALF_YEAR ? entry.recent : entry.previous).push(sum(lines.map((l) => l.amount)));
      perCustomer.set(id, entry);
    }
    const mean = (xs: number[]) => (xs.length === 0 ? null : sum(xs) / xs.length);
    const rows = await run(engine, customerOrderValue, { asOf: AS_OF });
    expect(rows.map((r) => r.customer_id)).toEqual([...perCustomer.keys()].sort());
    for (const row of rows) {
      const e = perCustomer.get(row.customer_id)!;
      expect([row.recent_orders, row.previous_orders]).toEqual([e.recent.length, e.previous.length]);
      for (const [got, want] of [
        [row.recent_order_value, mean(e.recent)],
        [row.previous_order_value, mean(e.previous)],
      ] as const) {
        if (want === null) expect(got).toBeNull();
        else expect(got).toBeCloseTo(want, 6);
      }
    }
    // The downgrade-to-save reasons quote those means.
    const downgrades = result.rows.filter((r) => r.action === 'downgrade_to_save' && r.reasonCodes.includes('order_value_falling'));
    for (const row of downgrades) {
      const e = perCustomer.get(row.customerId)!;
      expect(row.reasonParams.recentOrderValue).toBeCloseTo(mean(e.recent)!, 6);
      expect(row.reasonParams.previousOrderValue).toBeCloseTo(mean(e.previous)!, 6);
    }
  });

  it('prices each product at the median unit price of its 12 months of purchase lines, tiers within its category', () => {
    const lines = groupBy(
      demoRows.filter((r) => inYear(r) && r.amount >= 0 && r.product),
      (r) => r.product!,
    );
    expect(result.tiers.map((t) => t.product).sort()).toEqual([...lines.keys()].sort());
    for (const t of result.tiers) {
      const prices = lines
        .get(t.product)!
        .map((l) => l.unit_price ?? (l.quantity ? l.amount / l.quantity : NaN))
        .filter((p) => p > 0);
      expect(t.unitPrice).toBeCloseTo(median(prices), 9);
      expect(t.basis).toBe('price_terciles');
    }
    // Within a category, a higher tier never costs less than a lower one.
    for (const group of groupBy(result.tiers, (t) => t.category ?? '').values()) {
      for (const a of group) for (const b of group) if (a.tier < b.tier) expect(a.unitPrice).toBeLessThanOrEqual(b.unitPrice);
    }
  });

  it('gives category rules whose support, confidence and lift are those of a brute-force count, every one of them', () => {
    const held = categoryHoldings(demoRows);
    const n = held.size;
    const count = (...items: string[]) => [...held.values()].filter((s) => items.every((i) => s.has(i))).length;
    const categories = [...new Set([...held.values()].flatMap((s) => [...s]))].sort();
    const expected: string[] = [];
    for (const a of categories) {
      for (const c of categories) {
        if (a === c) continue;
        const both = count(a, c);
        const confidence = both / count(a);
        const lift = confidence / (count(c) / n);
        // The defaults: support 0.02, 5 customers, confidence 0.25, lift 1.1.
        if (both >= 5 && both / n >= 0.02 && confidence >= 0.25 && lift >= 1.1) expected.push(`${a} → ${c}`);
      }
    }
    expect(result.categoryRules.map((r) => `${r.antecedent[0]} → ${r.consequent[0]}`).sort()).toEqual(expected.sort());
    for (const rule of result.categoryRules) {
      const [a, c] = [rule.antecedent[0]!, rule.consequent[0]!];
      expect(rule.count).toBe(count(a, c));
      expect(rule.support).toBeCloseTo(count(a, c) / n, 12);
      expect(rule.confidence).toBeCloseTo(count(a, c) / count(a), 12);
      expect(rule.lift).toBeCloseTo(count(a, c) / count(a) / (count(c) / n), 12);
    }
  });

  it('offers in cross-sell only categories the customer never bought, through a rule they hold', () => {
    expect(result.crossSellItems).toBe('category');
    const ever = new Map<string, Set<string>>();
    for (const r of demoRows) {
      if (r.order_date > AS_OF || r.amount < 0 || !r.category) continue;
      const set = ever.get(r.customer_id) ?? new Set<string>();
      set.add(r.category);
      ever.set(r.customer_id, set);
    }
    const rules = new Set(result.categoryRules.map((r) => `${r.antecedent[0]} → ${r.consequent[0]}`));
    for (const row of result.rows.filter((r) => r.action === 'cross_sell')) {
      const bought = ever.get(row.customerId)!;
      expect(bought.has(row.offerCategory!)).toBe(false);
      expect(bought.has(String(row.reasonParams.antecedent))).toBe(true);
      expect(rules.has(`${row.reasonParams.antecedent} → ${row.offerCategory}`)).toBe(true);
    }
  });

  it('offers in upgrades and downgrades a product of the offered tier and category', () => {
    const tiers = new Map(result.tiers.map((t) => [t.product, t]));
    const steps = result.rows.filter((r) => r.action === 'upgrade' || r.action === 'downgrade_to_save');
    expect(steps.length).toBeGreaterThan(0);
    for (const row of steps) {
      const t = tiers.get(row.offerProduct!)!;
      expect([t.category, t.tier]).toEqual([row.offerCategory, row.offerTier]);
      expect(row.offerTier).toBe(Number(row.reasonParams.currentTier) + (row.action === 'upgrade' ? 1 : -1));
    }
  });

  it('makes class A the smallest top group of customers reaching 80 % of trailing revenue, by an independent sum', () => {
    const trailing = new Map<string, number>();
    for (const r of demoRows) if (inYear(r)) trailing.set(r.customer_id, (trailing.get(r.customer_id) ?? 0) + r.amount);
    const revenue = (id: string) => Math.max(0, trailing.get(id) ?? 0);
    const total = sum(analysis.customers.map((c) => revenue(c.customerId)));
    expect(result.keyAccounts.map((k) => k.customerId)).toEqual(analysis.customers.map((c) => c.customerId));
    const a = result.keyAccounts.filter((k) => k.keyAccount).map((k) => revenue(k.customerId));
    const others = result.keyAccounts.filter((k) => !k.keyAccount).map((k) => revenue(k.customerId));
    const aTotal = sum(a);
    expect(aTotal / total).toBeGreaterThanOrEqual(0.8);
    expect((aTotal - Math.min(...a)) / total).toBeLessThan(0.8);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(Math.max(...others));
    for (const k of result.keyAccounts) expect(k.revenueShare).toBeCloseTo(revenue(k.customerId) / total, 9);
  });

  it('follows other shares, rule minimums and relationship overrides when asked', async () => {
    const target = analysis.customers[0]!.customerId;
    const before = result.relationship[0]!;
    const custom = await nextActions(engine, analysis, model, { aShare: 0.5, bShare: 0.9, minLift: 0, relationshipOverrides: { [target]: 5 } });
    const revenue = new Map(analysis.customers.map((c) => [c.customerId, Math.max(0, c.value.trailing12)]));
    const total = sum([...revenue.values()]);
    const a = custom.keyAccounts.filter((k) => k.keyAccount).map((k) => revenue.get(k.customerId)!);
    expect(sum(a) / total).toBeGreaterThanOrEqual(0.5);
    expect((sum(a) - Math.min(...a)) / total).toBeLessThan(0.5);
    expect(custom.relationship[0]).toEqual({ ...before, customerId: target, level: 5, source: 'override' });
    expect(custom.rows.filter((r) => r.customerId === target).every((r) => r.relationshipLevel === 5)).toBe(true);
    // Without the lift minimum every pair reaching support, count and confidence is a rule.
    expect(custom.categoryRules.length).toBeGreaterThan(result.categoryRules.length);
    expect(custom.categoryRules.some((r) => r.lift < 1.1)).toBe(true);
  });

  it('lists the usual salesperson, region and channel of every customer, in analysis order', () => {
    expect(result.attributes.map((a) => a.customerId)).toEqual(analysis.customers.map((c) => c.customerId));
    const first = analysis.customers[0]!.customerId;
    const lines = demoRows.filter((r) => r.customer_id === first && r.order_date <= AS_OF);
    const usual = (values: (string | null)[]) => {
      const counts = groupBy(values.filter((v): v is string => !!v), (v) => v);
      return [...counts].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : 1))[0]?.[0] ?? null;
    };
    expect(result.attributes[0]).toEqual({
      customerId: first,
      salesperson: usual(lines.map((l) => l.salesperson)),
      region: usual(lines.map((l) => l.region)),
      channel: usual(lines.map((l) => l.channel)),
    });
    expect(new Set(result.rows.map((r) => r.action)).size).toBeGreaterThanOrEqual(ACTION_TYPES.length - 1);
  });

  it('refuses bad options and a model made for another date', async () => {
    await expect(nextActions(engine, analysis, model, { minSupport: 0 })).rejects.toThrow('minSupport must be a share in (0, 1], got 0');
    await expect(nextActions(engine, analysis, model, { aShare: 1 })).rejects.toThrow('aShare must be a share in (0, 1), got 1');
    await expect(nextActions(engine, analysis, model, { minRuleCount: 2.5 })).rejects.toThrow('minRuleCount must be an integer ≥ 1, got 2.5');
    await expect(nextActions(engine, analysis, model, { protectRisk: 2 })).rejects.toThrow('protectRisk must be a share in [0, 1], got 2');
    await expect(nextActions(engine, analysis, null, { relationshipOverrides: { C1: 6 as 5 } })).rejects.toThrow(
      'relationshipOverrides["C1"] must be a level from 1 to 5, got 6',
    );
    const stale = { ...model, settings: { ...model.settings, asOf: '2025-09-30' } };
    await expect(nextActions(engine, analysis, stale, {})).rejects.toThrow('model must be predicted as of the analysis date 2025-10-31, got 2025-09-30');
  });
});

/** RFC 4180 fields of a CSV text (quoted fields may hold the delimiter, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') record.push(field), (field = '');
    else if (ch === '\n') record.push(field), records.push(record), (record = []), (field = '');
    else field += ch;
  }
  return records;
}

describe('nextActions on a book with hostile names', () => {
  const HYPERLINK = '=HYPERLINK("http://evil.example","Açúcar")';
  const SUM = '@SUM(1+1)';

  it('writes them into actions.csv and rules.csv as inert text', async () => {
    const book = await createNodeEngine();
    try {
      await createDataset(book);
      const rows: SalesRow[] = [];
      const months = ['2024-08', '2024-10', '2024-12', '2025-02', '2025-04', '2025-06'];
      // Six customers buy coffee and the hostile product every other month; six others only @SUM(1+1).
      for (let c = 1; c <= 12; c++) {
        for (const m of months) {
          const line = { customer_id: `C${c}`, order_date: `${m}-10`, quantity: 2, order_id: `O${c}-${m}` };
          if (c <= 6) {
            rows.push(sale({ ...line, amount: 40, unit_price: 20, product: 'Café 1kg' }));
            rows.push(sale({ ...line, amount: 30, unit_price: 15, product: HYPERLINK }));
          } else rows.push(sale({ ...line, amount: 10, unit_price: 5, product: SUM }));
        }
      }
      // The newcomer, with a hostile id, name, salesperson and region, has bought coffee once.
      rows.push(
        sale({
          customer_id: '-C13',
          order_date: '2025-06-20',
          amount: 40,
          quantity: 2,
          unit_price: 20,
          product: 'Café 1kg',
          customer_name: '+1 Mercearia',
          salesperson: '=1+1',
          region: '\tSP',
          order_id: 'O13',
        }),
      );
      await appendSalesRows(book, rows, 'hostile.csv');
      const small = await analyzeCustomers(book, { asOf: '2025-06-30' });
      const actions = await nextActions(book, small, null);

      // No category: the cross-sell comes from the product rule Café 1kg → HYPERLINK (6 of 7 coffee buyers; lift
      // (6/7) ÷ (6/13) = 13/7).
      expect(actions.crossSellItems).toBe('product');
      const offer = actions.rows.find((r) => r.customerId === '-C13' && r.action === 'cross_sell')!;
      expect(offer.offerProduct).toBe(HYPERLINK);
      expect(offer.reasonParams.lift).toBeCloseTo(13 / 7, 12);

      const files = actionFiles(actions);
      const [header, ...records] = parseCsv(files['actions.csv']);
      const field = (record: string[], name: string) => record[header!.indexOf(name)];
      const row = records.find((r) => field(r, 'customer_id') === "'-C13" && field(r, 'action') === 'cross_sell')!;
      expect(field(row, 'customer_name')).toBe("'+1 Mercearia");
      expect(field(row, 'offer')).toBe(`'${HYPERLINK}`);
      expect(field(row, 'offer_product')).toBe(`'${HYPERLINK}`);
      expect(field(row, 'salesperson')).toBe("'=1+1");
      expect(field(row, 'region')).toBe("'\tSP");

      const [ruleHeader, ...rules] = parseCsv(files['rules.csv']);
      expect(ruleHeader!.slice(0, 5)).toEqual(['antecedent', 'consequent', 'support', 'confidence', 'lift']);
      expect(rules.some((r) => r[0] === 'Café 1kg' && r[1] === `'${HYPERLINK}`)).toBe(true);
      // No cell of either file starts a formula: the trigger characters lead only numbers (a negative leverage).
      for (const record of [...records, ...rules]) {
        for (const cell of record) if (/^[=+\-@\t\r]/.test(cell)) expect(Number.isFinite(Number(cell))).toBe(true);
      }
    } finally {
      await book.close();
    }
  });
});
