// The import worker's tasks, driven in-process with a toy importer and a page that stores each batch in
// a real DuckDB before acknowledging it, as the browser does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesBatch, createDataset, salesFiles, salesPage, salesSummary } from '../../../src/pipeline.ts';
import type { ImportResponse, ParseRequestOptions } from '../../../src/workers/import-protocol.ts';
import { createImportTasks, type ImportTaskLimits } from '../../../src/workers/import-tasks.ts';
import { fakeImporter, toyFile, type FakeImporterLog } from './fake-importer.ts';

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

const options: ParseRequestOptions = {
  fileName: 'toy.csv',
  settings: fakeImporter().detect(new Uint8Array(), 'x', {}, true).settings,
  mapping: { customer_id: 0, order_date: 1, amount: 2 },
};

/** Runs one parse like the page would: store each batch, then acknowledge it. */
async function parseLikeThePage(file: Blob, limits: ImportTaskLimits, { cancelAfterBatches = Infinity } = {}) {
  const log: FakeImporterLog = { chunkSizes: [], detectedHeads: [], wholeFileFlags: [] };
  const responses: ImportResponse[] = [];
  let unstored = 0;
  let mostUnstored = 0;
  let storing = Promise.resolve();
  let batches = 0;
  const tasks = createImportTasks(fakeImporter(log), (message) => {
    responses.push(message);
    if (message.kind !== 'batch') return;
    unstored++;
    mostUnstored = Math.max(mostUnstored, unstored);
    batches++;
    if (batches === cancelAfterBatches) void tasks.handle({ id: 1, kind: 'cancel' });
    storing = storing.then(async () => {
      await appendSalesBatch(engine, { bytes: message.bytes, rowCount: message.rowCount });
      unstored--;
      await tasks.handle({ id: 1, kind: 'batch-stored', batchNumber: message.batchNumber });
    });
  }, limits);
  await tasks.handle({ id: 1, kind: 'parse', file, options, fileTag: 'toy (1).csv' });
  await storing;
  return { responses, log, mostUnstored };
}

