// What every Ciclo engine promises, whatever runs DuckDB underneath. The Node engine runs this suite in
// Vitest (node.test.ts); the browser engine runs the same suite in browser mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';

const encoder = new TextEncoder();

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

    // Last: it ends the engine this suite shares.
    it('rejects every call after close with ENGINE_CRASHED', async () => {
      await engine.close();
      await expect(engine.query('SELECT 1 AS one')).rejects.toMatchObject({ code: 'ENGINE_CRASHED' });
      await expect(engine.registerBuffer('late.csv', encoder.encode('a\n1\n'))).rejects.toMatchObject({
        code: 'ENGINE_CRASHED',
      });
    });
  });
}
