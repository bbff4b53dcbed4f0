// The memory limit of the in-browser database, and reading DuckDB's own out-of-memory error: on the real
// engine, with the limit set low, so the sizes read back are the ones DuckDB printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import {
  MIN_MEMORY_LIMIT_BYTES,
  memoryLimitFromSearch,
  memoryLimitStatement,
  outOfMemory,
  parseByteSize,
} from '../../../src/engine/memory.ts';
import { fromThrown } from '../../../src/ui/user-error.ts';
import { appendSalesRows, createDataset, removeFile, salesFiles } from '../../../src/pipeline.ts';
import type { SalesRow } from '../../../src/import/types.ts';

describe('parseByteSize', () => {
  it('reads decimal and binary units, with or without a space', () => {
    expect(parseByteSize('512MB')).toBe(512_000_000);
    expect(parseByteSize('2 GB')).toBe(2_000_000_000);
    expect(parseByteSize('28.5 MiB')).toBe(Math.round(28.5 * 1024 * 1024));
    expect(parseByteSize('3.1 GiB')).toBe(Math.round(3.1 * 1024 ** 3));
    expect(parseByteSize('256.0 KiB')).toBe(256 * 1024);
    expect(parseByteSize('4096')).toBe(4096);
  });

  it('refuses what is not a size', () => {
    for (const text of ['', 'lots', '12 parsecs', '-5MB', '1e9', 'MB']) expect(parseByteSize(text)).toBeNull();
  });
});

describe('memoryLimitFromSearch', () => {
  it('takes ?memory= when it is a size Ciclo accepts', () => {
    expect(memoryLimitFromSearch('?memory=64MiB')).toBe(64 * 1024 * 1024);
    expect(memoryLimitFromSearch('?lang=pt&memory=1GB')).toBe(1e9);
  });

  it('ignores a missing, unreadable or too small limit', () => {
    expect(memoryLimitFromSearch('')).toBeNull();
    expect(memoryLimitFromSearch('?memory=plenty')).toBeNull();
    expect(memoryLimitFromSearch(`?memory=${MIN_MEMORY_LIMIT_BYTES - 1}`)).toBeNull();
  });
});

describe('memoryLimitStatement', () => {
  it('refuses limits DuckDB could not work under', () => {
    expect(() => memoryLimitStatement(1024)).toThrow(/≥ 16777216, got 1024/);
    expect(() => memoryLimitStatement(Number.NaN)).toThrow(RangeError);
  });
});

describe('on the real engine', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(() => engine.close());

  it('sets the limit DuckDB then reports', async () => {
    await engine.query(memoryLimitStatement(48 * 1024 * 1024));
    const [row] = await engine.query<{ limit: string }>("SELECT current_setting('memory_limit') AS limit");
    expect(parseByteSize(row!.limit)).toBe(48 * 1024 * 1024);
  });

  it('reads the used and limit sizes from the error of a table too big for the limit, and the engine goes on', async () => {
    await engine.query(memoryLimitStatement(32 * 1024 * 1024));
    let thrown: unknown = null;
    try {
      await engine.query('CREATE TABLE too_big AS SELECT range AS i, md5(range::VARCHAR) AS s FROM range(3000000)');
    } catch (error) {
      thrown = error;
    }
    const memory = outOfMemory(thrown);
    expect(memory).not.toBeNull();
    // DuckDB stops at the limit, so what it had in use is close to it and never above it.
    expect(memory!.limitBytes).toBeGreaterThan(28 * 1024 * 1024);
    expect(memory!.limitBytes).toBeLessThanOrEqual(32 * 1024 * 1024);
    expect(memory!.usedBytes).toBeLessThanOrEqual(memory!.limitBytes!);

    const error = fromThrown(thrown);
    expect(error.code).toBe('MEMORY_LIMIT_REACHED');
    expect(error.params?.limitBytes).toBe(memory!.limitBytes);

    // The next query on the same engine is answered, and correctly.
    const [sum] = await engine.query<{ total: number }>('SELECT sum(range)::BIGINT AS total FROM range(1001)');
    expect(sum!.total).toBe((1000 * 1001) / 2);
    expect(await engine.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'too_big'")).toEqual([{ n: 0 }]);
  });

  it('recognises an append of sales rows that fails for memory, and keeps the rows stored before', async () => {
    const fresh = await createNodeEngine();
    try {
      await createDataset(fresh);
      const row = (i: number): SalesRow => ({
        customer_id: `C${i % 5000}`,
        order_date: '2025-01-02',
        amount: 10 + (i % 97),
        quantity: 1,
        unit_price: 10,
        cost: null,
        order_id: `P${i}`,
        product: `Produto ${i % 300}`,
        category: 'Café',
        channel: 'Loja',
        salesperson: null,
        customer_name: `Cliente ${i % 5000}`,
        region: 'SP',
        source_file: 'x',
        source_line: i + 2,
      });
      await appendSalesRows(fresh, Array.from({ length: 1000 }, (_, i) => row(i)), 'small.csv');
      await fresh.query(memoryLimitStatement(20 * 1024 * 1024));
      let thrown: unknown = null;
      try {
        for (let batch = 0; batch < 100; batch++) {
          await appendSalesRows(fresh, Array.from({ length: 50_000 }, (_, i) => row(batch * 50_000 + i)), 'big.csv');
        }
      } catch (error) {
        thrown = error;
      }
      expect(outOfMemory(thrown)).not.toBeNull();
      await fresh.query(memoryLimitStatement(512 * 1024 * 1024));
      await removeFile(fresh, 'big.csv');
      const files = await salesFiles(fresh);
      expect(files.map((f) => [f.sourceFile, f.rows])).toEqual([['small.csv', 1000]]);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('leaves other failures alone', async () => {
    let thrown: unknown = null;
    try {
      await engine.query('SELECT * FROM no_such_table');
    } catch (error) {
      thrown = error;
    }
    expect(outOfMemory(thrown)).toBeNull();
    expect(fromThrown(thrown).code).toBe('ENGINE_QUERY_FAILED');
  });
});
