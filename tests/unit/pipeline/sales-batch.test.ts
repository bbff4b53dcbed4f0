// The sales batch builder: the Arrow columns it writes, the values it refuses, and the dictionary it
// keeps only while a column repeats a few values.
import { tableFromIPC, type Table } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesRow } from '../../../src/import/types.ts';
import { sale } from '../sql/sales-rows.ts';
import { createSalesBatchBuilder, daysSinceEpoch, encodeSalesBatch, SALES_BATCH_COLUMNS } from '../../../src/pipeline/sales-batch.ts';

const row = (fields: Partial<SalesRow>): SalesRow =>
  sale({ customer_id: 'C1', order_date: '2024-01-02', amount: 1, source_file: 'ignored.csv', ...fields });

const column = (table: Table, name: string) => table.getChild(name)!.toArray() as unknown as unknown[];
const values = (table: Table, name: string) => [...table.getChild(name)!].map((value) => value ?? null);
const typeOf = (table: Table, name: string) => String(table.schema.fields.find((field) => field.name === name)!.type);
const MS_PER_DAY = 86_400_000;

describe('sales batch', () => {
  it('writes the sales columns in order, with the tag as source_file on every row', () => {
    const batch = encodeSalesBatch([row({ source_line: 2 }), row({ source_line: 3 })], 'january (2).csv');
    expect(batch.rowCount).toBe(2);
    const table = tableFromIPC(batch.bytes);
    expect(table.schema.fields.map((field) => field.name)).toEqual([...SALES_BATCH_COLUMNS]);
    expect(values(table, 'source_file')).toEqual(['january (2).csv', 'january (2).csv']);
    expect(values(table, 'source_line')).toEqual([2, 3]);
  });

  it('writes numbers as the same doubles, blanks as nulls, and dates as days since 1970-01-01', () => {
    const table = tableFromIPC(
      encodeSalesBatch(
        [
          row({ order_date: '1970-01-01', amount: 0.1 + 0.2, quantity: 1e21, unit_price: 5e-324 }),
          row({ order_date: '1969-12-31', amount: -0, quantity: null, unit_price: -1.5 }),
        ],
        'a.csv',
      ).bytes,
    );
    expect(typeOf(table, 'amount')).toBe('Float64');
    expect(typeOf(table, 'order_date')).toBe('Date32<DAY>');
    expect(column(table, 'amount')).toEqual(new Float64Array([0.30000000000000004, -0]));
    expect(Object.is(values(table, 'amount')[1], -0)).toBe(true);
    expect(values(table, 'quantity')).toEqual([1e21, null]);
    expect(values(table, 'unit_price')).toEqual([5e-324, -1.5]);
    expect(values(table, 'order_date')).toEqual([0, -MS_PER_DAY]);
  });

  it('writes text as UTF-8, keeping empty text apart from null', () => {
    const texts = ['', 'Loja "A", Lda', 'linha 1\nlinha 2', 'São João', '客户', '👩‍🌾 𝄞'];
    const table = tableFromIPC(encodeSalesBatch(texts.map((text) => row({ customer_id: text, product: text || null })), 'a.csv').bytes);
    expect(values(table, 'customer_id')).toEqual(texts);
    expect(values(table, 'product')).toEqual([null, ...texts.slice(1)]);
    expect(values(table, 'region')).toEqual(texts.map(() => null));
  });

  it('keeps a dictionary for columns that repeat a few values and plain UTF-8 for the others, for the rest of the file', () => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      row({ customer_id: `C${i}`, product: i % 3 === 0 ? null : `Produto ${i % 40}`, customer_name: i % 7 === 0 ? null : `Nome ${i}` }),
    );
    const builder = createSalesBatchBuilder('a.csv');
    builder.add(rows.slice(0, 2000));
    const first = tableFromIPC(builder.take().bytes);
    builder.add(rows.slice(2000));
    const second = tableFromIPC(builder.take().bytes);

    for (const table of [first, second]) {
      expect(typeOf(table, 'product')).toBe('Dictionary<Int32, Utf8>');
      expect(typeOf(table, 'customer_id')).toBe('Utf8');
      expect(typeOf(table, 'customer_name')).toBe('Utf8');
    }
    expect(first.numRows + second.numRows).toBe(3000);
    for (const name of ['customer_id', 'product', 'customer_name'] as const) {
      expect([...values(first, name), ...values(second, name)]).toEqual(rows.map((r) => r[name]));
    }
  });

  it('counts the text it holds, dictionary entries included, so that long texts cut a batch early', () => {
    const builder = createSalesBatchBuilder('a.csv');
    builder.add(Array.from({ length: 100 }, (_, i) => row({ product: `${i} ${'x'.repeat(1000)}`, customer_name: 'y'.repeat(500) })));
    expect(builder.byteLength).toBeGreaterThan(100 * 1000 + 500);
  });

  it('starts over empty after each take', () => {
    const builder = createSalesBatchBuilder('a.csv');
    builder.add([row({ source_line: 2 })]);
    expect(builder.rowCount).toBe(1);
    expect(builder.take().rowCount).toBe(1);
    expect(builder.rowCount).toBe(0);
    builder.add([row({ source_line: 3 }), row({ source_line: 4 })]);
    expect(values(tableFromIPC(builder.take().bytes), 'source_line')).toEqual([3, 4]);
    expect(tableFromIPC(builder.take().bytes).numRows).toBe(0);
  });

  it('refuses values DuckDB would reject, naming the line, and adds none of the rows given with them', () => {
    const builder = createSalesBatchBuilder('a.csv');
    builder.add([row({ source_line: 2 })]);
    expect(() => builder.add([row({ source_line: 3 }), row({ amount: Number.NaN, source_line: 9 })])).toThrow(
      'amount must be a finite number, got NaN (line 9)',
    );
    expect(() => builder.add([row({ amount: null as unknown as number })])).toThrow('amount must be a finite number, got null (line 2)');
    expect(() => builder.add([row({ quantity: Infinity })])).toThrow('quantity must be a finite number, got Infinity (line 2)');
    expect(() => builder.add([row({ order_date: '02/01/2024' })])).toThrow(
      'order_date must be an ISO date YYYY-MM-DD, got "02/01/2024" (line 2)',
    );
    expect(() => builder.add([row({ order_date: '2023-02-29' })])).toThrow('order_date must be an ISO date YYYY-MM-DD, got "2023-02-29"');
    expect(() => builder.add([row({ customer_id: null as unknown as string })])).toThrow('customer_id must be a text, got null (line 2)');
    expect(() => builder.add([row({ source_line: 2.5 })])).toThrow('source_line must be an integer below 2^31, got 2.5');
    expect(() => builder.add([row({ source_line: 2 ** 31 })])).toThrow('source_line must be an integer below 2^31, got 2147483648');
    expect(builder.rowCount).toBe(1);
    expect(values(tableFromIPC(builder.take().bytes), 'source_line')).toEqual([2]);
  });

  it('refuses an empty tag', () => {
    expect(() => createSalesBatchBuilder('')).toThrow('fileTag must be a non-empty text, got ""');
  });
});

describe('daysSinceEpoch', () => {
  const originalZone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalZone;
  });

  // Days are counted, never read from a local clock, so no time zone west or east of UTC moves them.
  for (const zone of ['America/Sao_Paulo', 'Pacific/Kiritimati', 'UTC']) {
    it(`counts the days of an ISO date in ${zone}`, () => {
      process.env.TZ = zone;
      for (const date of ['1970-01-01', '1969-12-31', '2024-02-29', '2000-03-01', '1900-03-01', '1899-12-30', '2100-12-31']) {
        expect(daysSinceEpoch(date)).toBe(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
      }
    });
  }

  it('reaches the first and last days DuckDB prints with four digits', () => {
    expect(daysSinceEpoch('0001-01-01')).toBe(-719_162);
    expect(daysSinceEpoch('0000-03-01')).toBe(-719_468);
    expect(daysSinceEpoch('9999-12-31')).toBe(2_932_896);
  });

  it('is NaN for anything but an existing day written YYYY-MM-DD', () => {
    const texts = ['2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-01', '2024/01/01', '２０２４-01-01', ''];
    for (const text of [...texts, '2024-01-01T00:00']) {
      expect(daysSinceEpoch(text)).toBeNaN();
    }
  });
});
