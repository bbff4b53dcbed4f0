// The grid's page query on a tiny dataset with awkward text: quotes, commas, newlines, accents, LIKE
// wildcards and blank fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset, salesPage, type SalesPageRequest } from '../../../src/pipeline.ts';
import { salesPage as salesPageQuery } from '../../../src/sql/index.ts';
import type { SalesRow } from '../../../src/import/types.ts';
import { sale } from './sales-rows.ts';

const TAG = 'awkward.csv';

const rows: SalesRow[] = [
  sale({
    customer_id: 'C1',
    order_date: '2024-01-05',
    amount: 100,
    quantity: 2,
    unit_price: 50,
    order_id: 'A-1',
    product: 'Café "Especial"',
    category: 'Bebidas',
    customer_name: 'Ana, Lda',
    region: 'Norte',
    channel: 'loja',
    salesperson: 'Rui',
    source_line: 2,
  }),
  sale({
    customer_id: 'C2',
    order_date: '2023-12-31',
    amount: 5.5,
    order_id: 'A_2',
    product: '100% algodão',
    customer_name: 'Bob\nSmith',
    source_line: 3,
  }),
  sale({
    customer_id: 'C3',
    order_date: '2024-02-29',
    amount: -20,
    order_id: 'A12',
    product: '1000 algodão',
    customer_name: 'ÉLODIE Ñandú',
    source_line: 4,
  }),
  // Blank everywhere a field may be blank.
  sale({ customer_id: 'C4', order_date: '2024-03-01', amount: 0, source_line: 5 }),
  sale({
    customer_id: 'c5',
    order_date: '2024-01-05',
    amount: 100,
    product: 'back\\slash',
    category: '',
    customer_name: 'Zoë',
    source_line: 6,
  }),
];
const stored = (row: SalesRow): SalesRow => ({ ...row, source_file: TAG });
const byLine = (...lines: number[]) => lines.map((line) => stored(rows.find((row) => row.source_line === line)!));

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await createDataset(engine);
  await appendSalesRows(engine, rows, TAG);
});
afterAll(async () => {
  await engine.close();
});

const page = (request: Partial<SalesPageRequest>) => salesPage(engine, { offset: 0, limit: 100, ...request });

