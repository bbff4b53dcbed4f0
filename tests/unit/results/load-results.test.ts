// Results of `ciclo analyze` opened in the browser: the real CLI writes its files for the demo export, the
// loader reads them into DuckDB-WASM (the browser's engine, Node build), and what it reads back is compared
// with an independent read of the same files by a small RFC 4180 parser written here.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { ACTION_COLUMNS } from '../../../src/pipeline/actions.ts';
import { loadResultFile, readActionPage, readAllActions, readResultsSummary } from '../../../src/results/load-results.ts';
import { RESULT_HEADERS } from '../../../src/results/result-files.ts';

const DEMO = 'public/demo/ciclo-demo.csv';
const out = join(mkdtempSync(join(tmpdir(), 'ciclo-results-')), 'out');
let engine: Engine;

/** RFC 4180: quoted fields with doubled quotes, `,` and line ends inside quotes; LF or CRLF rows. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (ch !== '\r') field += ch;
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i] ?? ''])));
}

const bytesOf = (file: string) => new Uint8Array(readFileSync(join(out, file)));
const load = (file: string, bytes = bytesOf(file)) => loadResultFile(engine, { name: file, bytes });
const countBy = (rows: Record<string, string>[], key: string) => {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row[key]!, (counts.get(row[key]!) ?? 0) + 1);
  return counts;
};
const num = (text: string | undefined) => (text === undefined || text === '' ? null : Number(text));

beforeAll(async () => {
  const silent = { stdout: () => {}, stderr: () => {} };
  expect(await main(['analyze', DEMO, '--out', out], silent)).toBe(0);
  engine = await createNodeEngine();
}, 240_000);
afterAll(async () => {
  await engine?.close();
});

describe('loading the files of ciclo analyze', () => {
  it('loads customers.csv with one row per customer, counted per trend label and per stage as the file says', async () => {
    const parsed = parseCsv(readFileSync(join(out, 'customers.csv'), 'utf8'));
    const result = await load('customers.csv');
    expect(result).toEqual({ ok: true, loaded: { kind: 'customers', fileName: 'customers.csv', rows: parsed.length } });
    const summary = await readResultsSummary(engine, new Set(['customers']));
    const trends = countBy(parsed, 'trend');
    const stages = countBy(parsed, 'stage');
    expect(summary.customers!.figures.customers).toBe(parsed.length);
    for (const { key, customers, revenue12 } of summary.customers!.byTrend) {
      expect(customers, key).toBe(trends.get(key) ?? 0);
      const expected = parsed.filter((r) => r.trend === key).reduce((sum, r) => sum + Number(r.trailing_12m_revenue), 0);
      expect(revenue12).toBeCloseTo(expected, 4);
    }
    for (const { key, customers } of summary.customers!.byStage) expect(customers, key).toBe(stages.get(key) ?? 0);
    // Every customer counted once: no label or stage outside the known lists.
    expect(summary.customers!.byTrend.reduce((s, c) => s + c.customers, 0)).toBe(parsed.length);
    expect(summary.customers!.byStage.reduce((s, c) => s + c.customers, 0)).toBe(parsed.length);
    const predicted = parsed.reduce((sum, r) => sum + (num(r.predicted_clv) ?? 0), 0);
    expect(summary.customers!.figures.predictedClv).toBeCloseTo(predicted, 2);
    expect(summary.customers!.figures.keyAccounts).toBe(parsed.filter((r) => r.key_account === 'true').length);
  });

  it('keeps numbers as numbers and dates as dates (the contract types), and knows every column the CLI writes', async () => {
    const columns = await engine.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'result_customers'`,
    );
    const typeOf = new Map(columns.map((c) => [c.column_name, c.data_type]));
    expect(typeOf.get('orders')).toBe('INTEGER');
    expect(typeOf.get('revenue')).toBe('DOUBLE');
    expect(typeOf.get('first_order')).toBe('DATE');
    expect(typeOf.get('key_account')).toBe('BOOLEAN');
    expect(typeOf.get('T')).toBe('DOUBLE');
    // A column the CLI starts writing must be added to result-customers.sql too (else it would be left out).
    const header = readFileSync(join(out, 'customers.csv'), 'utf8').split('\n', 1)[0]!.split(',');
    expect(header.filter((name) => !typeOf.has(name))).toEqual([]);
    // The file the CLI wrote starts with the columns the browser recognises it by.
    expect(header.slice(0, RESULT_HEADERS.customers.length)).toEqual([...RESULT_HEADERS.customers]);
    const [first] = await engine.query<{ customer_id: string; orders: number; revenue: number }>(
      `SELECT customer_id, orders, revenue FROM result_customers WHERE customer_id = 'C00001'`,
    );
    const line = parseCsv(readFileSync(join(out, 'customers.csv'), 'utf8')).find((r) => r.customer_id === 'C00001')!;
    expect(first).toEqual({ customer_id: 'C00001', orders: Number(line.orders), revenue: Number(line.revenue) });
  });

  it('loads actions.csv and reads back every row of the file, in its order, with its values', async () => {
    const parsed = parseCsv(readFileSync(join(out, 'actions.csv'), 'utf8'));
    expect(await load('actions.csv')).toEqual({ ok: true, loaded: { kind: 'actions', fileName: 'actions.csv', rows: parsed.length } });
    const rows = await readAllActions(engine);
    expect(rows).toHaveLength(parsed.length);
    rows.forEach((row, i) => {
      const line = parsed[i]!;
      expect(row.line).toBe(i + 1);
      expect([row.customer_id, row.action, row.offer ?? '', row.reason, row.customer_name ?? '', row.stage, row.trend]).toEqual([
        line.customer_id, line.action, line.offer, line.reason, line.customer_name, line.stage, line.trend,
      ]);
      expect([row.priority, row.value_at_stake, row.likelihood, row.p_alive, row.predicted_clv, row.offer_tier, row.relationship_level]).toEqual([
        num(line.priority), num(line.value_at_stake), num(line.likelihood), num(line.p_alive), num(line.predicted_clv), num(line.offer_tier), num(line.relationship_level),
      ]);
      expect(row.timing).toBe(line.timing === '' ? null : line.timing);
      expect(row.key_account).toBe(line.key_account === 'true');
    });
    const columns = await engine.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'result_actions'`);
    const known = new Set(columns.map((c) => c.column_name));
    expect(ACTION_COLUMNS.map((c) => c.header).filter((name) => !known.has(name))).toEqual([]);
  });

  it('counts actions and value at stake per action type, and filters the list by type', async () => {
    const parsed = parseCsv(readFileSync(join(out, 'actions.csv'), 'utf8'));
    const summary = await readResultsSummary(engine, new Set(['actions']));
    expect(summary.actions!.actions).toBe(parsed.length);
    expect(summary.actions!.valueAtStake).toBeCloseTo(parsed.reduce((s, r) => s + Number(r.value_at_stake), 0), 2);
    const byType = countBy(parsed, 'action');
    for (const count of summary.actions!.byAction) expect(count.actions, count.action).toBe(byType.get(count.action) ?? 0);
    const [type] = [...byType].sort((a, b) => b[1] - a[1])[0]!;
    const page = await readActionPage(engine, { actions: [type as never], limit: 10, offset: 5 });
    const expected = parsed.filter((r) => r.action === type);
    expect(page.total).toBe(expected.length);
    expect(page.rows.map((r) => r.customer_id)).toEqual(expected.slice(5, 15).map((r) => r.customer_id));
    expect(page.valueAtStake).toBeCloseTo(expected.reduce((s, r) => s + Number(r.value_at_stake), 0), 2);
  });

  it('loads cohorts.csv, rules.csv and model.json', async () => {
    const cohorts = parseCsv(readFileSync(join(out, 'cohorts.csv'), 'utf8'));
    expect(await load('cohorts.csv')).toMatchObject({ ok: true, loaded: { kind: 'cohorts', rows: cohorts.length } });
    const rules = parseCsv(readFileSync(join(out, 'rules.csv'), 'utf8'));
    expect(await load('rules.csv')).toMatchObject({ ok: true, loaded: { kind: 'rules', rows: rules.length } });
    const summary = await readResultsSummary(engine, new Set(['cohorts', 'rules']));
    expect(summary.rules).toBe(rules.length);
    expect(summary.cohorts).toEqual(
      cohorts.map((r) => ({ cohort: r.cohort, age: Number(r.age_months), customers: Number(r.customers), revenue: Number(r.revenue), cohortSize: Number(r.cohort_size) })),
    );
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    const loaded = await load('model.json');
    expect(loaded).toMatchObject({ ok: true, loaded: { kind: 'model', model: { asOf: model.as_of, customers: model.customers, predictedClvTotal: model.predicted_clv_total } } });
  });
});

describe('files that are not whole results', () => {
  it('refuses a sales export, and leaves the tables as they were', async () => {
    const before = await engine.query(`SELECT count(*)::INTEGER AS n FROM result_customers`);
    const sales = new Uint8Array(readFileSync(DEMO));
    expect(await loadResultFile(engine, { name: 'ciclo-demo.csv', bytes: sales })).toMatchObject({ ok: false, problem: { code: 'RESULTS_NOT_RECOGNISED', file: 'ciclo-demo.csv' } });
    expect(await engine.query(`SELECT count(*)::INTEGER AS n FROM result_customers`)).toEqual(before);
  });

  it('refuses customers.csv cut in the middle of a row, and keeps the customers loaded before', async () => {
    const bytes = bytesOf('customers.csv');
    const before = await engine.query(`SELECT count(*)::INTEGER AS n FROM result_customers`);
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    expect(await load('customers.csv', cut)).toMatchObject({ ok: false, problem: { code: 'RESULTS_TRUNCATED' } });
    expect(await engine.query(`SELECT count(*)::INTEGER AS n FROM result_customers`)).toEqual(before);
  });

  it('refuses a value that does not fit its column (orders "many") with DuckDB\'s message, keeping the table', async () => {
    const header = readFileSync(join(out, 'customers.csv'), 'utf8').split('\n', 1)[0]!;
    const text = `${header.split(',').slice(0, 11).join(',')}\nX1,2024-01-01,2024-02-01,many,10,stable,0,1,active,loyal,10\n`;
    const before = await engine.query(`SELECT count(*)::INTEGER AS n FROM result_customers`);
    const result = await load('customers.csv', new TextEncoder().encode(text));
    expect(result).toMatchObject({ ok: false, problem: { code: 'RESULTS_LOAD_FAILED' } });
    expect(!result.ok && result.problem.detail).toMatch(/many/);
    expect(await engine.query(`SELECT count(*)::INTEGER AS n FROM result_customers`)).toEqual(before);
  });

  it('loads a customers.csv of the contract columns only (an older ciclo) with the other columns empty', async () => {
    const text = 'customer_id,first_order,last_order,orders,revenue,trend,trend_slope_pct,trend_p_value,stage,rfm_segment,historic_ltv,a_newer_column\n'
      + 'A,2024-01-01,2024-06-01,3,300.5,uptrader,12.5,0.01,active,champions,300.5,x\n'
      + 'B,2024-02-01,2024-02-01,1,20,new,,,new,new,20,y\n';
    expect(await load('customers.csv', new TextEncoder().encode(text))).toMatchObject({ ok: true, loaded: { rows: 2 } });
    const summary = await readResultsSummary(engine, new Set(['customers']));
    expect(summary.customers!.byTrend.filter((c) => c.customers > 0).map((c) => [c.key, c.customers])).toEqual([['uptrader', 1], ['new', 1]]);
    expect(summary.customers!.figures).toMatchObject({ customers: 2, revenue: 320.5, revenue12: 0, predictedClv: null, firstOrder: '2024-01-01', lastOrder: '2024-06-01' });
  });

  it('refuses a model.json without its figures', async () => {
    const text = '{\n  "bgnbd": null,\n  "as_of": "2025-10-31"\n}\n';
    expect(await load('model.json', new TextEncoder().encode(text))).toMatchObject({ ok: false, problem: { code: 'RESULTS_MODEL_INVALID', detail: expect.stringMatching(/"method"/) } });
  });
});
