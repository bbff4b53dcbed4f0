// `ciclo analyze` and the predicted value: model.json reproduces the published CDNOW fits, customers.csv carries
// the prediction columns after the earlier ones with values checked against Hardie's summary and against each
// other, a small book gets the labelled rule of thumb, and bad --unit / --horizon / --discount exit 2.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { hardieSummary } from '../../fixtures/cdnow/cdnow.ts';

const CDNOW = 'tests/fixtures/cdnow/cdnow_sample.csv';

/** customers.csv before this issue: the contract and its extras (tests/unit/cli/analyze.test.ts). */
const EARLIER = [
  'customer_id', 'first_order', 'last_order', 'orders', 'revenue', 'trend', 'trend_slope_pct', 'trend_p_value', 'stage',
  'rfm_segment', 'historic_ltv', 'customer_name', 'trend_quiet', 'trend_change', 'trend_change_period', 'trend_drivers',
  'trend_baseline_per_period', 'trend_delta_per_period', 'trend_delta_pct', 'items', 'categories', 'rfm_r', 'rfm_f', 'rfm_m',
  'historic_margin', 'trailing_12m_revenue', 'potential_value', 'potential_basis', 'headroom', 'days_since_last_order',
  'typical_gap_days', 'typical_gap_source', 'funnel_step',
];
const PREDICTED = ['frequency', 'recency', 'T', 'monetary_value', 'p_alive', 'churn_probability', 'expected_purchases', 'predicted_clv'];
const PREDICTED_EXTRAS = ['p_alive_method', 'expected_spend', 'expected_next_order'];

/** Published values (tests/fixtures/cdnow/README.md): FHL 2005 in weeks, Fader & Hardie 2013. */
const BGNBD = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259, log_likelihood: -9582.43 };
const GAMMA_GAMMA = { p: 6.2488, q: 3.7446, v: 15.4477 };
const withinHalfPercent = (actual: number, expected: number, what: string) =>
  expect(Math.abs(actual / expected - 1), `${what} = ${actual}, published ${expected}`).toBeLessThan(0.005);

const scratch = mkdtempSync(join(tmpdir(), 'ciclo-analyze-model-'));
let runs = 0;
const freshDir = () => join(scratch, `out-${++runs}`);

