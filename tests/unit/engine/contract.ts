// What every Ciclo engine promises, whatever runs DuckDB underneath. The Node engine runs this suite in
// Vitest (node.test.ts); the browser engine runs the same suite in browser mode.
import { Float64, Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';

const encoder = new TextEncoder();

/** An Arrow IPC stream of (name VARCHAR, amount DOUBLE, line INTEGER) rows, built column by column. */
function arrowStream(names: (string | null)[], amounts: (number | null)[], lines: number[]): Uint8Array {
  const table = new Table({
    name: vectorFromArray(names, new Utf8()),
    amount: vectorFromArray(amounts, new Float64()),
    line: vectorFromArray(lines, new Int32()),
  });
  return tableToIPC(table, 'stream');
}

export function engineContract(engineName: string, startEngine: () => Promise<Engine>): void {
  describe(`${engineName} engine`, () => {
    let engine: Engine;

    beforeAll(async () => {
      engine = await startEngine();
    });

    afterAll(async () => {
      await engine?.close();
    });

    it('binds $n parameters as values, not SQL text', async () => {
      const rows = await engine.query(
        'SELECT $1::VARCHAR AS customer, $2::DOUBLE AS amount, $3::BOOLEAN AS is_new, $4::VARCHAR AS missing, $1::VARCHAR || $5::VARCHAR AS joined',
        ["O'Brien; DROP TABLE x --", 12.5, true, null, '"'],
      );
      expect(rows).toEqual([
        { customer: "O'Brien; DROP TABLE x --", amount: 12.5, is_new: true, missing: null, joined: `O'Brien; DROP TABLE x --"` },
      ]);
    });

    it('returns counts, BIGINT, HUGEINT and DECIMAL as plain numbers', async () => {
      const [row] = await engine.query(
        'SELECT count(*) AS lines, 9007199254740991::BIGINT AS big, 42::HUGEINT AS huge, 12.34::DECIMAL(10, 2) AS money FROM range(3)',
      );
      expect(row).toEqual({ lines: 3, big: 9007199254740991, huge: 42, money: 12.34 });
      expect(typeof row?.lines).toBe('number');
    });

    it('returns BIGINT inside lists and records as the same plain numbers (a notebook cell may build them)', async () => {
      const [row] = await engine.query(
        "SELECT list(x::BIGINT ORDER BY x) AS ids, {'orders': 7::BIGINT, 'customers': [2::BIGINT, 3::BIGINT]} AS counts, count(*) AS lines FROM range(3) t(x)",
      );
      expect(row).toEqual({ ids: [0, 1, 2], counts: { orders: 7, customers: [2, 3] }, lines: 3 });
    });

    it('returns DECIMAL and HUGEINT inside lists and records as the same plain numbers, negatives included', async () => {
      const [row] = await engine.query(
        "SELECT [1.5::DECIMAL(5, 2), -0.25::DECIMAL(5, 2)] AS prices, {'total': -1234.56::DECIMAL(10, 2), 'lines': [sum(x)::HUGEINT]} AS invoice, (-9.99)::DECIMAL(38, 2) AS wide, 123456789012.345::DECIMAL(18, 3) AS big FROM range(5) t(x)",
      );
      expect(row).toEqual({ prices: [1.5, -0.25], invoice: { total: -1234.56, lines: [10] }, wide: -9.99, big: 123456789012.345 });
    });

    it('returns DATE values as ISO YYYY-MM-DD strings, before 1970 and in lists and records too', async () => {
      const [row] = await engine.query(
        "SELECT DATE '2024-02-29' AS leap_day, DATE '1969-12-31' AS before_epoch, DATE '1899-12-30' AS excel_day_zero, " +
          "$1::DATE AS bound, [DATE '2024-01-01', NULL] AS days, {'first': DATE '2023-05-06'} AS span",
        ['2025-12-31'],
      );
      expect(row).toEqual({
        leap_day: '2024-02-29',
        before_epoch: '1969-12-31',
        excel_day_zero: '1899-12-30',
        bound: '2025-12-31',
        days: ['2024-01-01', null],
        span: { first: '2023-05-06' },
      });
    });

    it('returns NULL of every type as null', async () => {
      const rows = await engine.query(
        'SELECT NULL::DATE AS day, NULL::DOUBLE AS amount, NULL::VARCHAR AS name, NULL::BIGINT AS lines, NULL::BOOLEAN AS flag',
      );
      expect(rows).toEqual([{ day: null, amount: null, name: null, lines: null, flag: null }]);
    });

    it('returns an empty array when no row matches', async () => {
      expect(await engine.query('SELECT 1 AS one WHERE $1::BOOLEAN', [false])).toEqual([]);
    });

    it('reads a registered buffer with read_csv, leaves the caller its bytes, and forgets it when dropped', async () => {
      const bytes = encoder.encode('customer,amount\n"Café ""Sol""",10.5\nB,2\n');
      await engine.registerBuffer('contract-orders.csv', bytes);
      const rows = await engine.query(
        `SELECT customer, amount FROM read_csv($1, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
          `columns = {'customer': 'VARCHAR', 'amount': 'DOUBLE'}) ORDER BY amount`,
        ['contract-orders.csv'],
      );
      expect(rows).toEqual([
        { customer: 'B', amount: 2 },
        { customer: 'Café "Sol"', amount: 10.5 },
      ]);
      expect(bytes.byteLength).toBeGreaterThan(0);

      await engine.dropBuffer('contract-orders.csv');
      await expect(engine.query("SELECT * FROM read_csv('contract-orders.csv')")).rejects.toMatchObject({
        code: 'ENGINE_QUERY_FAILED',
      });
    });

    it('appends an Arrow IPC stream to a table by column position, and leaves the caller its bytes', async () => {
      await engine.query('CREATE OR REPLACE TABLE contract_lines (customer VARCHAR NOT NULL, amount DOUBLE, line INTEGER)');
      const bytes = arrowStream(['Café "Sol"', 'B'], [0.1 + 0.2, null], [2, 3]);
      const copy = bytes.slice();
      await engine.insertArrowIpc('contract_lines', bytes);
      await engine.insertArrowIpc('contract_lines', arrowStream(['C'], [-0], [4]));
      expect(await engine.query('SELECT customer, amount, line FROM contract_lines ORDER BY line')).toEqual([
        { customer: 'Café "Sol"', amount: 0.30000000000000004, line: 2 },
        { customer: 'B', amount: null, line: 3 },
        { customer: 'C', amount: -0, line: 4 },
      ]);
      expect(bytes).toEqual(copy);
    });

    it('appends all the rows of a stream or none, and keeps working after a refused one', async () => {
      await engine.query('CREATE OR REPLACE TABLE contract_lines (customer VARCHAR NOT NULL, amount DOUBLE, line INTEGER)');
      await expect(engine.insertArrowIpc('contract_lines', arrowStream(['A', null], [1, 2], [2, 3]))).rejects.toMatchObject({
        code: 'ENGINE_QUERY_FAILED',
        message: expect.stringContaining('NOT NULL constraint failed'),
      });
      await expect(engine.insertArrowIpc('no_such_table', arrowStream(['A'], [1], [2]))).rejects.toMatchObject({
        code: 'ENGINE_QUERY_FAILED',
      });
      await engine.insertArrowIpc('contract_lines', arrowStream(['D'], [4], [5]));
      expect(await engine.query('SELECT customer FROM contract_lines')).toEqual([{ customer: 'D' }]);
    });

    it('refuses an Arrow stream cut short before DuckDB sees it, so later appends still land', async () => {
      await engine.query('CREATE OR REPLACE TABLE contract_lines (customer VARCHAR NOT NULL, amount DOUBLE, line INTEGER)');
      const bytes = arrowStream(['A'], [1], [2]);
      for (const cut of [bytes.subarray(0, bytes.length - 8), bytes.subarray(0, 12), new Uint8Array(0), encoder.encode('name,amount\nA,1\n')]) {
        await expect(engine.insertArrowIpc('contract_lines', cut)).rejects.toMatchObject({ code: 'ENGINE_QUERY_FAILED' });
      }
      await engine.insertArrowIpc('contract_lines', arrowStream(['E'], [5], [6]));
      expect(await engine.query('SELECT customer FROM contract_lines')).toEqual([{ customer: 'E' }]);
      await engine.query('DROP TABLE contract_lines');
    });

    it('rejects a failing statement with ENGINE_QUERY_FAILED and DuckDB\'s message, then keeps working', async () => {
      const failure = engine.query('SELEC 1');
      await expect(failure).rejects.toMatchObject({ code: 'ENGINE_QUERY_FAILED' });
      await expect(failure).rejects.toThrow(/syntax error at or near "SELEC"/);
      await expect(engine.query('SELECT $1::INTEGER AS n', ['not a number'])).rejects.toMatchObject({
        code: 'ENGINE_QUERY_FAILED',
      });
      expect(await engine.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });

    it('has extension autoloading and autoinstalling off, so nothing is fetched from the internet', async () => {
      const rows = await engine.query(
        "SELECT current_setting('autoload_known_extensions') AS autoload, current_setting('autoinstall_known_extensions') AS autoinstall",
      );
      expect(rows).toEqual([{ autoload: false, autoinstall: false }]);
      await expect(engine.query("SELECT '{}'::JSON AS document")).rejects.toMatchObject({
        code: 'ENGINE_QUERY_FAILED',
        message: expect.stringContaining('json extension'),
      });
    });

    it('keeps tables between calls', async () => {
      await engine.query('CREATE OR REPLACE TABLE contract_notes (note VARCHAR)');
      await engine.query('INSERT INTO contract_notes VALUES ($1), ($2)', ['first', 'second']);
      expect(await engine.query('SELECT count(*) AS notes FROM contract_notes')).toEqual([{ notes: 2 }]);
      await engine.query('DROP TABLE contract_notes');
    });

    it('rejects a query whose signal is already aborted with ENGINE_QUERY_CANCELLED, without running it', async () => {
      await engine.query('CREATE OR REPLACE TABLE contract_cancel (n INTEGER)');
      const aborted = AbortSignal.abort();
      await expect(engine.query('INSERT INTO contract_cancel VALUES (1)', [], { signal: aborted })).rejects.toMatchObject({
        code: 'ENGINE_QUERY_CANCELLED',
      });
      await expect(engine.query('INSERT INTO contract_cancel VALUES ($1)', [2], { signal: aborted })).rejects.toMatchObject({
        code: 'ENGINE_QUERY_CANCELLED',
      });
      expect(await engine.query('SELECT count(*)::INTEGER AS n FROM contract_cancel')).toEqual([{ n: 0 }]);
      await engine.query('DROP TABLE contract_cancel');
    });

    it('answers a query whose signal is never aborted as if it had none', async () => {
      const { signal } = new AbortController();
      expect(await engine.query('SELECT sum(i)::INTEGER AS total FROM range(1, 101) t(i)', [], { signal })).toEqual([{ total: 5050 }]);
      expect(await engine.query('SELECT $1::INTEGER * 2 AS twice', [21], { signal })).toEqual([{ twice: 42 }]);
    });

    // Last: it ends the engine this suite shares.
    it('rejects every call after close with ENGINE_CRASHED', async () => {
      await engine.close();
      await expect(engine.query('SELECT 1 AS one')).rejects.toMatchObject({ code: 'ENGINE_CRASHED' });
      await expect(engine.registerBuffer('late.csv', encoder.encode('a\n1\n'))).rejects.toMatchObject({
        code: 'ENGINE_CRASHED',
      });
      await expect(engine.insertArrowIpc('contract_lines', arrowStream(['A'], [1], [2]))).rejects.toMatchObject({
        code: 'ENGINE_CRASHED',
      });
    });
  });
}
