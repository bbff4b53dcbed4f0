// One file through the Node path, in its own process so that its peak memory is its own:
// detect → parse (import module) → load into DuckDB (node engine + pipeline), as the site's import worker does
// it: 8 MiB slices, rows turned into sales batches (Arrow columns) of the worker's size, each appended as it is ready;
// then the customer analysis with its default settings, as `ciclo analyze` runs it.
//
//   bench.ts bundles this file with Vite (the SQL comes in through `?raw` imports) and runs
//   node bench-results/node-path/node-path.mjs FILE   → one JSON line on stdout
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createNodeEngine } from '../../src/engine/node.ts';
import { checkFileSize, detect, parseChunks } from '../../src/import/index.ts';
import { HEAD_SAMPLE_BYTES, type ParseOptions } from '../../src/import/types.ts';
import { appendSalesBatch, createDataset, salesSummary, type SalesBatch } from '../../src/pipeline.ts';
import { createSalesBatchBuilder } from '../../src/pipeline/sales-batch.ts';
import { IMPORT_BATCH_BYTES, IMPORT_BATCH_ROWS } from '../../src/workers/import-tasks.ts';
import { timeAnalysis, type AnalysisTiming } from './analysis-timing.ts';
import { sampleRss } from './memory.ts';

const SLICE_BYTES = 8 * 1024 * 1024;

export interface NodePathResult {
  rows: number;
  rejected: number;
  detectSeconds: number;
  parseSeconds: number;
  engineStartSeconds: number;
  /** Parse and load together, batches appended while parsing goes on (what a user waits for). */
  parseAndLoadSeconds: number;
  /** Time spent turning rows into sales batches, Arrow IPC bytes included (inside parse+load). */
  encodeSeconds: number;
  /** Time spent inside the appends alone (DuckDB reading the batches into `sales`). */
  loadSeconds: number;
  rowsInDuckDB: number;
  /** analyzeCustomers after the load (default analysis date): the first run with its SQL / scoring split, and a second. */
  analysis: AnalysisTiming;
  /** Peak RSS of each phase; `analysis` covers both analysis runs. */
  peakRssMiB: { detect: number; parse: number; load: number; analysis: number };
}

async function* slices(file: string, beforeEach?: () => Promise<void>): AsyncGenerator<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    for (;;) {
      await beforeEach?.();
      const buffer = new Uint8Array(SLICE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SLICE_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function measure(file: string): Promise<NodePathResult> {
  const fileName = basename(file);
  const size = (await stat(file)).size;
  const tooLarge = checkFileSize(fileName, size);
  if (tooLarge) throw new Error(`${file}: ${tooLarge.code}`);
  const rss = sampleRss(50);

  let t = performance.now();
  const head = await open(file, 'r').then(async (h) => {
    const buffer = new Uint8Array(Math.min(size, HEAD_SAMPLE_BYTES));
    await h.read(buffer, 0, buffer.byteLength, 0);
    await h.close();
    return buffer;
  });
  const detection = await detect(head, fileName, undefined, size <= HEAD_SAMPLE_BYTES);
  if (detection.fatal) throw new Error(`${file}: ${detection.fatal.code}`);
  const detectSeconds = (performance.now() - t) / 1000;
  const options: ParseOptions = { fileName, settings: detection.settings, mapping: detection.mapping, batchSize: 5000 };
  const peakDetect = rss.takePeakMiB();

  // Parse alone: rows are counted and dropped.
  t = performance.now();
  const parsed = await parseChunks(slices(file), size, { ...options, onRows: () => {} });
  if (parsed.fatal) throw new Error(`${file}: ${parsed.fatal.code} at line ${parsed.fatal.line}`);
  const parseSeconds = (performance.now() - t) / 1000;
  const peakParse = rss.takePeakMiB();

  t = performance.now();
  const engine = await createNodeEngine();
  await createDataset(engine);
  const engineStartSeconds = (performance.now() - t) / 1000;

  // Parse and load: batches go to DuckDB between slices, never more than one waiting.
  const builder = createSalesBatchBuilder(fileName);
  const ready: SalesBatch[] = [];
  let loadSeconds = 0;
  let encodeSeconds = 0;
  const store = async () => {
    for (let batch = ready.shift(); batch !== undefined; batch = ready.shift()) {
      const started = performance.now();
      await appendSalesBatch(engine, batch);
      loadSeconds += (performance.now() - started) / 1000;
    }
  };
  t = performance.now();
  const loaded = await parseChunks(slices(file, store), size, {
    ...options,
    onRows(rows) {
      const started = performance.now();
      builder.add(rows);
      if (builder.rowCount >= IMPORT_BATCH_ROWS || builder.byteLength >= IMPORT_BATCH_BYTES) ready.push(builder.take());
      encodeSeconds += (performance.now() - started) / 1000;
    },
  });
  const lastTake = performance.now();
  if (builder.rowCount > 0) ready.push(builder.take());
  encodeSeconds += (performance.now() - lastTake) / 1000;
  await store();
  const parseAndLoadSeconds = (performance.now() - t) / 1000;
  const summary = await salesSummary(engine);
  const peakLoad = rss.takePeakMiB();

  const analysis = await timeAnalysis(engine);
  const peakAnalysis = rss.takePeakMiB();
  await engine.close();
  await rss.stop();

  return {
    rows: loaded.rowCount,
    rejected: loaded.rejectedCount,
    detectSeconds,
    parseSeconds,
    engineStartSeconds,
    parseAndLoadSeconds,
    encodeSeconds,
    loadSeconds,
    rowsInDuckDB: summary.rows,
    analysis,
    peakRssMiB: { detect: peakDetect, parse: peakParse, load: peakLoad, analysis: peakAnalysis },
  };
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench-results/node-path/node-path.mjs FILE\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await measure(file))}\n`);