async function ciclo(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** customers.csv as records; the files hold no quoted field with a comma for these inputs, checked here. */
function readCustomers(dir: string): { header: string[]; rows: Record<string, string>[] } {
  const [headerLine, ...lines] = readFileSync(join(dir, 'customers.csv'), 'utf8').trimEnd().split('\n');
  const header = headerLine!.split(',');
  const rows = lines.map((line) => {
    expect(line).not.toContain('"');
    const cells = line.split(',');
    expect(cells).toHaveLength(header.length);
    return Object.fromEntries(header.map((name, i) => [name, cells[i]!]));
  });
  return { header, rows };
}

const readModel = (dir: string) => JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;

describe('ciclo analyze on CDNOW, weekly, as of 1997-09-30', () => {
  const out = freshDir();
  let run: Awaited<ReturnType<typeof ciclo>>;
  beforeAll(async () => {
    run = await ciclo('analyze', CDNOW, '--out', out, '--as-of', '1997-09-30', '--unit', 'week');
  });

  it('writes model.json with the published BG/NBD and Gamma-Gamma parameters and the settings', () => {
    expect(run.code).toBe(0);
    const model = readModel(out);
    expect(Object.keys(model).slice(0, 2)).toEqual(['bgnbd', 'gamma_gamma']);
    const bgnbd = model.bgnbd as Record<string, number>;
    const gammaGamma = model.gamma_gamma as Record<string, number>;
    expect(Object.keys(bgnbd)).toEqual(['r', 'alpha', 'a', 'b', 'log_likelihood']);
    expect(Object.keys(gammaGamma)).toEqual(['p', 'q', 'v']);
    for (const [key, value] of Object.entries(BGNBD)) withinHalfPercent(bgnbd[key]!, value, key);
    for (const [key, value] of Object.entries(GAMMA_GAMMA)) withinHalfPercent(gammaGamma[key]!, value, key);
    expect(model).toMatchObject({
      unit: 'week',
      as_of: '1997-09-30',
      horizon: 12,
      discount: 0.01,
      method: 'bgnbd_gamma_gamma',
      reason: 'ok',
      customers: 2357,
      repeat_buyers: 946,
    });
    // lifetimes' documentation: Pearson correlation of frequency and spend among the repeaters 0.113884.
    expect(model.spend_correlation as number).toBeCloseTo(0.113884, 3);
    expect(run.stderr).toContain('Predicted value: BG/NBD and Gamma-Gamma (weekly model unit, 946 of 2357 customers bought again)');
    expect(run.stderr).toContain(join(out, 'model.json'));
  });

  it('appends the prediction columns in order after the earlier ones, then the extras', () => {
    const { header } = readCustomers(out);
    // Later issues append after these (the actions add relationship_level and key_account).
    expect(header!.slice(0, EARLIER.length + PREDICTED.length + PREDICTED_EXTRAS.length)).toEqual([...EARLIER, ...PREDICTED, ...PREDICTED_EXTRAS]);
  });

  it("fills every prediction column for every customer, with Hardie's frequency, recency and T", () => {
    const { rows } = readCustomers(out);
    expect(rows).toHaveLength(2357);
    const hardie = new Map(hardieSummary().map((h) => [h.id, h]));
    for (const row of rows) {
      for (const name of PREDICTED) {
        expect(row[name], `${row.customer_id} ${name}`).not.toBe('');
        expect(Number.isFinite(Number(row[name])), `${row.customer_id} ${name} = ${row[name]}`).toBe(true);
      }
      const h = hardie.get(row.customer_id!)!;
      expect(Number(row.frequency)).toBe(h.x);
      expect(Math.abs(Number(row.recency) - h.tx)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(Number(row.T) - h.T)).toBeLessThanOrEqual(0.005);
      // Both the file and zbar are rounded to cents: they may differ by one cent.
      expect(Math.abs(Number(row.monetary_value) - h.zbar)).toBeLessThanOrEqual(0.0101);
      const pAlive = Number(row.p_alive);
      expect(pAlive).toBeGreaterThanOrEqual(0);
      expect(pAlive).toBeLessThanOrEqual(1);
      expect(Number(row.churn_probability) + pAlive).toBeCloseTo(1, 12);
      expect(Number(row.expected_purchases)).toBeGreaterThanOrEqual(0);
      expect(Number(row.predicted_clv)).toBeGreaterThanOrEqual(0);
      // One-time buyers are not shown as certainly alive: their P(alive) is the modified BG/NBD's, below 1.
      expect(row.p_alive_method).toBe(h.x === 0 ? 'one_time_heuristic' : 'bgnbd');
      if (h.x === 0) expect(pAlive).toBeLessThan(1);
      expect(row.expected_next_order).toMatch(/^$|^\d{4}-\d{2}-\d{2}$/);
      if (row.expected_next_order !== '') expect(row.expected_next_order! > '1997-09-30').toBe(true);
    }
  });
});

describe('ciclo analyze with --unit month --horizon 6 --discount 0', () => {
  it('fits the same model in months: r, a, b unchanged, α × 7/30.4375, the likelihood shifted by Σx · ln(30.4375/7)', async () => {
    const weekly = freshDir();
    const monthly = freshDir();
    expect((await ciclo('analyze', CDNOW, '--out', weekly, '--as-of', '1997-09-30')).code).toBe(0);
    expect((await ciclo('analyze', CDNOW, '--out', monthly, '--as-of', '1997-09-30', '--unit', 'month', '--horizon', '6', '--discount', '0')).code).toBe(0);
    const week = readModel(weekly);
    const month = readModel(monthly);
    expect(month).toMatchObject({ unit: 'month', unit_days: 30.4375, horizon: 6, discount: 0, method: 'bgnbd_gamma_gamma' });
    const w = week.bgnbd as Record<string, number>;
    const m = month.bgnbd as Record<string, number>;
    for (const key of ['r', 'a', 'b']) withinHalfPercent(m[key]!, w[key]!, key);
    withinHalfPercent(m.alpha!, (w.alpha! * 7) / 30.4375, 'alpha');
    // Rescaling time by c multiplies each customer's likelihood by c^x (x purchase-time densities), so the
    // maximum moves by Σx · ln c; Σx = 2,457 repeat purchases in Hardie's summary.
    const repeatPurchases = hardieSummary().reduce((sum, h) => sum + h.x, 0);
    expect(repeatPurchases).toBe(2457);
    expect(m.log_likelihood! - w.log_likelihood!).toBeCloseTo(repeatPurchases * Math.log(30.4375 / 7), 1);

    // recency and T in months: customer 1 bought on 1997-01-01, 1997-01-18 and 1997-08-02 (the raw file).
    const { rows } = readCustomers(monthly);
    const one = rows.find((r) => r.customer_id === '1')!;
    const days = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;
    expect(Number(one.recency)).toBeCloseTo((days('1997-08-02') - days('1997-01-01')) / 30.4375, 4);
    expect(Number(one.T)).toBeCloseTo((days('1997-09-30') - days('1997-01-01')) / 30.4375, 4);
  });
});

describe('ciclo analyze on a small book', () => {
  it('uses the labelled rule of thumb, writes null models, and leaves a returns-only customer blank', async () => {
    const file = join(scratch, 'small.csv');
    const lines = ['customer,date,amount'];
    for (let c = 1; c <= 5; c++) for (const month of ['01', '02', '03']) lines.push(`C${c},2024-${month}-10,${10 * c}`);
    lines.push('R1,2024-02-20,-15');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = freshDir();
    const { code, stderr } = await ciclo('analyze', file, '--out', out, '--as-of', '2024-03-31');
    expect(code).toBe(0);
    expect(stderr).toContain('Predicted value: rule of thumb, not the purchase models (too_few_customers: ');
    const model = readModel(out);
    expect(model).toMatchObject({ bgnbd: null, gamma_gamma: null, method: 'heuristic', reason: 'too_few_customers', customers: 5, repeat_buyers: 5 });
    const { rows } = readCustomers(out);
    expect(rows.map((r) => r.customer_id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'R1']);
    for (const row of rows.slice(0, 5)) {
      expect(row.p_alive_method).toBe('recency_heuristic');
      expect(row.frequency).toBe('2');
      for (const name of PREDICTED) expect(Number.isFinite(Number(row[name])) && row[name] !== '').toBe(true);
    }
    for (const name of [...PREDICTED, ...PREDICTED_EXTRAS]) expect(rows[5]![name]).toBe('');
  });
});

describe('ciclo analyze model flags', () => {
  it.each([
    [['--unit', 'year'], '--unit must be one of day, week, month, got "year"'],
    [['--unit', 'Week'], '--unit must be one of'],
    [['--horizon', '0'], '--horizon must be a whole number of months from 1 to 120, got "0"'],
    [['--horizon', '1.5'], '--horizon must be'],
    [['--horizon', '121'], '--horizon must be'],
    [['--horizon', '-3'], '--horizon must be'],
    [['--horizon', 'twelve'], '--horizon must be'],
    [['--discount', '1'], '--discount must be a monthly rate ≥ 0 and < 1, such as 0.01 for 1 % a month, got "1"'],
    [['--discount', '-0.01'], '--discount must be'],
    [['--discount', '1%'], '--discount must be'],
    [['--discount', '1e-2'], '--discount must be'],
    [['--discount', ''], '--discount must be'],
  ])('exits 2 with the usage for %j', async (flags, message) => {
    const { code, stdout, stderr } = await ciclo('analyze', CDNOW, '--out', freshDir(), ...flags);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: ciclo analyze');
  });

  it('documents the flags, model.json and the new columns in --help', async () => {
    const { code, stdout } = await ciclo('analyze', '--help');
    expect(code).toBe(0);
    for (const text of ['--unit day|week|month', '--horizon N', '--discount R', 'DIR/model.json', 'churn_probability, expected_purchases, predicted_clv']) {
      expect(stdout).toContain(text);
    }
  });
});
