// The page's import client, with the Web Worker replaced by an in-process stand-in that runs the real
// worker tasks on a toy importer, and a real DuckDB behind the dataset.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset, salesFiles, salesSummary } from '../../../src/pipeline.ts';
import type { CsvSettings, SalesRow } from '../../../src/import/types.ts';
import type { ImportRequest } from '../../../src/workers/import-protocol.ts';
import { createImportTasks } from '../../../src/workers/import-tasks.ts';
import { detectFile, importFile, stopImportWorker } from '../../../src/workers/import-client.ts';
import { fakeImporter, toyFile } from './fake-importer.ts';
import { sale } from '../sql/sales-rows.ts';

/** Stands in for `new Worker(…import.worker.ts…)`: same messages, delivered asynchronously. */
class FakeWorker extends EventTarget {
  static started: FakeWorker[] = [];
  isTerminated = false;
  readonly #tasks = createImportTasks(
    fakeImporter(),
    (message) => setTimeout(() => !this.isTerminated && this.dispatchEvent(new MessageEvent('message', { data: message }))),
    { sliceBytes: 2048, batchRows: 50, rowsPerCall: 50 },
  );
  constructor() {
    super();
    FakeWorker.started.push(this);
  }
  postMessage(request: ImportRequest): void {
    setTimeout(() => !this.isTerminated && void this.#tasks.handle(request));
  }
  terminate(): void {
    this.isTerminated = true;
  }
}

const settings: CsvSettings = {
  encoding: 'utf-8',
  hasBom: false,
  delimiter: ';',
  quote: '"',
  headerLine: 1,
  decimal: '.',
  thousands: '',
  dateOrder: 'ymd',
};
const mapping = { customer_id: 0, order_date: 1, amount: 2 };
const toy = (name: string, count: number, extraLines: string[] = []) => new File([toyFile(count, { extraLines })], name);
const earlier: SalesRow = sale({ customer_id: 'OLD', order_date: '2023-01-01', amount: 5, source_file: 'earlier.csv' });

let engine: Engine;
beforeAll(async () => {
  vi.stubGlobal('Worker', FakeWorker);
  engine = await createNodeEngine();
});
afterAll(async () => {
  stopImportWorker();
  vi.unstubAllGlobals();
  await engine.close();
});
beforeEach(async () => {
  await createDataset(engine);
  await appendSalesRows(engine, [earlier], 'earlier.csv');
});

