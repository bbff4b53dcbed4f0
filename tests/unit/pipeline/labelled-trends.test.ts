// Planted answers: customers made by a seeded generator to rise, fall, hold steady, lapse, leave, return or
// arrive (tests/fixtures/labelled-customers.ts) go through `ciclo analyze` as a US export and as a Brazilian
// one. The labels must come out as planted, and both files must give the very same customers.csv.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { LABELLED_AS_OF, labelledCsv, labelledSales, type Truth } from '../../fixtures/labelled-customers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ciclo-labelled-'));
const { lines, truth } = labelledSales();
const silent = { stdout: () => {}, stderr: () => {} };

async function analyze(format: 'us' | 'pt'): Promise<string> {
  const file = join(dir, `vendas-${format}.csv`);
  writeFileSync(file, labelledCsv(lines, format));
  const out = join(dir, `out-${format}`);
  const status = await main(['analyze', file, '--out', out, '--as-of', LABELLED_AS_OF], silent);
  expect(status).toBe(0);
  return readFileSync(join(out, 'customers.csv'), 'utf8');
}

let us = '';
let pt = '';
let rows: Record<string, string>[] = [];

beforeAll(async () => {
  us = await analyze('us');
  pt = await analyze('pt');
  rows = Papa.parse<Record<string, string>>(us, { header: true, skipEmptyLines: true }).data;
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function planted(plant: Truth['plant']) {
  return rows.filter((row) => truth.get(row.customer_id as string)?.plant === plant);
}

describe('planted customers', () => {
  it('are all in customers.csv, once', () => {
    expect(rows.map((row) => row.customer_id).sort()).toEqual([...truth.keys()].sort());
  });

  it.each(['uptrader', 'downtrader', 'quiet_downtrader', 'breadth_uptrader', 'lost', 'new'] as const)('%s get the planted trend label', (plant) => {
    const found = planted(plant);
    expect(found.length).toBeGreaterThan(0);
    const expected = found.map((row) => [row.customer_id, truth.get(row.customer_id as string)?.trend]);
    expect(found.map((row) => [row.customer_id, row.trend])).toEqual(expected);
  });

  it('stable customers come out stable, but for at most the significance level’s share of false alarms', () => {
    const found = planted('stable');
    const wrong = found.filter((row) => row.trend !== 'stable');
    // Noise alone crosses a 5 % test about 5 % of the time; the slope and recent-ratio conditions cut that further.
    expect(wrong.length / found.length).toBeLessThanOrEqual(0.05);
  });

  it('quiet downtraders are flagged, and the others are not', () => {
    expect(planted('quiet_downtrader').map((row) => row.trend_quiet)).toEqual(planted('quiet_downtrader').map(() => 'true'));
    expect(planted('downtrader').every((row) => row.trend_quiet === 'false')).toBe(true);
  });

  it.each(['uptrader', 'quiet_downtrader', 'stable', 'breadth_uptrader', 'lapsing', 'lost', 'returning', 'new'] as const)(
    '%s are in the planted lifecycle stage',
    (plant) => {
      const found = planted(plant);
      const expected = found.map((row) => [row.customer_id, truth.get(row.customer_id as string)?.stage]);
      expect(found.map((row) => [row.customer_id, row.stage])).toEqual(expected);
    },
  );

  it('downtraders who now visit half as often are active or already at risk, never reactivated', () => {
    const stages = new Set(planted('downtrader').map((row) => row.stage));
    expect([...stages].every((stage) => stage === 'active' || stage === 'at_risk')).toBe(true);
  });

  it('rising breadth is what makes the spread-out customers uptraders', () => {
    for (const row of planted('breadth_uptrader')) expect(row.trend_drivers).toContain('breadth');
  });

  it('slopes have the planted sign and p-values are small for clear trends', () => {
    for (const row of planted('uptrader')) expect(Number(row.trend_slope_pct)).toBeGreaterThan(2);
    for (const row of [...planted('downtrader'), ...planted('quiet_downtrader')]) expect(Number(row.trend_slope_pct)).toBeLessThan(-2);
    for (const row of [...planted('uptrader'), ...planted('downtrader')]) expect(Number(row.trend_p_value)).toBeLessThan(0.05);
  });
});

describe('the same sales written two ways', () => {
  it('give byte-identical customers.csv (US: UTF-8, comma, dot, mm/dd/yyyy; BR: Latin-1, semicolon, decimal comma, dd/mm/yyyy)', () => {
    expect(us.length).toBeGreaterThan(0);
    expect(pt).toBe(us);
  });
});
