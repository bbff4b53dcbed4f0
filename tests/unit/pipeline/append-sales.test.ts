// Sales batches through the pipeline into DuckDB, and delete-sales-file.sql: every value comes back
// exactly as the importer read it, each append keeps its tag, and one append can be undone alone.
import { Float64, Table, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import {
  appendSalesBatch,
  appendSalesRows,
  clearSales,
  createDataset,
  removeFile,
  salesPage,
  salesSummary,
  type SalesBatch,
} from '../../../src/pipeline.ts';
import { SALES_BATCH_COLUMNS, createSalesBatchBuilder, encodeSalesBatch } from '../../../src/pipeline/sales-batch.ts';
import type { SalesRow } from '../../../src/import/types.ts';
import { sale } from '../sql/sales-rows.ts';

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

const allRows = async () => (await salesPage(engine, { offset: 0, limit: 5000 })).rows;
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

/** A batch built by hand whose second row has no amount, which the `sales` table refuses. */
function batchWithoutAmount(): SalesBatch {
  const rows = [
    sale({ customer_id: 'C9', order_date: '2024-05-01', amount: 1, source_line: 2 }),
    sale({ customer_id: 'C9', order_date: '2024-05-02', amount: 2, source_line: 3 }),
  ];
  const table = tableFromIPC(encodeSalesBatch(rows, 'broken.csv').bytes);
  const columns = Object.fromEntries(
    table.schema.fields.map((field, i) => [field.name, field.name === 'amount' ? vectorFromArray([1, null], new Float64()) : table.getChildAt(i)!]),
  );
  return { bytes: tableToIPC(new Table(columns), 'stream'), rowCount: 2 };
}

describe('appending sales batches', () => {
  it('has batch columns with the names and types of the sales table, in its order', async () => {
    const described = await engine.query<{ column_name: string; column_type: string }>('SELECT column_name, column_type FROM (DESCRIBE sales)');
    const arrowTypes: Record<string, string[]> = {
      VARCHAR: ['Utf8', 'Dictionary<Int32, Utf8>'],
      DATE: ['Date32<DAY>'],
      DOUBLE: ['Float64'],
      INTEGER: ['Int32'],
    };
    const { fields } = tableFromIPC(encodeSalesBatch(march, 'march.csv').bytes).schema;
    expect(fields.map((field) => field.name)).toEqual(described.map((column) => column.column_name));
    expect([...SALES_BATCH_COLUMNS]).toEqual(described.map((column) => column.column_name));
    fields.forEach((field, i) => expect(arrowTypes[described[i]!.column_type]).toContain(String(field.type)));
  });

  it('stores every field exactly, replacing source_file with the append tag', async () => {
    expect(await appendSalesRows(engine, march, 'march.csv')).toBe(3);
    expect(await allRows()).toEqual(tagged(march, 'march.csv'));
  });

  it('keeps the sign of zero, the extremes of DOUBLE, and characters outside the Basic Multilingual Plane', async () => {
    const edges = [
      sale({
        customer_id: '客户 👩‍🌾',
        order_date: '0001-01-01',
        amount: -0,
        quantity: Number.MAX_VALUE,
        unit_price: -Number.MIN_VALUE,
        source_line: 2,
      }),
      sale({ customer_id: 'e', order_date: '9999-12-31', amount: 2 ** 53 + 2, product: '𝄞 clef', region: '', source_line: 2_147_483_647 }),
    ];
    await appendSalesRows(engine, edges, 'edges.csv');
    const rows = await allRows();
    expect(rows).toEqual(tagged(edges, 'edges.csv'));
    expect(Object.is(rows[0]!.amount, -0)).toBe(true);
  });

  it('adds nothing for an empty batch', async () => {
    expect(await appendSalesRows(engine, [], 'empty.csv')).toBe(0);
    expect(await appendSalesBatch(engine, createSalesBatchBuilder('empty.csv').take())).toBe(0);
    expect(await allRows()).toEqual([]);
  });

  it('reads back the rows of a file cut into batches whose text columns change from dictionary to plain', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) =>
      sale({
        customer_id: `C${i}`,
        order_date: `2024-0${1 + (i % 9)}-1${i % 10}`,
        amount: i / 7,
        quantity: i % 3 === 0 ? null : i,
        order_id: i % 5 === 0 ? null : `P-${Math.floor(i / 2)}`,
        product: i % 4 === 0 ? null : `Café ${i % 3}`,
        category: 'Laticínios',
        customer_name: i % 11 === 0 ? null : `Nome ${i}`,
        region: i < 3000 ? null : `R${i % 2}`,
        source_line: i + 2,
      }),
    );
    const builder = createSalesBatchBuilder('big.csv');
    let added = 0;
    for (let start = 0; start < rows.length; start += 1500) {
      builder.add(rows.slice(start, start + 1500));
      added += await appendSalesBatch(engine, builder.take());
    }
    expect(added).toBe(4000);
    expect(await allRows()).toEqual(tagged(rows, 'big.csv'));
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

  it('keeps none of a batch that DuckDB refuses, says why, and leaves earlier data as it was', async () => {
    await appendSalesRows(engine, april, 'april.csv');
    await expect(appendSalesBatch(engine, batchWithoutAmount())).rejects.toMatchObject({
      code: 'ENGINE_QUERY_FAILED',
      message: expect.stringMatching(/^Constraint Error: .*NOT NULL constraint failed: sales\.amount/),
    });
    expect(await allRows()).toEqual(tagged(april, 'april.csv'));
    expect(await appendSalesRows(engine, march, 'march.csv')).toBe(3);
  });

  it('refuses a batch cut short without adding anything, and keeps appending afterwards', async () => {
    const { bytes } = encodeSalesBatch(april, 'april.csv');
    await expect(appendSalesBatch(engine, { bytes: bytes.subarray(0, bytes.length - 8), rowCount: 2 })).rejects.toMatchObject({
      code: 'ENGINE_QUERY_FAILED',
      message: expect.stringContaining('end-of-stream marker'),
    });
    expect(await appendSalesRows(engine, april, 'april.csv')).toBe(2);
    expect(await allRows()).toEqual(tagged(april, 'april.csv'));
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