describe('sales page', () => {
  it('returns every field exactly as loaded, in load order when unsorted', async () => {
    expect(await page({})).toEqual({ rows: byLine(2, 3, 4, 5, 6), total: 5 });
  });

  it('sorts by amount ascending and descending, ties in load order', async () => {
    expect((await page({ sort: { column: 'amount', descending: false } })).rows).toEqual(byLine(4, 5, 3, 2, 6));
    expect((await page({ sort: { column: 'amount', descending: true } })).rows).toEqual(byLine(2, 6, 3, 5, 4));
  });

  it('sorts text ignoring case and accents, blanks last in both directions', async () => {
    expect((await page({ sort: { column: 'customer_name', descending: false } })).rows.map((row) => row.source_line)).toEqual([
      2, 3, 4, 6, 5,
    ]);
    expect((await page({ sort: { column: 'product', descending: false } })).rows.map((row) => row.source_line)).toEqual([
      3, 4, 6, 2, 5,
    ]);
    expect((await page({ sort: { column: 'product', descending: true } })).rows.map((row) => row.source_line)).toEqual([
      2, 6, 4, 3, 5,
    ]);
  });

  it('sorts by date', async () => {
    const sorted = await page({ sort: { column: 'order_date', descending: false } });
    expect(sorted.rows.map((row) => row.order_date)).toEqual(['2023-12-31', '2024-01-05', '2024-01-05', '2024-02-29', '2024-03-01']);
  });

  it('cuts pages with offset and limit, keeping the total of the whole filter', async () => {
    const sort = { column: 'order_date', descending: true } as const;
    expect(await page({ sort, offset: 0, limit: 2 })).toEqual({ rows: byLine(5, 4), total: 5 });
    expect(await page({ sort, offset: 2, limit: 2 })).toEqual({ rows: byLine(2, 6), total: 5 });
    expect(await page({ sort, offset: 4, limit: 2 })).toEqual({ rows: byLine(3), total: 5 });
    expect(await page({ sort, offset: 10, limit: 2 })).toEqual({ rows: [], total: 5 });
  });

  it('searches case-insensitively across customer, name, product, category and order id', async () => {
    expect(await page({ filter: { text: 'c1' } })).toEqual({ rows: byLine(2), total: 1 });
    expect(await page({ filter: { text: 'élodie' } })).toEqual({ rows: byLine(4), total: 1 });
    expect(await page({ filter: { text: 'bebidas' } })).toEqual({ rows: byLine(2), total: 1 });
    expect(await page({ filter: { text: 'ALGOD' } })).toEqual({ rows: byLine(3, 4), total: 2 });
  });

  it('takes %, _ and \\ in the search literally', async () => {
    expect(await page({ filter: { text: '100%' } })).toEqual({ rows: byLine(3), total: 1 });
    expect(await page({ filter: { text: 'A_2' } })).toEqual({ rows: byLine(3), total: 1 });
    expect(await page({ filter: { text: '%' } })).toEqual({ rows: byLine(3), total: 1 });
    expect(await page({ filter: { text: 'k\\s' } })).toEqual({ rows: byLine(6), total: 1 });
  });

  it('finds text with quotes, commas and newlines', async () => {
    expect(await page({ filter: { text: '"Especial"' } })).toEqual({ rows: byLine(2), total: 1 });
    expect(await page({ filter: { text: 'Ana, Lda' } })).toEqual({ rows: byLine(2), total: 1 });
    expect(await page({ filter: { text: 'Bob\nSm' } })).toEqual({ rows: byLine(3), total: 1 });
  });

  it('finds nothing when nothing matches', async () => {
    expect(await page({ filter: { text: 'no such customer' } })).toEqual({ rows: [], total: 0 });
  });

  it('filters by number and date ranges, both ends included, and combines filters', async () => {
    expect(await page({ filter: { columns: [{ column: 'amount', kind: 'range', min: 0, max: 5.5 }] } })).toEqual({
      rows: byLine(3, 5),
      total: 2,
    });
    expect(
      await page({ filter: { columns: [{ column: 'order_date', kind: 'range', from: '2024-01-05', to: '2024-02-29' }] } }),
    ).toEqual({ rows: byLine(2, 4, 6), total: 3 });
    expect(
      await page({
        filter: {
          text: 'c',
          columns: [
            { column: 'order_date', kind: 'range', from: '2024-01-01' },
            { column: 'amount', kind: 'range', max: 99 },
          ],
        },
      }),
    ).toEqual({ rows: byLine(4, 5), total: 2 });
  });

  it('filters by equal values, contained text and blanks per column', async () => {
    expect(await page({ filter: { columns: [{ column: 'customer_id', kind: 'equals', value: 'c5' }] } })).toEqual({
      rows: byLine(6),
      total: 1,
    });
    expect(await page({ filter: { columns: [{ column: 'amount', kind: 'equals', value: 100 }] } })).toEqual({
      rows: byLine(2, 6),
      total: 2,
    });
    expect(await page({ filter: { columns: [{ column: 'order_date', kind: 'equals', value: '2024-01-05' }] } })).toEqual({
      rows: byLine(2, 6),
      total: 2,
    });
    expect(await page({ filter: { columns: [{ column: 'customer_name', kind: 'contains', text: 'ë' }] } })).toEqual({
      rows: byLine(6),
      total: 1,
    });
    expect(await page({ filter: { columns: [{ column: 'product', kind: 'blank' }] } })).toEqual({ rows: byLine(5), total: 1 });
    // An empty text is a value, not a blank.
    expect(await page({ filter: { columns: [{ column: 'category', kind: 'equals', value: '' }] } })).toEqual({
      rows: byLine(6),
      total: 1,
    });
  });

  it('refuses a sort or filter column outside the canonical columns before any SQL runs', () => {
    const sneaky = 'amount; DROP TABLE sales' as 'amount';
    expect(() => salesPageQuery.bind({ offset: 0, limit: 10, sort: { column: sneaky, descending: false } })).toThrow(
      /column must be one of customer_id, .*; got "amount; DROP TABLE sales"/,
    );
    expect(() =>
      salesPageQuery.bind({ offset: 0, limit: 10, filter: { columns: [{ column: sneaky, kind: 'blank' }] } }),
    ).toThrow(RangeError);
  });

  it('refuses filters that do not fit the column', () => {
    const bind = (request: unknown) => () => salesPageQuery.bind(request as SalesPageRequest);
    expect(bind({ offset: 0, limit: 10, filter: { columns: [{ column: 'amount', kind: 'contains', text: '1' }] } })).toThrow(
      'filter on amount: "contains" needs a text column',
    );
    expect(bind({ offset: 0, limit: 10, filter: { columns: [{ column: 'product', kind: 'range', min: 1 }] } })).toThrow(
      'filter on product: "range" needs a number or date column',
    );
    expect(bind({ offset: 0, limit: 10, filter: { columns: [{ column: 'order_date', kind: 'equals', value: '05/01/2024' }] } })).toThrow(
      'filter on order_date must be an ISO date YYYY-MM-DD, got "05/01/2024"',
    );
    expect(bind({ offset: 0, limit: 10, filter: { columns: [{ column: 'amount', kind: 'range', min: Number.NaN }] } })).toThrow(
      'filter on amount (lower end) must be a finite number, got NaN',
    );
  });

  it('refuses a negative offset or an out-of-range limit', () => {
    expect(() => salesPageQuery.bind({ offset: -1, limit: 10 })).toThrow('offset must be an integer ≥ 0, got -1');
    expect(() => salesPageQuery.bind({ offset: 0, limit: 0 })).toThrow('limit must be an integer from 1 to 10000, got 0');
    expect(() => salesPageQuery.bind({ offset: 0.5, limit: 10 })).toThrow(RangeError);
  });
});
