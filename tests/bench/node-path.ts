// One file through the Node path, in its own process so that its peak memory is its own:
// detect → parse (import module) → load into DuckDB (node engine + pipeline), as the site's import worker does
// it: 8 MiB slices, rows turned into sales batches (Arrow columns) of the worker's size, each appended as it is ready;
// then the customer analysis with its default settings, the value model and the next best actions, as
// `ciclo analyze` runs them, on native DuckDB (@duckdb/node-api, what the command takes when installed) or
// on the WebAssembly build. With --reference, it measures one of the yardsticks of references.ts instead.
//
//   bench.ts bundles this file with Vite (the SQL comes in through `?raw` imports) and runs
//   node bench-results/node-path/node-path.mjs FILE [--engine native|wasm]          → one JSON line on stdout
//   node bench-results/node-path/node-path.mjs FILE --reference native|papaparse --as-of YYYY-MM-DD
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Engine } from '../../src/engine/engine.ts';
import { createNativeEngine } from '../../src/engine/native.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import { checkFileSize, detect, parseChunks } from '../../src/import/index.ts';
import { HEAD_SAMPLE_BYTES, type ParseOptions } from '../../src/import/types.ts';
import { customerFacts, defaultAsOf, run } from '../../src/sql/index.ts';
import { analyzeCustomers, appendSalesBatch, createDataset, nextActions, predictCustomerValues, salesSummary, type SalesBatch } from '../../src/pipeline.ts';
import { createSalesBatchBuilder } from '../../src/pipeline/sales-batch.ts';
import { IMPORT_BATCH_BYTES, IMPORT_BATCH_ROWS } from '../../src/workers/import-tasks.ts';
import { timeAnalysis, type AnalysisTiming } from './analysis-timing.ts';
import { readFile } from 'node:fs/promises';
import { scanLayout } from '../../src/import/layout.ts';
import { importWithEngine } from '../../src/pipeline/engine-import.ts';
import { sampleRss } from './memory.ts';
import { nativeReference, papaReference, type FileLayout, type NativeReference, type PapaReference } from './references.ts';

const SLICE_BYTES = 8 * 1024 * 1024;

export type NodeEngineKind = 'native' | 'wasm';

export interface NodePathResult {
  engine: NodeEngineKind;
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
  /**
   * The engine import `ciclo analyze` tries first (pipeline/engine-import.ts): the file read into memory, its layout
   * scanned, DuckDB's reader into `sales`. `reader` is 'duckdb' when it took the file, else why it did not (the
   * command then runs the careful import measured by parse+load).
   */
  engineImport: { seconds: number; cpuSeconds: number; layoutSeconds: number; reader: string };
  rowsInDuckDB: number;
  /** customer-facts.sql alone at the default analysis date, first run, rows to JavaScript included (as references.ts). */
  factsSeconds: number;
  /** analyzeCustomers after the load (default analysis date): the first run with its SQL / scoring split, and a second. */
  analysis: AnalysisTiming;
  /** predictCustomerValues (its SQL, BG/NBD and Gamma-Gamma fits, every customer's prediction), seconds. */
  modelSeconds: number;
  /** nextActions on the analysis and the model, seconds. */
  actionsSeconds: number;
  /**
   * CPU time of this process (every thread, DuckDB's included) for the same steps, seconds: on a machine shared
   * with other work, wall time stretches while CPU time stays close to what the step costs, so ratios use it.
   */
  cpuSeconds: { detect: number; parseAndLoad: number; facts: number; analysis: number; model: number; actions: number };
  /** Peak RSS of each phase; `analysis` covers both analysis runs, `model` the value model and the actions. */
  peakRssMiB: { detect: number; parse: number; load: number; analysis: number; model: number };
}

export type ReferenceResult = ((NativeReference | { skipped: string }) & { reference: 'native' }) | (PapaReference & { reference: 'papaparse' });
export type ReferenceRun = ReferenceResult & { peakRssMiB: number };

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

