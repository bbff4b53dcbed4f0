// Native DuckDB (@duckdb/node-api, used by `ciclo analyze` when installed) against the WebAssembly build the
// site runs: the same statements must give the same plain rows, and both must give the rows written here by
// hand. Skips, saying why, only when the optional package is absent.
import { DateDay, Float64, Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Row } from '../../../src/engine/engine.ts';
import type { SalesRow } from '../../../src/import/types.ts';
import { createNativeEngine, nativeEngineProblem } from '../../../src/engine/native.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { createDataset } from '../../../src/pipeline.ts';
import { encodeSalesBatch } from '../../../src/pipeline/sales-batch.ts';

const problem = await nativeEngineProblem();
const encoder = new TextEncoder();

interface Case {
  what: string;
  sql: string;
  params?: unknown[];
  expected: Row[];
}

/** Statements run on both engines; `expected` is what a person reads off the SQL. */
const CASES: Case[] = [
  {
    what: 'integers of every width and counts',
    sql:
      'SELECT 7::TINYINT AS tiny, -300::SMALLINT AS small, 2147483647::INTEGER AS int, 9007199254740991::BIGINT AS big, ' +
      '-9007199254740991::BIGINT AS negative_big, 42::HUGEINT AS huge, 5::UBIGINT AS unsigned_big, 200::UTINYINT AS unsigned_tiny, ' +
      'count(*) AS lines, sum(x) AS total FROM range(4) t(x)',
    expected: [
      { tiny: 7, small: -300, int: 2147483647, big: 9007199254740991, negative_big: -9007199254740991, huge: 42, unsigned_big: 5, unsigned_tiny: 200, lines: 4, total: 6 },
    ],
  },
  {
    what: 'DECIMAL as doubles, also summed',
    sql:
      "SELECT 12.34::DECIMAL(10, 2) AS money, -0.05::DECIMAL(4, 2) AS refund, 123456.789::DECIMAL(18, 3) AS wide, 0.1::DECIMAL(38, 10) AS widest, " +
      '(SELECT sum(v) FROM (VALUES (1.10::DECIMAL(6, 2)), (2.25::DECIMAL(6, 2))) t(v)) AS summed',
    expected: [{ money: 12.34, refund: -0.05, wide: 123456.789, widest: 0.1, summed: 3.35 }],
  },
  {
    what: 'DOUBLE edge values',
    sql: "SELECT 0.1::DOUBLE + 0.2::DOUBLE AS sum, -0.0::DOUBLE AS negative_zero, 1e300::DOUBLE AS huge, 'nan'::DOUBLE AS nan, 1.5::FLOAT AS single, 5 / 2 AS divided",
    expected: [{ sum: 0.30000000000000004, negative_zero: -0, huge: 1e300, nan: Number.NaN, single: 1.5, divided: 2.5 }],
  },
  {
    what: 'DATE as YYYY-MM-DD, before 1970, bound, in lists and records',
    sql:
      "SELECT DATE '2024-02-29' AS leap_day, DATE '1969-12-31' AS before_epoch, DATE '1899-12-30' AS excel_day_zero, $1::DATE AS bound, " +
      "[DATE '2024-01-01', NULL] AS days, {'first': DATE '2023-05-06'} AS span, DATE '2024-03-31' - DATE '2024-02-29' AS days_between, " +
      "last_day(DATE '2023-02-10') AS month_end",
    params: ['2025-12-31'],
    expected: [
      {
        leap_day: '2024-02-29',
        before_epoch: '1969-12-31',
        excel_day_zero: '1899-12-30',
        bound: '2025-12-31',
        days: ['2024-01-01', null],
        span: { first: '2023-05-06' },
        days_between: 31,
        month_end: '2023-02-28',
      },
    ],
  },
  {
    what: 'TIMESTAMP and TIMESTAMPTZ as ISO text to the millisecond',
    sql:
      "SELECT TIMESTAMP '2024-01-01 10:00:00.123456' AS stamp, TIMESTAMPTZ '2024-01-01 10:00:00.5+00' AS stamp_utc, " +
      "TIMESTAMP '1960-05-01 00:00:01.25' AS before_epoch, $1::TIMESTAMP AS bound, [TIMESTAMP '2024-06-30 23:59:59'] AS stamps, " +
      "date_trunc('month', TIMESTAMP '2024-05-17 08:30:00')::DATE AS month_start",
    params: ['2023-03-04 05:06:07'],
    expected: [
      {
        stamp: '2024-01-01T10:00:00.123',
        stamp_utc: '2024-01-01T10:00:00.500Z',
        before_epoch: '1960-05-01T00:00:01.250',
        bound: '2023-03-04T05:06:07.000',
        stamps: ['2024-06-30T23:59:59.000'],
        month_start: '2024-05-01',
      },
    ],
  },
  {
    // DuckDB 1.5 (native) made date_trunc always return TIMESTAMP; 1.4 (the WebAssembly build) returns DATE for a
    // day or coarser part (https://github.com/duckdb/duckdb/pull/20120). Ciclo's SQL casts, as here.
    what: 'date_trunc cast to DATE, as Ciclo\'s SQL writes it',
    sql: "SELECT date_trunc('month', DATE '2024-05-17')::DATE AS month, date_trunc('week', $1::DATE)::DATE AS week, date_trunc('month', DATE '2024-05-17') = DATE '2024-05-01' AS same_day",
    params: ['2024-05-17'],
    expected: [{ month: '2024-05-01', week: '2024-05-13', same_day: true }],
  },
  {
    what: 'text with accents, CJK, emoji and quotes, bound and computed',
    sql: "SELECT 'Café \"Sol\"' AS accents, '日本語' AS cjk, '👩‍💼' AS emoji, '' AS empty, $1::VARCHAR AS bound, upper('ação') AS upper, length('👩‍💼') AS code_points, strlen('é') AS bytes",
    params: ["Ünïcødé O'Brien; --"],
    expected: [{ accents: 'Café "Sol"', cjk: '日本語', emoji: '👩‍💼', empty: '', bound: "Ünïcødé O'Brien; --", upper: 'AÇÃO', code_points: 3, bytes: 2 }],
  },
  {
    what: 'NULL of every type, and bound values of each JavaScript kind',
    sql:
      'SELECT NULL::DATE AS day, NULL::DOUBLE AS amount, NULL::VARCHAR AS name, NULL::BIGINT AS lines, NULL::BOOLEAN AS flag, ' +
      'NULL::DECIMAL(10, 2) AS money, NULL::INTEGER[] AS list, NULL::STRUCT(a INTEGER) AS record, ' +
      '$1 AS whole, $2 AS fraction, $3 AS yes, $4 AS nothing, $5 AS beyond_int',
    params: [12, 2.5, true, null, 3_000_000_000],
    expected: [
      { day: null, amount: null, name: null, lines: null, flag: null, money: null, list: null, record: null, whole: 12, fraction: 2.5, yes: true, nothing: null, beyond_int: 3_000_000_000 },
    ],
  },
  {
    what: 'lists: empty, nested, with nulls, of text, of BIGINT',
    sql:
      "SELECT []::INTEGER[] AS empty, [[1, 2], [], NULL, [3]] AS nested, [1, NULL, 3] AS holes, ['a', 'ç'] AS words, " +
      'list(x::BIGINT ORDER BY x) AS ids, list(9007199254740991::BIGINT - x) AS bigs FROM range(3) t(x)',
    expected: [
      { empty: [], nested: [[1, 2], [], null, [3]], holes: [1, null, 3], words: ['a', 'ç'], ids: [0, 1, 2], bigs: [9007199254740991, 9007199254740990, 9007199254740989] },
    ],
  },
  {
    what: 'records: nested, with lists of BIGINT and NULL fields',
    sql:
      "SELECT {'orders': 7::BIGINT, 'customers': [2::BIGINT, 3::BIGINT], 'name': 'Zoë', 'inner': {'day': DATE '2024-01-02', 'gone': NULL::DOUBLE}} AS counts, " +
      "[{'k': 1::BIGINT}, {'k': 2::BIGINT}] AS pairs",
    expected: [{ counts: { orders: 7, customers: [2, 3], name: 'Zoë', inner: { day: '2024-01-02', gone: null } }, pairs: [{ k: 1 }, { k: 2 }] }],
  },
  {
    what: 'an empty result',
    sql: 'SELECT 1 AS one WHERE $1::BOOLEAN',
    params: [false],
    expected: [],
  },
  {
    what: 'many rows in order (more than one of DuckDB\'s 2048-row vectors)',
    sql: "SELECT x::INTEGER AS n, x::BIGINT * 3 AS tripled, DATE '2020-01-01' + x::INTEGER AS day FROM range(5000) t(x) WHERE x % 1000 = 999 ORDER BY x",
    expected: [999, 1999, 2999, 3999, 4999].map((n) => ({ n, tripled: 3 * n, day: new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10) })),
  },
];

