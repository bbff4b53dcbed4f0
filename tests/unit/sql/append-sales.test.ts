// append-sales.sql and delete-sales-file.sql through the pipeline: rows go in unchanged, each append
// keeps its tag, and one append can be undone while the others stay.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import {
  appendCanonicalCsv,
  appendSalesRows,
  clearSales,
  createDataset,
  removeFile,
  salesPage,
  salesSummary,
} from '../../../src/pipeline.ts';
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

const allRows = async () => (await salesPage(engine, { offset: 0, limit: 1000 })).rows;
const tagged = (rows: readonly SalesRow[], sourceFile: string) => rows.map((row) => ({ ...row, source_file: sourceFile }));

const march = [
  sale({
    customer_id: 'Loja "Central", Lda',
    order_date: '2024-03-01',
    amount: 0.1 + 0.2,
    quantity: 3,
    unit_price: 1e-7,
    order_id: '',
    product: 'linha 1\nlinha 2\r\nlinha 3',
    category: 'São João',
    channel: '  spaced  ',
    salesperson: '""',
    customer_name: 'Zoë; Ñandú',
    region: '\\N',
    source_file: 'march-original-name.csv',
    source_line: 2,
  }),
  sale({ customer_id: 'C2', order_date: '1999-12-31', amount: 123456789.12345679, quantity: -2.5, source_line: 3 }),
  sale({ customer_id: 'C3', order_date: '2024-02-29', amount: 1e21, unit_price: 5e-324, source_line: 1_000_000 }),
];
const april = [
  sale({ customer_id: 'C2', order_date: '2024-04-02', amount: 10, source_line: 2 }),
  sale({ customer_id: 'C4', order_date: '2024-04-03', amount: 20, source_line: 3 }),
];

describe('appending sales rows', () => {
  it('stores every field exactly, replacing source_file with the append tag', async () => {
    expect(await appendSalesRows(engine, march, 'march.csv')).toBe(3);
    expect(await allRows()).toEqual(tagged(march, 'march.csv'));
  });

  it('adds nothing for an empty batch', async () => {
    expect(await appendSalesRows(engine, [], 'empty.csv')).toBe(0);
    expect(await allRows()).toEqual([]);
  });

  it('keeps two appends apart and removes one of them, keeping the other', async () => {
    await appendSalesRows(engine, march, 'march.csv');
    await appendSalesRows(engine, april, 'april.csv');
    expect((await salesSummary(engine)).rows).toBe(5);

    expect(await removeFile(engine, 'march.csv')).toBe(3);
    expect(await allRows()).toEqual(tagged(april, 'april.csv'));
    expect(await salesSummary(engine)).toMatchObject({ rows: 2, files: 1, firstDate: '2024-04-02' });

    expect(await removeFile(engine, 'no-such-file.csv')).toBe(0);
  });

  it('appends one file in several batches under one tag, removed together', async () => {
    await appendSalesRows(engine, march.slice(0, 2), 'march.csv');
    await appendSalesRows(engine, march.slice(2), 'march.csv');
    await appendSalesRows(engine, april, 'april.csv');
    expect(await removeFile(engine, 'march.csv')).toBe(3);
    expect(await allRows()).toEqual(tagged(april, 'april.csv'));
  });

  it('keeps none of a batch that DuckDB refuses, and leaves earlier data as it was', async () => {
    await appendSalesRows(engine, april, 'april.csv');
    const broken = new TextEncoder().encode(
      'customer_id,order_date,amount,quantity,unit_price,order_id,product,category,channel,salesperson,customer_name,region,source_line\n' +
        '"C9",2024-05-01,1,,,,,,,,,,2\n' +
        '"C9",2024-13-45,1,,,,,,,,,,3\n',
    );
    await expect(appendCanonicalCsv(engine, broken, 'broken.csv')).rejects.toMatchObject({ code: 'ENGINE_QUERY_FAILED' });
    expect(await allRows()).toEqual(tagged(april, 'april.csv'));
  });

  it('refuses a missing amount through the NOT NULL column', async () => {
    const noAmount = new TextEncoder().encode(
      'customer_id,order_date,amount,quantity,unit_price,order_id,product,category,channel,salesperson,customer_name,region,source_line\n' +
        '"C9",2024-05-01,,,,,,,,,,,2\n',
    );
    await expect(appendCanonicalCsv(engine, noAmount, 'no-amount.csv')).rejects.toMatchObject({
      code: 'ENGINE_QUERY_FAILED',
      message: expect.stringContaining('NOT NULL'),
    });
  });

  it('starts over empty after clearSales', async () => {
    await appendSalesRows(engine, april, 'april.csv');
    await clearSales(engine);
    expect((await salesSummary(engine)).rows).toBe(0);
  });

  it('refuses an empty tag', async () => {
    await expect(appendSalesRows(engine, april, '')).rejects.toThrow('fileTag must be a non-empty text, got ""');
  });
});