/** CPU seconds of this process since `since`. */
function cpuSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
}

async function startEngine(kind: NodeEngineKind): Promise<Engine> {
  if (kind === 'wasm') return createNodeEngine();
  const engine = await createNativeEngine();
  if (engine === null) throw new Error('@duckdb/node-api is not installed');
  return engine;
}

async function measure(file: string, kind: NodeEngineKind): Promise<NodePathResult> {
  const fileName = basename(file);
  const size = (await stat(file)).size;
  const tooLarge = checkFileSize(fileName, size);
  if (tooLarge) throw new Error(`${file}: ${tooLarge.code}`);
  const rss = sampleRss(50);

  let t = performance.now();
  let cpu = process.cpuUsage();
  const head = await open(file, 'r').then(async (h) => {
    const buffer = new Uint8Array(Math.min(size, HEAD_SAMPLE_BYTES));
    await h.read(buffer, 0, buffer.byteLength, 0);
    await h.close();
    return buffer;
  });
  const detection = await detect(head, fileName, undefined, size <= HEAD_SAMPLE_BYTES);
  if (detection.fatal) throw new Error(`${file}: ${detection.fatal.code}`);
  const detectSeconds = (performance.now() - t) / 1000;
  const detectCpu = cpuSince(cpu);
  const options: ParseOptions = { fileName, settings: detection.settings, mapping: detection.mapping, batchSize: 5000 };
  const peakDetect = rss.takePeakMiB();

  // Parse alone: rows are counted and dropped.
  t = performance.now();
  const parsed = await parseChunks(slices(file), size, { ...options, onRows: () => {} });
  if (parsed.fatal) throw new Error(`${file}: ${parsed.fatal.code} at line ${parsed.fatal.line}`);
  const parseSeconds = (performance.now() - t) / 1000;
  const peakParse = rss.takePeakMiB();

  t = performance.now();
  const engine = await startEngine(kind);
  await createDataset(engine);
  const engineStartSeconds = (performance.now() - t) / 1000;

  // The engine import, as `ciclo analyze` runs it first; its rows are taken out again for the careful import below.
  t = performance.now();
  cpu = process.cpuUsage();
  const bytes = new Uint8Array(await readFile(file));
  const layoutStarted = performance.now();
  const layout = scanLayout(bytes, detection.settings);
  const layoutSeconds = (performance.now() - layoutStarted) / 1000;
  const outcome = await importWithEngine(engine, {
    fileName,
    fileTag: fileName,
    settings: detection.settings,
    mapping: detection.mapping,
    layout,
    register: (name) => engine.registerBuffer(name, bytes),
    release: (name) => engine.dropBuffer(name),
  });
  const engineImport = {
    seconds: (performance.now() - t) / 1000,
    cpuSeconds: cpuSince(cpu),
    layoutSeconds,
    reader: 'result' in outcome ? 'duckdb' : `careful (${outcome.skipped})`,
  };
  await createDataset(engine);

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
  cpu = process.cpuUsage();
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
  const parseAndLoadCpu = cpuSince(cpu);
  if (engineImport.reader !== 'duckdb') {
    // What the command does then: the careful import after the engine import's attempt.
    engineImport.seconds += parseAndLoadSeconds;
    engineImport.cpuSeconds += parseAndLoadCpu;
  }
  const summary = await salesSummary(engine);
  const peakLoad = rss.takePeakMiB();

  const [{ as_of: factsAsOf } = { as_of: null }] = await run(engine, defaultAsOf, {});
  t = performance.now();
  cpu = process.cpuUsage();
  if (factsAsOf !== null) await run(engine, customerFacts, { asOf: factsAsOf });
  const factsSeconds = (performance.now() - t) / 1000;
  const factsCpu = cpuSince(cpu);

  cpu = process.cpuUsage();
  const analysis = await timeAnalysis(engine);
  // Both runs of timeAnalysis, shared out in proportion to their wall times.
  const analysisCpu = (cpuSince(cpu) * analysis.seconds) / (analysis.seconds + analysis.secondRunSeconds);
  const peakAnalysis = rss.takePeakMiB();

  // As `ciclo analyze`: the value model at the analysis date, then the next best actions on both.
  t = performance.now();
  cpu = process.cpuUsage();
  const model = await predictCustomerValues(engine, { asOf: analysis.asOf });
  const modelSeconds = (performance.now() - t) / 1000;
  const modelCpu = cpuSince(cpu);
  const customers = await analyzeCustomers(engine, { asOf: analysis.asOf });
  t = performance.now();
  cpu = process.cpuUsage();
  await nextActions(engine, customers, model);
  const actionsSeconds = (performance.now() - t) / 1000;
  const actionsCpu = cpuSince(cpu);
  const peakModel = rss.takePeakMiB();
  await engine.close();
  await rss.stop();

  return {
    engine: kind,
    rows: loaded.rowCount,
    rejected: loaded.rejectedCount,
    detectSeconds,
    parseSeconds,
    engineStartSeconds,
    parseAndLoadSeconds,
    encodeSeconds,
    loadSeconds,
    engineImport,
    rowsInDuckDB: summary.rows,
    factsSeconds,
    analysis,
    modelSeconds,
    actionsSeconds,
    cpuSeconds: { detect: detectCpu, parseAndLoad: parseAndLoadCpu, facts: factsCpu, analysis: analysisCpu, model: modelCpu, actions: actionsCpu },
    peakRssMiB: { detect: peakDetect, parse: peakParse, load: peakLoad, analysis: peakAnalysis, model: peakModel },
  };
}