/** An Arrow IPC stream of (name VARCHAR, amount DOUBLE, day DATE, line INTEGER) rows. */
function arrowStream(names: (string | null)[], amounts: (number | null)[], days: (Date | null)[], lines: number[]): Uint8Array {
  const table = new Table({
    name: vectorFromArray(names, new Utf8()),
    amount: vectorFromArray(amounts, new Float64()),
    day: vectorFromArray(days, new DateDay()),
    line: vectorFromArray(lines, new Int32()),
  });
  return tableToIPC(table, 'stream');
}

describe.skipIf(problem !== null)('native DuckDB against the WebAssembly build', () => {
  let wasm: Engine;
  let native: Engine;

  beforeAll(async () => {
    wasm = await createNodeEngine();
    const started = await createNativeEngine();
    if (started === null) throw new Error('createNativeEngine returned null although the package loads');
    native = started;
  });

  afterAll(async () => {
    await Promise.all([wasm?.close(), native?.close()]);
  });

  for (const { what, sql, params, expected } of CASES) {
    it(`gives the same rows for ${what}`, async () => {
      const fromWasm = await wasm.query(sql, params);
      const fromNative = await native.query(sql, params);
      expect(fromWasm).toEqual(expected);
      expect(fromNative).toEqual(fromWasm);
    });
  }

  it('reads a sales batch into the sales table exactly as the WebAssembly build does', async () => {
    const blank = { quantity: null, unit_price: null, cost: null, order_id: null, product: null, category: null, channel: null, salesperson: null, customer_name: null, region: null, source_file: '' };
    const rows: SalesRow[] = [
      { ...blank, customer_id: 'Ana Lúcia', order_date: '2024-02-29', amount: 10.5, quantity: 2, unit_price: 5.25, product: 'Café', source_line: 2 },
      { ...blank, customer_id: '42', order_date: '1969-12-31', amount: -3, cost: 1.25, order_id: 'A-1', region: '北', source_line: 3 },
    ];
    const batch = encodeSalesBatch(rows, 'orders.csv');
    for (const engine of [wasm, native]) {
      await createDataset(engine);
      await engine.insertArrowIpc('sales', batch.bytes);
    }
    const sql = 'SELECT * FROM sales ORDER BY source_line';
    const fromNative = await native.query(sql);
    expect(fromNative).toEqual(await wasm.query(sql));
    expect(fromNative.map((r) => [r.customer_id, r.order_date, r.amount, r.cost, r.product, r.region, r.source_file])).toEqual([
      ['Ana Lúcia', '2024-02-29', 10.5, null, 'Café', null, 'orders.csv'],
      ['42', '1969-12-31', -3, 1.25, null, '北', 'orders.csv'],
    ]);
  });

  it('appends an Arrow stream by column position, all rows or none, and keeps the caller its bytes', async () => {
    await native.query('CREATE OR REPLACE TABLE contract_lines (customer VARCHAR NOT NULL, amount DOUBLE, day DATE, line INTEGER)');
    const bytes = arrowStream(['Café "Sol"', 'B'], [0.1 + 0.2, null], [new Date(Date.UTC(2024, 1, 29)), null], [2, 3]);
    const copy = bytes.slice();
    await native.insertArrowIpc('contract_lines', bytes);
    expect(bytes).toEqual(copy);
    await expect(native.insertArrowIpc('contract_lines', arrowStream(['A', null], [1, 2], [null, null], [4, 5]))).rejects.toMatchObject({
      code: 'ENGINE_QUERY_FAILED',
      message: expect.stringContaining('NOT NULL constraint failed'),
    });
    await expect(native.insertArrowIpc('no_such_table', arrowStream(['A'], [1], [null], [6]))).rejects.toMatchObject({ code: 'ENGINE_QUERY_FAILED' });
    for (const cut of [bytes.subarray(0, bytes.length - 8), new Uint8Array(0), encoder.encode('name,amount\nA,1\n')]) {
      await expect(native.insertArrowIpc('contract_lines', cut)).rejects.toMatchObject({ code: 'ENGINE_QUERY_FAILED' });
    }
    expect(await native.query('SELECT customer, amount, day, line FROM contract_lines ORDER BY line')).toEqual([
      { customer: 'Café "Sol"', amount: 0.30000000000000004, day: '2024-02-29', line: 2 },
      { customer: 'B', amount: null, day: null, line: 3 },
    ]);
  });

  it('runs calls made without waiting in the order they were made', async () => {
    await native.query('CREATE OR REPLACE TABLE contract_order (line INTEGER)');
    const appends = [1, 2, 3].map((line) => native.insertArrowIpc('contract_order', tableToIPC(new Table({ line: vectorFromArray([line], new Int32()) }), 'stream')));
    const counted = native.query('SELECT list(line ORDER BY line) AS lines FROM contract_order');
    await Promise.all(appends);
    expect(await counted).toEqual([{ lines: [1, 2, 3] }]);
  });

  it('reads a registered buffer with read_csv by its name and forgets it when dropped', async () => {
    const bytes = encoder.encode('customer,amount\n"Café ""Sol""",10.5\nB,2\n');
    const sql =
      `SELECT customer, amount FROM read_csv($1, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
      `columns = {'customer': 'VARCHAR', 'amount': 'DOUBLE'}) ORDER BY amount`;
    for (const engine of [wasm, native]) await engine.registerBuffer('contract-orders.csv', bytes);
    const fromNative = await native.query(sql, ['contract-orders.csv']);
    expect(fromNative).toEqual(await wasm.query(sql, ['contract-orders.csv']));
    expect(fromNative).toEqual([
      { customer: 'B', amount: 2 },
      { customer: 'Café "Sol"', amount: 10.5 },
    ]);
    await native.dropBuffer('contract-orders.csv');
    await wasm.dropBuffer('contract-orders.csv');
    await expect(native.query("SELECT * FROM read_csv('contract-orders.csv')")).rejects.toMatchObject({ code: 'ENGINE_QUERY_FAILED' });
    await expect(native.registerBuffer('../escape.csv', bytes)).rejects.toMatchObject({ code: 'ENGINE_QUERY_FAILED' });
  });

  it('fails a bad statement with ENGINE_QUERY_FAILED and DuckDB\'s message, then keeps working', async () => {
    await expect(native.query('SELEC 1')).rejects.toMatchObject({ code: 'ENGINE_QUERY_FAILED', message: expect.stringMatching(/syntax error at or near "SELEC"/) });
    await expect(native.query('SELECT $1::INTEGER AS n', ['not a number'])).rejects.toMatchObject({ code: 'ENGINE_QUERY_FAILED' });
    expect(await native.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('has extension autoloading and autoinstalling off, and works in UTC whatever the machine\'s zone', async () => {
    const sql =
      "SELECT current_setting('autoload_known_extensions') AS autoload, current_setting('autoinstall_known_extensions') AS autoinstall, " +
      "TIMESTAMPTZ '2024-01-01 23:30:00+00'::DATE AS utc_day";
    expect(await native.query(sql)).toEqual([{ autoload: false, autoinstall: false, utc_day: '2024-01-01' }]);
  });

  // Last: it ends the native engine.
  it('rejects every call after close with ENGINE_CRASHED', async () => {
    await native.close();
    await expect(native.query('SELECT 1 AS one')).rejects.toMatchObject({ code: 'ENGINE_CRASHED' });
    await expect(native.registerBuffer('late.csv', encoder.encode('a\n1\n'))).rejects.toMatchObject({ code: 'ENGINE_CRASHED' });
    await expect(native.insertArrowIpc('contract_lines', arrowStream(['A'], [1], [null], [2]))).rejects.toMatchObject({ code: 'ENGINE_CRASHED' });
  });
});

if (problem !== null) {
  describe('native DuckDB', () => {
    it.skip(`is not available on this machine, so only the WebAssembly build is tested: ${problem}`, () => {});
  });
}
