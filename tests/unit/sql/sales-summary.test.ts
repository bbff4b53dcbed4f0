// sales-summary.sql and sales-files.sql on tiny hand-made datasets; expectations are computed here
// from the input rows, not copied from the SQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset, salesFiles, salesSummary } from '../../../src/pipeline.ts';
import type { SalesRow } from '../../../src/import/types.ts';
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

// Amounts are binary fractions, so any summation order gives the exact same double.
const january = [
  sale({ customer_id: 'C1', order_date: '2024-01-15', amount: 100.5, source_line: 2 }),
  sale({ customer_id: 'C2', order_date: '2024-01-03', amount: 20.25, source_line: 3 }),
  sale({ customer_id: 'C1', order_date: '2024-01-31', amount: -10.125, source_line: 4 }),
];
const february = [
  sale({ customer_id: 'C3', order_date: '2024-02-29', amount: 7, product: 'Chá', source_line: 2 }),
  sale({ customer_id: 'C2', order_date: '2023-12-31', amount: 0, source_line: 3 }),
];

function expectedSummary(rows: readonly SalesRow[], files: number) {
  const dates = rows.map((row) => row.order_date).sort();
  return {
    rows: rows.length,
    customers: new Set(rows.map((row) => row.customer_id)).size,
    firstDate: dates[0] ?? null,
    lastDate: dates.at(-1) ?? null,
    revenue: rows.reduce((total, row) => total + row.amount, 0),
    files,
  };
}

describe('sales summary', () => {
  it('reports zeros and no dates for an empty dataset', async () => {
    expect(await salesSummary(engine)).toEqual({
      rows: 0,
      customers: 0,
      firstDate: null,
      lastDate: null,
      revenue: 0,
      files: 0,
    });
  });

  it('counts rows, distinct customers, the date span, revenue and files', async () => {
    await appendSalesRows(engine, january, 'january.csv');
    await appendSalesRows(engine, february, 'february.csv');
    expect(await salesSummary(engine)).toEqual(expectedSummary([...january, ...february], 2));
  });

  it('counts rows whose optional fields are all blank like any other', async () => {
    const blank = [sale({ customer_id: 'only', order_date: '2020-06-01', amount: 1.5 })];
    await appendSalesRows(engine, blank, 'blank.csv');
    expect(await salesSummary(engine)).toEqual(expectedSummary(blank, 1));
  });
});

describe('sales files', () => {
  it('lists no file for an empty dataset', async () => {
    expect(await salesFiles(engine)).toEqual([]);
  });

  it('lists each append in the order it was added, with its own totals', async () => {
    await appendSalesRows(engine, february, 'february.csv');
    await appendSalesRows(engine, january, 'january.csv');
    const perFile = (rows: readonly SalesRow[], sourceFile: string) => {
      const { rows: count, customers, firstDate, lastDate, revenue } = expectedSummary(rows, 1);
      return { sourceFile, rows: count, customers, firstDate, lastDate, revenue };
    };
    expect(await salesFiles(engine)).toEqual([perFile(february, 'february.csv'), perFile(january, 'january.csv')]);
  });
});