describe('import worker tasks', () => {
  it('streams a file into the dataset in batches, reading slices no larger than asked', async () => {
    const text = toyFile(3000);
    const { responses, log } = await parseLikeThePage(new Blob([text]), { sliceBytes: 4096, batchRows: 400, rowsPerCall: 100 });

    expect(log.chunkSizes.every((size) => size <= 4096)).toBe(true);
    expect(log.chunkSizes.reduce((sum, size) => sum + size, 0)).toBe(new TextEncoder().encode(text).byteLength);
    const batches = responses.filter((response) => response.kind === 'batch');
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.map((batch) => batch.batchNumber)).toEqual(batches.map((_, index) => index + 1));
    expect(batches.reduce((sum, batch) => sum + batch.rowCount, 0)).toBe(3000);
    expect(responses.some((response) => response.kind === 'progress')).toBe(true);
    expect(responses.at(-1)).toEqual({
      id: 1,
      kind: 'parsed',
      result: { fileName: 'toy.csv', rowCount: 3000, rejectedCount: 0, rejected: [], fatal: null },
    });

    const summary = await salesSummary(engine);
    expect(summary).toMatchObject({ rows: 3000, customers: 7, firstDate: '2024-02-01', lastDate: '2024-02-28' });
    expect(summary.revenue).toBe((2999 * 3000) / 2 + 3000 * 0.5);
    const { rows } = await salesPage(engine, { offset: 2999, limit: 1 });
    expect(rows).toEqual([
      expect.objectContaining({ customer_id: `C${2999 % 7}`, amount: 2999.5, source_line: 3001, source_file: 'toy (1).csv' }),
    ]);
  });

  it('tags every row with the tag of the parse, not the name the issues use', async () => {
    await parseLikeThePage(new Blob([toyFile(20)]), {});
    expect(await salesFiles(engine)).toEqual([expect.objectContaining({ sourceFile: 'toy (1).csv', rows: 20 })]);
  });

  it('cuts a batch early once it holds batchBytes, whatever its row count', async () => {
    const { responses } = await parseLikeThePage(new Blob([toyFile(3000)]), {
      sliceBytes: 4096,
      batchRows: 1_000_000,
      batchBytes: 1,
      rowsPerCall: 100,
    });
    const batches = responses.filter((response) => response.kind === 'batch');
    expect(batches.length).toBeGreaterThanOrEqual(30);
    expect(batches.every((batch) => batch.rowCount <= 100)).toBe(true);
    expect((await salesSummary(engine)).rows).toBe(3000);
  });

  it('stops reading while the page has not stored enough batches', async () => {
    const { mostUnstored } = await parseLikeThePage(new Blob([toyFile(3000)]), {
      sliceBytes: 2048,
      batchRows: 50,
      rowsPerCall: 50,
      maxBatchesInFlight: 2,
    });
    // Reading pauses at 2 unstored batches; one slice can still add the batches it holds (≤ 3 here).
    expect(mostUnstored).toBeLessThanOrEqual(5);
  });

  it('sends the rejected-row count in the result and nothing after a fatal problem', async () => {
    const file = new Blob([toyFile(10, { extraLines: ['C1;2024-03-01;abc', 'FATAL', 'C2;2024-03-02;1'] })]);
    const { responses } = await parseLikeThePage(file, {});
    expect(responses.filter((response) => response.kind === 'batch')).toEqual([]);
    expect(responses.at(-1)).toEqual({
      id: 1,
      kind: 'parsed',
      result: {
        fileName: 'toy.csv',
        rowCount: 10,
        rejectedCount: 1,
        rejected: [{ code: 'IMPORT_BAD_NUMBER', file: 'toy.csv', line: 12, value: 'abc' }],
        fatal: { code: 'IMPORT_UNTERMINATED_QUOTE', file: 'toy.csv', line: 13 },
      },
    });
  });

  it('answers a file over the size limit with a fatal result, without reading it', async () => {
    const { responses, log } = await parseLikeThePage(new Blob([new Uint8Array(1_000_001)]), {});
    expect(log.chunkSizes).toEqual([]);
    expect(responses).toEqual([
      {
        id: 1,
        kind: 'parsed',
        result: {
          fileName: 'toy.csv',
          rowCount: 0,
          rejectedCount: 0,
          rejected: [],
          fatal: { code: 'IMPORT_FILE_TOO_LARGE', file: 'toy.csv', params: { size: 1_000_001 } },
        },
      },
    ]);
  });

  it('goes quiet after a cancel', async () => {
    const { responses } = await parseLikeThePage(
      new Blob([toyFile(3000)]),
      { sliceBytes: 2048, batchRows: 50, rowsPerCall: 50 },
      { cancelAfterBatches: 3 },
    );
    expect(responses.filter((response) => response.kind === 'batch').length).toBeLessThanOrEqual(6);
    expect(responses.some((response) => response.kind === 'parsed' || response.kind === 'failed')).toBe(false);
  });

  it('reports a file that cannot be read as FILE_UNREADABLE', async () => {
    const unreadable = {
      size: 10_000,
      slice: () => ({ arrayBuffer: () => Promise.reject(new DOMException('The file changed on disk.', 'NotReadableError')) }),
    } as unknown as Blob;
    const { responses } = await parseLikeThePage(unreadable, {});
    expect(responses).toEqual([
      { id: 1, kind: 'failed', error: { code: 'FILE_UNREADABLE', message: 'The file changed on disk.' } },
    ]);
  });

  it('detects from the first MiB only, and flags a file over the size limit', async () => {
    const log: FakeImporterLog = { chunkSizes: [], detectedHeads: [], wholeFileFlags: [] };
    const responses: ImportResponse[] = [];
    const tasks = createImportTasks(fakeImporter(log), (message) => responses.push(message));
    await tasks.handle({ id: 7, kind: 'detect', file: new Blob([new Uint8Array(1_500_000)]), fileName: 'big.csv' });
    await tasks.handle({ id: 8, kind: 'detect', file: new Blob([toyFile(3)]), fileName: 'small.csv', overrides: { delimiter: '|' } });
    expect(log.detectedHeads).toEqual([1024 * 1024, new TextEncoder().encode(toyFile(3)).byteLength]);
    expect(log.wholeFileFlags).toEqual([false, true]);
    expect(responses[1]).toMatchObject({ id: 8, kind: 'detected', detection: { settings: { delimiter: '|' }, fatal: null } });
    expect(responses[0]).toEqual(
      expect.objectContaining({
        id: 7,
        kind: 'detected',
        detection: expect.objectContaining({ fatal: { code: 'IMPORT_FILE_TOO_LARGE', file: 'big.csv', params: { size: 1_500_000 } } }),
      }),
    );
  });
});
