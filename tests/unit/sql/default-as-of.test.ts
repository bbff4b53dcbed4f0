// default-as-of.sql: the analysis date Ciclo proposes is the end of the last complete month in the data.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { defaultAsOf, run } from '../../../src/sql/index.ts';
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

async function asOfFor(...dates: string[]): Promise<string | null> {
  const rows = dates.map((order_date, i) => sale({ customer_id: `C${i}`, order_date, amount: 10, source_line: i + 2 }));
  await appendSalesRows(engine, rows, 'dates.csv');
  const result = await run(engine, defaultAsOf, {});
  expect(result).toHaveLength(1);
  return result[0]!.as_of;
}

describe('default analysis date', () => {
  it('is null for an empty dataset', async () => {
    expect(await asOfFor()).toBeNull();
  });

  it('is the last order date when that is the last day of its month', async () => {
    expect(await asOfFor('2023-11-02', '2024-03-31', '2024-01-15')).toBe('2024-03-31');
  });

  it('is the end of the previous month when the last month is incomplete', async () => {
    expect(await asOfFor('2023-11-02', '2024-03-30')).toBe('2024-02-29');
    await createDataset(engine);
    expect(await asOfFor('2022-06-01', '2023-03-01')).toBe('2023-02-28');
  });

  it('takes a leap-day month end as complete', async () => {
    expect(await asOfFor('2024-01-03', '2024-02-29')).toBe('2024-02-29');
  });

  it('crosses the year boundary', async () => {
    expect(await asOfFor('2023-06-20', '2024-01-30')).toBe('2023-12-31');
  });

  it('keeps a month end that is the first order date itself', async () => {
    expect(await asOfFor('2023-12-31', '2024-01-15')).toBe('2023-12-31');
  });

  it('falls back to the last order date when no month of the data is complete', async () => {
    expect(await asOfFor('2024-03-05', '2024-03-20', '2024-03-11')).toBe('2024-03-20');
  });
});
