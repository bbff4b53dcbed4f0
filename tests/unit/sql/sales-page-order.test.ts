// The unsorted grid relies on DuckDB keeping load order without an ORDER BY: pages of a large table
// must still tile it exactly in load order after files are removed and others appended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset, removeFile, salesPage } from '../../../src/pipeline.ts';
import { sale } from './sales-rows.ts';

const lines = (file: string, count: number, firstLine: number) =>
  Array.from({ length: count }, (_, i) =>
    sale({ customer_id: `${file}-${i}`, order_date: '2024-01-01', amount: (i * 37) % 101, source_file: file, source_line: firstLine + i }),
  );

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await createDataset(engine);
});
afterAll(async () => {
  await engine.close();
});

describe('unsorted pages', () => {
  it('tile the table in load order after a file is removed and another appended', async () => {
    await appendSalesRows(engine, lines('a.csv', 150_000, 2), 'a.csv');
    await appendSalesRows(engine, lines('b.csv', 70_000, 2), 'b.csv');
    await removeFile(engine, 'a.csv');
    await appendSalesRows(engine, lines('c.csv', 90_000, 2), 'c.csv');
    const expected = [...lines('b.csv', 70_000, 2), ...lines('c.csv', 90_000, 2)].map((row) => row.customer_id);

    const seen: string[] = [];
    for (let offset = 0; offset < expected.length; offset += 10_000) {
      const { rows, total } = await salesPage(engine, { offset, limit: 10_000 });
      expect(total).toBe(expected.length);
      seen.push(...rows.map((row) => row.customer_id));
    }
    expect(seen).toEqual(expected);
    // A deep page on its own, as the grid asks for it after a jump to the end.
    const last = await salesPage(engine, { offset: expected.length - 5, limit: 10 });
    expect(last.rows.map((row) => row.customer_id)).toEqual(expected.slice(-5));
  });
});

describe('sorted pages', () => {
  it('read from the far end match the same window of the whole sorted table, ties and blanks included', async () => {
    await createDataset(engine);
    const names = ['ana', 'Ana', 'Élodie', 'bruno', null];
    const rows = Array.from({ length: 1000 }, (_, i) =>
      sale({
        customer_id: `C${i}`,
        order_date: `2024-0${(i % 9) + 1}-1${i % 10}`,
        amount: (i * 7) % 13,
        quantity: i % 5 === 0 ? null : i % 4,
        product: names[i % names.length] ?? null,
        source_line: i + 2,
      }),
    );
    await appendSalesRows(engine, rows, 'ties.csv');
    for (const column of ['amount', 'quantity', 'product', 'order_date'] as const) {
      for (const descending of [false, true]) {
        const sort = { column, descending };
        const whole = (await salesPage(engine, { offset: 0, limit: 1000, sort })).rows.map((row) => row.customer_id);
        expect(new Set(whole).size).toBe(1000);
        for (const offset of [499, 500, 501, 777, 950, 990, 999, 1000, 1200]) {
          const page = await salesPage(engine, { offset, limit: 50, sort });
          expect(page.total).toBe(1000);
          expect(page.rows.map((row) => row.customer_id)).toEqual(whole.slice(offset, offset + 50));
        }
      }
    }
  });
});