describe('import client', () => {
  it('detects a file in the worker', async () => {
    const detection = await detectFile(toy('toy.csv', 3));
    expect(detection.headers).toEqual(['customer', 'date', 'amount']);
    expect(detection.fatal).toBeNull();
  });

  it('streams a file into the dataset next to the files already there', async () => {
    const progress: number[] = [];
    const imported = await importFile(engine, toy('toy.csv', 2000), {
      fileTag: 'toy.csv',
      settings,
      mapping,
      onProgress: (bytesRead) => progress.push(bytesRead),
    });
    expect(imported).toEqual({ fileName: 'toy.csv', rowCount: 2000, rejectedCount: 0, rejected: [], fatal: null, rowsAdded: 2000 });
    expect(progress.length).toBeGreaterThan(1);
    expect((await salesFiles(engine)).map((file) => [file.sourceFile, file.rows])).toEqual([
      ['earlier.csv', 1],
      ['toy.csv', 2000],
    ]);
  });

  it('removes the rows already stored when the file turns out fatally broken', async () => {
    const imported = await importFile(engine, toy('broken.csv', 2000, ['FATAL']), { fileTag: 'broken.csv', settings, mapping });
    expect(imported).toMatchObject({ rowCount: 2000, rowsAdded: 0, fatal: { code: 'IMPORT_UNTERMINATED_QUOTE', line: 2002 } });
    expect(await salesSummary(engine)).toMatchObject({ rows: 1, files: 1 });
  });

  it('rejects with an AbortError when cancelled, leaving the dataset as it was', async () => {
    const controller = new AbortController();
    const importing = importFile(engine, toy('toy.csv', 5000), {
      fileTag: 'toy.csv',
      settings,
      mapping,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(importing).rejects.toMatchObject({ name: 'AbortError' });
    expect(await salesSummary(engine)).toMatchObject({ rows: 1, files: 1 });
  });

  describe('with an engine that reads Files (the engine import first)', () => {
    /** The Node engine, given the browser engine's registerFile (a copy of the File's bytes). */
    const fileReading = (): Engine => ({
      ...engine,
      query: engine.query.bind(engine),
      registerFile: async (name, file) => engine.registerBuffer(name, new Uint8Array(await file.arrayBuffer())),
    });
    const lines = async (tag: string) =>
      engine.query('SELECT customer_id, order_date::VARCHAR AS d, amount, source_line FROM sales WHERE source_file = $1 ORDER BY source_line', [tag]);

    it('stores a clean file with DuckDB’s reader: the same rows and lines as the worker’s import', async () => {
      const progress: number[] = [];
      const quick = await importFile(fileReading(), toy('toy.csv', 2000), {
        fileTag: 'quick.csv',
        settings,
        mapping,
        engineImportMinBytes: 0,
        onProgress: (bytesRead) => progress.push(bytesRead),
      });
      const careful = await importFile(engine, toy('toy.csv', 2000), { fileTag: 'careful.csv', settings, mapping });
      expect(quick).toEqual({ ...careful, rowsAdded: 2000, reader: 'duckdb' });
      expect(careful).not.toHaveProperty('reader');
      expect(await lines('quick.csv')).toEqual(await lines('careful.csv'));
      expect((await lines('quick.csv')).at(-1)).toMatchObject({ source_line: 2001 });
      // The layout scan reported the file as it read it, in slices.
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)).toBe(toy('toy.csv', 2000).size);
    });

    it('leaves a file with a bad line to the worker’s import, which says where it is', async () => {
      const imported = await importFile(fileReading(), toy('bad.csv', 300, ['C1;2024-02-03;lots']), {
        fileTag: 'bad.csv',
        settings,
        mapping,
        engineImportMinBytes: 0,
      });
      expect(imported).toMatchObject({ rowCount: 300, rejectedCount: 1, rowsAdded: 300, rejected: [{ line: 302 }] });
      expect(await salesSummary(engine)).toMatchObject({ rows: 301, files: 2 });
    });

    it('takes the worker’s import below the size threshold, as with an engine that cannot read Files', async () => {
      const log: string[] = [];
      const reading = fileReading();
      const watched: Engine = { ...reading, registerFile: async (name, file) => (log.push(name), reading.registerFile!(name, file)) };
      await importFile(watched, toy('small.csv', 50), { fileTag: 'small.csv', settings, mapping });
      expect(log).toEqual([]);
      await importFile(watched, toy('big.csv', 50), { fileTag: 'big.csv', settings, mapping, engineImportMinBytes: 100 });
      expect(log).toHaveLength(1);
    });

    it('rejects with an AbortError when cancelled while the file is read, leaving the dataset as it was', async () => {
      const controller = new AbortController();
      const importing = importFile(fileReading(), toy('toy.csv', 5000), {
        fileTag: 'toy.csv',
        settings,
        mapping,
        engineImportMinBytes: 0,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      await expect(importing).rejects.toMatchObject({ name: 'AbortError' });
      expect(await salesSummary(engine)).toMatchObject({ rows: 1, files: 1 });
    });
  });

  it('passes on a failed insert and removes the batches stored before it', async () => {
    let appends = 0;
    const failingThirdAppend: Engine = {
      ...engine,
      insertArrowIpc: (table, bytes) => {
        if (++appends === 3) return Promise.reject(Object.assign(new Error('disk full'), { code: 'ENGINE_QUERY_FAILED' }));
        return engine.insertArrowIpc(table, bytes);
      },
    };
    await expect(importFile(failingThirdAppend, toy('toy.csv', 2000), { fileTag: 'toy.csv', settings, mapping })).rejects.toMatchObject({
      code: 'ENGINE_QUERY_FAILED',
    });
    expect(appends).toBe(3);
    expect(await salesSummary(engine)).toMatchObject({ rows: 1, files: 1 });
  });

  it('refuses a tag already in the dataset, which undoing a failure would remove', async () => {
    await expect(importFile(engine, toy('earlier.csv', 3), { fileTag: 'earlier.csv', settings, mapping })).rejects.toThrow(
      'fileTag must be new to the dataset, got "earlier.csv", which is already loaded',
    );
  });

  it('rejects pending calls with UNEXPECTED when the worker dies, and starts a new worker next time', async () => {
    const detecting = detectFile(toy('toy.csv', 3));
    const dying = FakeWorker.started.at(-1)!;
    dying.dispatchEvent(new Event('error'));
    await expect(detecting).rejects.toMatchObject({ code: 'UNEXPECTED' });
    expect(dying.isTerminated).toBe(true);

    await expect(detectFile(toy('toy.csv', 3))).resolves.toMatchObject({ fatal: null });
    expect(FakeWorker.started.at(-1)).not.toBe(dying);
  });
});
