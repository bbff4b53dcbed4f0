// `ciclo analyze` and the next best actions: actions.csv and rules.csv with their promised first columns,
// relationship_level and key_account appended to customers.csv, and hostile names written as inert text in
// every file a spreadsheet may open.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';

const DEMO = 'public/demo/ciclo-demo.csv';
const scratch = mkdtempSync(join(tmpdir(), 'ciclo-analyze-actions-'));
const silent = { stdout: () => {}, stderr: () => {} };
const read = (dir: string, file: string) => Papa.parse<Record<string, string>>(readFileSync(join(dir, file), 'utf8'), { header: true, skipEmptyLines: true });

describe('ciclo analyze on the demo', () => {
  const out = join(scratch, 'demo');
  beforeAll(async () => {
    expect(await main(['analyze', DEMO, '--out', out], silent)).toBe(0);
  }, 180_000);

  it('writes actions.csv starting with customer_id, action, offer, reason, priority, value_at_stake', () => {
    const { data, meta } = read(out, 'actions.csv');
    expect(meta.fields!.slice(0, 6)).toEqual(['customer_id', 'action', 'offer', 'reason', 'priority', 'value_at_stake']);
    expect(data.length).toBeGreaterThan(0);
    const customers = new Set(read(out, 'customers.csv').data.map((row) => row.customer_id));
    for (const row of data) {
      expect(customers.has(row.customer_id!)).toBe(true);
      expect(Number(row.priority)).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(Number(row.value_at_stake))).toBe(true);
      expect(row.reason!.length).toBeGreaterThan(0);
    }
    // Highest priority first.
    const priorities = data.map((row) => Number(row.priority));
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
  });

  it('writes rules.csv starting with antecedent, consequent, support, confidence, lift', () => {
    const { data, meta } = read(out, 'rules.csv');
    expect(meta.fields!.slice(0, 5)).toEqual(['antecedent', 'consequent', 'support', 'confidence', 'lift']);
    for (const row of data) {
      // confidence = support(A ∪ B) / support(A), so it is never below the support.
      expect(Number(row.confidence)).toBeGreaterThanOrEqual(Number(row.support) - 1e-9);
      expect(Number(row.lift)).toBeGreaterThan(0);
    }
  });

  it('appends relationship_level and key_account to customers.csv', () => {
    const { data, meta } = read(out, 'customers.csv');
    expect(meta.fields!.slice(-2)).toEqual(['relationship_level', 'key_account']);
    for (const row of data) {
      expect(['1', '2', '3', '4']).toContain(row.relationship_level);
      expect(['true', 'false']).toContain(row.key_account);
    }
    // Key accounts hold the top share of trailing-12-month revenue: none of them earns less than a non-key account.
    const revenue = (row: Record<string, string>) => Number(row.trailing_12m_revenue);
    const keys = data.filter((row) => row.key_account === 'true').map(revenue);
    const others = data.filter((row) => row.key_account === 'false' && revenue(row) > 0).map(revenue);
    expect(keys.length).toBeGreaterThan(0);
    expect(Math.min(...keys)).toBeGreaterThanOrEqual(Math.max(...others));
  });
});

describe('ciclo analyze on hostile names', () => {
  it('writes names that start like formulas as inert text in customers.csv and actions.csv', async () => {
    const file = join(scratch, 'hostile.csv');
    const lines = ['customer_id,customer_name,order_date,amount,category'];
    const names = ['=HYPERLINK("http://example.com","click")', '+1+1', '@SUM(A1)', '-2+3'];
    for (let i = 0; i < 40; i++) {
      const name = names[i % names.length]!;
      for (let month = 1; month <= 12; month++) lines.push(`C${i},"${name.replaceAll('"', '""')}",2024-${String(month).padStart(2, '0')}-10,${100 + i},Cat ${i % 3}`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(scratch, 'hostile');
    expect(await main(['analyze', file, '--out', out], silent)).toBe(0);
    const customers = read(out, 'customers.csv').data;
    expect(new Set(customers.map((row) => row.customer_name))).toEqual(new Set(names.map((name) => `'${name}`)));
    for (const row of read(out, 'actions.csv').data) {
      for (const cell of Object.values(row)) if (cell !== undefined && cell !== '') expect(/^[=+@\t\r]/.test(cell)).toBe(false);
    }
  }, 120_000);
});