/** One yardstick on `file`, with the peak memory of this process while it ran. */
async function measureReference(file: string, reference: string, asOf: string | undefined): Promise<ReferenceRun> {
  const size = (await stat(file)).size;
  const head = await open(file, 'r').then(async (h) => {
    const buffer = new Uint8Array(Math.min(size, HEAD_SAMPLE_BYTES));
    await h.read(buffer, 0, buffer.byteLength, 0);
    await h.close();
    return buffer;
  });
  const detection = await detect(head, basename(file), undefined, size <= HEAD_SAMPLE_BYTES);
  if (detection.fatal) throw new Error(`${file}: ${detection.fatal.code}`);
  const layout: FileLayout = { settings: detection.settings, headers: detection.headers, mapping: detection.mapping };
  const rss = sampleRss(50);
  rss.takePeakMiB();
  let result: ReferenceResult;
  if (reference === 'native') {
    result = { reference: 'native', ...(await nativeReference(file, layout, asOf)) };
  } else if (reference === 'papaparse') {
    result = { reference: 'papaparse', ...(await papaReference(file, layout)) };
  } else {
    throw new Error(`--reference must be native or papaparse, got ${JSON.stringify(reference)}`);
  }
  const peakRssMiB = rss.takePeakMiB();
  await rss.stop();
  return { ...result, peakRssMiB };
}

const [file, ...options] = process.argv.slice(2);
const option = (name: string) => {
  const i = options.indexOf(name);
  return i >= 0 ? options[i + 1] : undefined;
};
if (!file) {
  process.stderr.write('usage: node bench-results/node-path/node-path.mjs FILE [--engine native|wasm | --reference native|papaparse --as-of DATE]\n');
  process.exit(2);
}
const reference = option('--reference');
if (reference !== undefined) {
  process.stdout.write(`${JSON.stringify(await measureReference(file, reference, option('--as-of')))}\n`);
} else {
  const kind = option('--engine') ?? 'wasm';
  if (kind !== 'native' && kind !== 'wasm') throw new Error(`--engine must be native or wasm, got ${JSON.stringify(kind)}`);
  process.stdout.write(`${JSON.stringify(await measure(file, kind))}\n`);
}
