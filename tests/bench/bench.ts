// `npm run bench`: how long a sales file takes to become a dataset, and then the customer analysis, the value
// model and the next best actions, on the Node path (`ciclo analyze`, on native DuckDB and on the WebAssembly
// build) and in headless Chromium (the site), with peak memory; on the same file, the two yardsticks of
// references.ts (native DuckDB's read_csv + the same facts SQL; PapaParse + plain JavaScript), and every Ciclo
// figure as a ratio of them; then the BG/NBD + Gamma-Gamma fit on CDNOW and on 100k generated customers
// (model-fit.ts). Prints the tables, writes bench-results/latest.json and bench-results/latest.md (the README's table).
//
//   npm run bench                              100k and 1M lines (plain ISO) and 1M lines (Brazilian)
//   npm run bench -- --quick                   100k lines only
//   npm run bench -- --huge                    adds a 5M-line file (about 680 MB; several minutes more)
//   npm run bench -- --skip-browser | --skip-node | --skip-wasm (the Node path on the WebAssembly build)
//
// Input files come from the seeded generator and are cached in bench-results/data (git ignores it).
import { execFileSync, spawn } from 'node:child_process';
import { benchModelFit, formatModelFit, type ModelFitTiming } from './model-fit.ts';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem, type } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { build } from 'vite';
import { writeSalesFile } from '../fixtures/generate-demo.ts';
import type { SalesFacts, SalesFormat, SalesTotals } from '../fixtures/sales-generator.ts';
import { CHROMIUM, importInBrowser, launchChromium, NotReady, serveStatic, type BrowserRun } from './browser-path.ts';
import type { NodeEngineKind, NodePathResult, ReferenceRun } from './node-path.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(ROOT, 'bench-results');
const DATA = join(RESULTS, 'data');
const SITE = join(RESULTS, 'site');
const NODE_PATH_BUILD = join(RESULTS, 'node-path');

interface BenchFile {
  label: string;
  lines: number;
  format: SalesFormat;
}

type NodeRun = (NodePathResult & { rowsPerSecond: number }) | { skipped: string };
type Skipped = { skipped: string };

/** Each Ciclo figure divided by the same figure of a reference (> 1: Ciclo is slower); null when one side is missing. */
export interface Ratios {
  /** Import (detect + parse + load) ÷ native DuckDB's read_csv into the same table. */
  importNodeNativeVsDuckdb: number | null;
  importNodeWasmVsDuckdb: number | null;
  /** Choosing the file → every row in the summary, ÷ native DuckDB's read_csv. */
  importChromiumVsDuckdb: number | null;
  /** customer-facts.sql ÷ the same SQL on native DuckDB. */
  factsNodeNativeVsDuckdb: number | null;
  factsNodeWasmVsDuckdb: number | null;
  /** File → per-customer facts (import + customer-facts.sql) ÷ PapaParse + plain JavaScript doing the same sums. */
  factsNodeNativeVsPapa: number | null;
  factsNodeWasmVsPapa: number | null;
  /** Chromium's import alone ÷ PapaParse + plain JavaScript (parse and sums). */
  importChromiumVsPapa: number | null;
}

interface FileResult {
  label: string;
  file: string;
  sizeMiB: number;
  lines: number;
  customers: number;
  node: Record<NodeEngineKind, NodeRun>;
  chromium: BrowserRun | Skipped;
  references: { duckdb: (ReferenceRun & { reference: 'native' }) | Skipped; papaparse: (ReferenceRun & { reference: 'papaparse' }) | Skipped };
  ratios: Ratios;
}

function parseFlags(argv: readonly string[]) {
  const known = new Set(['--quick', '--huge', '--skip-browser', '--skip-node', '--skip-wasm']);
  for (const a of argv) if (!known.has(a)) throw new Error(`unknown option ${a} (known: ${[...known].join(', ')})`);
  const files: BenchFile[] = argv.includes('--quick')
    ? [{ label: '100k plain', lines: 100_000, format: 'plain' }]
    : [
        { label: '100k plain', lines: 100_000, format: 'plain' },
        { label: '1M plain', lines: 1_000_000, format: 'plain' },
        { label: '1M br', lines: 1_000_000, format: 'br' },
      ];
  if (argv.includes('--huge')) files.push({ label: '5M plain', lines: 5_000_000, format: 'plain' });
  return { files, skipBrowser: argv.includes('--skip-browser'), skipNode: argv.includes('--skip-node'), skipWasm: argv.includes('--skip-wasm') };
}

/** The generated file for `spec`, made once per generator version and reused afterwards. */
function salesFile(spec: BenchFile): { path: string; facts: SalesFacts; totals: SalesTotals } {
  // A new generator version makes new files; the writer's options live in writeSalesFile and rarely move.
  const version = createHash('sha256').update(readFileSync(join(ROOT, 'tests/fixtures/sales-generator.ts'))).digest('hex').slice(0, 10);
  const path = join(DATA, `sales-${spec.lines}-${spec.format}-${version}.csv`);
  // Files from older generator versions are only disk space now.
  for (const old of readdirSync(DATA)) if (old.startsWith('sales-') && !old.includes(`-${version}.csv`)) rmSync(join(DATA, old));
  const factsPath = `${path}.json`;
  if (existsSync(path) && existsSync(factsPath)) return { path, ...JSON.parse(readFileSync(factsPath, 'utf8')) };
  const started = performance.now();
  const made = writeSalesFile(path, spec.lines, spec.format);
  writeFileSync(factsPath, JSON.stringify(made));
  log(`generated ${relative(ROOT, path)} in ${seconds(started)} s`);
  return { path, ...made };
}

/**
 * Bundles node-path.ts with Vite, as the `ciclo` command is bundled: the SQL files arrive through Vite's
 * `?raw` imports, which plain Node (or tsx) cannot load.
 */
async function buildNodePath(): Promise<string> {
  const started = performance.now();
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: {
      ssr: join(ROOT, 'tests/bench/node-path.ts'),
      outDir: NODE_PATH_BUILD,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: {
        external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), /^@duckdb\//, 'papaparse'],
        output: { entryFileNames: 'node-path.mjs', format: 'es' },
      },
    },
  });
  log(`bundled the Node path in ${seconds(started)} s`);
  return join(NODE_PATH_BUILD, 'node-path.mjs');
}

function runNodePath<T>(script: string, args: readonly string[]): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`node-path.ts exited with ${code}`));
      try {
        done(JSON.parse(out.trim().split('\n').pop() ?? '') as T);
      } catch (thrown) {
        fail(new Error(`node-path.ts printed no result: ${String(thrown)}`));
      }
    });
  });
}

function buildSite(): void {
  const started = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', SITE, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, stdio: 'pipe' });
  log(`built the site into ${relative(ROOT, SITE)} in ${seconds(started)} s`);
}

async function main(): Promise<void> {
  const { files, skipBrowser, skipNode, skipWasm } = parseFlags(process.argv.slice(2));
  mkdirSync(DATA, { recursive: true });
  const machine = {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    chromium: chromiumVersion(),
  };
  log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ${machine.chromium}`);

  const results: FileResult[] = [];
  const nodePath = skipNode ? '' : await buildNodePath();
  for (const spec of files) {
    const { path, facts } = salesFile(spec);
    const result: FileResult = {
      label: spec.label,
      file: relative(ROOT, path),
      sizeMiB: statSync(path).size / 1048576,
      lines: facts.dataLines,
      customers: facts.customers,
      node: { native: { skipped: '--skip-node' }, wasm: { skipped: skipWasm ? '--skip-wasm' : '--skip-node' } },
      chromium: { skipped: '--skip-browser' },
      references: { duckdb: { skipped: '--skip-node' }, papaparse: { skipped: '--skip-node' } },
      ratios: ratiosOf(null, null, null, null, null),
    };
    if (!skipNode) {
      for (const engine of ['native', 'wasm'] as const) {
        if (engine === 'wasm' && skipWasm) continue;
        log(`Node path on ${engine}: ${spec.label}…`);
        try {
          const node = await runNodePath<NodePathResult>(nodePath, [path, '--engine', engine]);
          result.node[engine] = { ...node, rowsPerSecond: node.rows / nodeImportSeconds(node) };
        } catch (thrown) {
          result.node[engine] = { skipped: `failed: ${(thrown as Error).message}` };
        }
      }
      for (const reference of ['native', 'papaparse'] as const) {
        log(`reference ${reference}: ${spec.label}…`);
        const key = reference === 'native' ? 'duckdb' : 'papaparse';
        try {
          const run = await runNodePath<ReferenceRun>(nodePath, [path, '--reference', reference]);
          (result.references as Record<string, unknown>)[key] = 'skipped' in run ? { skipped: run.skipped } : run;
        } catch (thrown) {
          result.references[key] = { skipped: `failed: ${(thrown as Error).message}` };
        }
      }
    }
    results.push(result);
  }

  if (!skipBrowser) await runBrowser(results);
  for (const r of results) {
    const ok = <T extends object>(x: T | Skipped): T | null => ('skipped' in x ? null : x);
    r.ratios = ratiosOf(ok(r.node.native), ok(r.node.wasm), ok(r.chromium), ok(r.references.duckdb), ok(r.references.papaparse));
  }

  printTable(results);
  printRatios(results);
  log('model fit: CDNOW and generated customers…');
  const quick = process.argv.includes('--quick');
  const modelFit: ModelFitTiming[] = await benchModelFit(quick ? { generatedCustomers: 10_000 } : {});
  process.stdout.write(`\n${formatModelFit(modelFit)}\n`);
  const latest = join(RESULTS, 'latest.json');
  const ranAt = new Date().toISOString();
  writeFileSync(latest, `${JSON.stringify({ ranAt, machine, results, modelFit }, null, 2)}\n`);
  const markdown = join(RESULTS, 'latest.md');
  writeFileSync(markdown, readmeTable(results, machine, ranAt));
  log(`wrote ${relative(ROOT, latest)} and ${relative(ROOT, markdown)}`);
}

async function runBrowser(results: FileResult[]): Promise<void> {
  const skipAll = (reason: string) => {
    for (const r of results) r.chromium = { skipped: reason };
  };
  if (!existsSync(CHROMIUM)) return skipAll(`${CHROMIUM} not found`);
  try {
    buildSite();
  } catch (thrown) {
    return skipAll(`vite build failed: ${firstLine(thrown)}`);
  }
  const server = await serveStatic(SITE);
  const browser = await launchChromium().catch((thrown: unknown) => thrown as Error);
  if (browser instanceof Error) {
    await server.close();
    return skipAll(`Chromium did not start: ${firstLine(browser)}`);
  }
  try {
    for (const r of results) {
      const node = 'rows' in r.node.native ? r.node.native : 'rows' in r.node.wasm ? r.node.wasm : null;
      const expected = { rows: node?.rows ?? r.lines, customers: node?.analysis.customers ?? null, hasRejected: (node?.rejected ?? 0) > 0 };
      log(`Chromium path: ${r.label}…`);
      try {
        r.chromium = await importInBrowser(browser, server.url, join(ROOT, r.file), expected);
      } catch (thrown) {
        r.chromium = { skipped: thrown instanceof NotReady ? thrown.message : `failed: ${firstLine(thrown)}` };
        if (thrown instanceof NotReady && /file-input/.test(thrown.message)) {
          skipAll(thrown.message);
          break;
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * Ciclo's import on the Node path as `ciclo analyze` runs it: detection, then the engine import, or after its
 * attempt the careful import (the engine's start is not counted).
 */
const nodeImportSeconds = (n: NodePathResult) => n.detectSeconds + n.engineImport.seconds;
const nodeImportCpu = (n: NodePathResult) => n.cpuSeconds.detect + n.engineImport.cpuSeconds;

/**
 * Node paths and references are compared on CPU time (the machine may be busy with other work, which
 * stretches wall time but hardly CPU time); Chromium, whose CPU time is not measured, on wall time.
 */
function ratiosOf(
  native: NodePathResult | null,
  wasm: NodePathResult | null,
  chromium: BrowserRun | null,
  duckdb: ReferenceRun | null,
  papa: ReferenceRun | null,
): Ratios {
  const over = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || !(b > 0) ? null : a / b);
  const db = duckdb && 'importSeconds' in duckdb ? duckdb : null;
  const pp = papa && 'seconds' in papa && 'rows' in papa ? papa : null;
  const toFacts = (n: NodePathResult | null) => (n ? nodeImportCpu(n) + n.cpuSeconds.facts : null);
  return {
    importNodeNativeVsDuckdb: over(native && nodeImportCpu(native), db?.cpuSeconds.import),
    importNodeWasmVsDuckdb: over(wasm && nodeImportCpu(wasm), db?.cpuSeconds.import),
    importChromiumVsDuckdb: over(chromium?.seconds, db?.importSeconds),
    factsNodeNativeVsDuckdb: over(native?.cpuSeconds.facts, db?.cpuSeconds.facts),
    factsNodeWasmVsDuckdb: over(wasm?.cpuSeconds.facts, db?.cpuSeconds.facts),
    factsNodeNativeVsPapa: over(toFacts(native), pp?.cpuSeconds),
    factsNodeWasmVsPapa: over(toFacts(wasm), pp?.cpuSeconds),
    importChromiumVsPapa: over(chromium?.seconds, pp?.seconds),
  };
}

const fixed = (x: number | null | undefined, digits: number) => (x == null ? '-' : x.toFixed(digits));
const ratio = (x: number | null) => (x == null ? '-' : `${x.toFixed(2)}×`);
const mib = (x: number | null | undefined) => (x == null ? '-' : Math.round(x).toString());

function printTable(results: readonly FileResult[]): void {
  const importHead = ['file', 'MiB', 'lines', 'customers', 'engine', 'detect s', 'engine import s', 'reader', 'parse s', 'encode s', 'load s', 'parse+load s', 'rows/s', 'peak RSS MiB'];
  const importRows: string[][] = [];
  for (const r of results) {
    for (const engine of ['native', 'wasm'] as const) {
      const n = 'rows' in r.node[engine] ? r.node[engine] : null;
      importRows.push([
        r.label,
        r.sizeMiB.toFixed(1),
        r.lines.toLocaleString('en-US'),
        r.customers.toLocaleString('en-US'),
        `Node, ${engine}`,
        fixed(n?.detectSeconds, 3),
        fixed(n?.engineImport.seconds, 2),
        n?.engineImport.reader ?? '-',
        fixed(n?.parseSeconds, 2),
        fixed(n?.encodeSeconds, 2),
        fixed(n?.loadSeconds, 2),
        fixed(n?.parseAndLoadSeconds, 2),
        n ? Math.round(n.rowsPerSecond).toLocaleString('en-US') : '-',
        mib(n && Math.max(n.peakRssMiB.parse, n.peakRssMiB.load)),
      ]);
    }
    const c = 'seconds' in r.chromium ? r.chromium : null;
    importRows.push([r.label, '', '', '', 'Chromium', '', '', '', '', '', '', fixed(c?.seconds, 2), c ? Math.round(c.rowsPerSecond).toLocaleString('en-US') : '-', c ? `${mib(c.rendererRssPeakMiB)} (renderer)` : '-']);
    const db = 'importSeconds' in r.references.duckdb ? r.references.duckdb : null;
    importRows.push([r.label, '', '', '', 'native DuckDB read_csv', '', '', '', '', '', '', fixed(db?.importSeconds, 2), db ? Math.round(db.rows / db.importSeconds).toLocaleString('en-US') : '-', mib(db?.peakRssMiB)]);
    const pp = 'seconds' in r.references.papaparse ? r.references.papaparse : null;
    importRows.push([r.label, '', '', '', 'PapaParse + JS sums', '', '', '', '', '', '', fixed(pp?.seconds, 2), pp ? Math.round(pp.rows / pp.seconds).toLocaleString('en-US') : '-', mib(pp?.peakRssMiB)]);
  }
  const analysisHead = [
    'file',
    'engine',
    'as of',
    'customers',
    'facts SQL s',
    'analysis s',
    'SQL s',
    'panel s',
    'cohorts s',
    'second run s',
    'model s',
    'actions s',
    'peak RSS MiB',
  ];
  const analysisRows: string[][] = [];
  for (const r of results) {
    for (const engine of ['native', 'wasm'] as const) {
      const n = 'rows' in r.node[engine] ? r.node[engine] : null;
      const a = n?.analysis;
      const query = (name: string) => fixed(a?.queries[name], 2);
      analysisRows.push([
        r.label,
        `Node, ${engine}`,
        a?.asOf ?? '-',
        a?.customers.toLocaleString('en-US') ?? '-',
        fixed(n?.factsSeconds, 2),
        fixed(a?.seconds, 2),
        fixed(a?.sqlSeconds, 2),
        query('customer-panel'),
        query('cohort-retention'),
        fixed(a?.secondRunSeconds, 2),
        fixed(n?.modelSeconds, 2),
        fixed(n?.actionsSeconds, 2),
        mib(n && Math.max(n.peakRssMiB.analysis, n.peakRssMiB.model)),
      ]);
    }
    const c = 'seconds' in r.chromium && 'seconds' in r.chromium.analysis ? r.chromium.analysis : null;
    analysisRows.push([r.label, 'Chromium (summary → overview)', '-', c?.customers.toLocaleString('en-US') ?? '-', '-', fixed(c?.seconds, 2), '-', '-', '-', '-', '-', '-', c ? `${mib(c.peaks.rendererRssPeakMiB)} (renderer)` : '-']);
    const db = 'importSeconds' in r.references.duckdb ? r.references.duckdb : null;
    analysisRows.push([r.label, 'native DuckDB', '-', db?.customers.toLocaleString('en-US') ?? '-', fixed(db?.factsSeconds, 2), '-', '-', '-', '-', '-', '-', '-', mib(db?.peakRssMiB)]);
  }
  process.stdout.write(`\nImport\n${table(importHead, importRows)}\nCustomer analysis (default analysis date, months), value model and actions\n${table(analysisHead, analysisRows)}`);
  // The page's responsiveness (targets: first screen ≤ 1 s, no main-thread task over 100 ms).
  const pageHead = ['file', 'first screen s', 'DuckDB started s', 'longest task, start ms', 'longest task, import ms', 'long tasks, import', 'longest task, analysis ms', 'long tasks, analysis'];
  const pageRows = results.map((r) => {
    const c = 'seconds' in r.chromium ? r.chromium : null;
    const a = c && 'seconds' in c.analysis ? c.analysis : null;
    return [r.label, fixed(c?.firstScreenSeconds, 2), fixed(c?.engineReadySeconds, 2), fixed(c?.startupLongestTaskMs, 0), fixed(c?.longestTaskMs, 0), c ? String(c.longTasks) : '-', fixed(a?.longestTaskMs, 0), a ? String(a.longTasks) : '-'];
  });
  process.stdout.write(`\nThe page in Chromium\n${table(pageHead, pageRows)}`);
  for (const r of results) {
    for (const engine of ['native', 'wasm'] as const) {
      const n = r.node[engine];
      if ('skipped' in n && !n.skipped.startsWith('--skip')) process.stdout.write(`${r.label}, Node path on ${engine} skipped: ${n.skipped}\n`);
    }
    for (const [name, ref] of Object.entries(r.references)) {
      if ('skipped' in ref && !ref.skipped.startsWith('--skip')) process.stdout.write(`${r.label}, reference ${name} skipped: ${ref.skipped}\n`);
    }
    // The references and every Ciclo path read the same customers out of the same file.
    const counts = [
      ...(['native', 'wasm'] as const).flatMap((e) => { const n = r.node[e]; return 'rows' in n ? [[`Node ${e}`, n.analysis.customers] as const] : []; }),
      ...('importSeconds' in r.references.duckdb ? [['native DuckDB', r.references.duckdb.customers] as const] : []),
      ...('seconds' in r.references.papaparse ? [['PapaParse', r.references.papaparse.customers] as const] : []),
    ];
    if (new Set(counts.map(([, n]) => n)).size > 1) process.stdout.write(`${r.label}: customer counts differ: ${counts.map(([w, n]) => `${w} ${n}`).join(', ')}\n`);
    if ('skipped' in r.chromium) process.stdout.write(`${r.label}, Chromium path skipped: ${r.chromium.skipped}\n`);
    else if ('skipped' in r.chromium.analysis) process.stdout.write(`${r.label}, Chromium analysis skipped: ${r.chromium.analysis.skipped}\n`);
    else {
      const n = 'rows' in r.node.native ? r.node.native : 'rows' in r.node.wasm ? r.node.wasm : null;
      if (n) {
        // The site and the Node path run the same SQL and scoring on the same file: their counts must agree.
        const node = n.analysis.trendCounts as Record<string, number>;
        const site = r.chromium.analysis.trendCounts;
        const differ = Object.keys({ ...node, ...site }).filter((label) => node[label] !== site[label]);
        if (differ.length > 0) process.stdout.write(`${r.label}: the overview's trend counts differ from the Node path's (${differ.map((l) => `${l} ${site[l]} vs ${node[l]}`).join(', ')})\n`);
      }
    }
  }
}

function printRatios(results: readonly FileResult[]): void {
  const head = ['file', 'import: Node native ÷ DuckDB', 'Node wasm ÷ DuckDB', 'Chromium ÷ DuckDB', 'facts SQL: Node native ÷ DuckDB', 'Node wasm ÷ DuckDB', 'file → facts: Node native ÷ PapaParse', 'Node wasm ÷ PapaParse', 'import: Chromium ÷ PapaParse'];
  const rows = results.map((r) => {
    const x = r.ratios;
    return [r.label, ratio(x.importNodeNativeVsDuckdb), ratio(x.importNodeWasmVsDuckdb), ratio(x.importChromiumVsDuckdb), ratio(x.factsNodeNativeVsDuckdb), ratio(x.factsNodeWasmVsDuckdb), ratio(x.factsNodeNativeVsPapa), ratio(x.factsNodeWasmVsPapa), ratio(x.importChromiumVsPapa)];
  });
  process.stdout.write(`\nRatios (Ciclo ÷ reference on the same file; Node on CPU time, Chromium on wall time; below 1 Ciclo is faster; target: import ≤ 2× native DuckDB)\n${table(head, rows)}`);
}

/** The README's table: per file, each path's import, facts and analyses (wall s, CPU s in brackets) and the ratios. */
function readmeTable(results: readonly FileResult[], machine: Record<string, string | number>, ranAt: string): string {
  const lines = [
    '| file | path | import s (CPU) | ÷ DuckDB | ÷ PapaParse | facts SQL s (CPU) | analysis s (CPU) | model s | actions s | peak MiB |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const both = (wall: number, cpu: number) => `${wall.toFixed(2)} (${cpu.toFixed(2)})`;
  for (const r of results) {
    const name = `${r.label} (${r.sizeMiB.toFixed(0)} MiB, ${r.customers.toLocaleString('en-US')} customers)`;
    const db = 'importSeconds' in r.references.duckdb ? r.references.duckdb : null;
    const pp = 'seconds' in r.references.papaparse && 'rows' in r.references.papaparse ? r.references.papaparse : null;
    for (const engine of ['native', 'wasm'] as const) {
      const n = 'rows' in r.node[engine] ? r.node[engine] : null;
      if (!n) continue;
      const x = r.ratios;
      const [toDb, toPapa, factsToDb] =
        engine === 'native' ? [x.importNodeNativeVsDuckdb, x.factsNodeNativeVsPapa, x.factsNodeNativeVsDuckdb] : [x.importNodeWasmVsDuckdb, x.factsNodeWasmVsPapa, x.factsNodeWasmVsDuckdb];
      lines.push(
        `| ${name} | \`ciclo analyze\`, ${engine === 'native' ? 'native DuckDB' : 'DuckDB-WASM'} | ${both(nodeImportSeconds(n), nodeImportCpu(n))} | ${ratio(toDb)} | ${ratio(toPapa)}¹ | ${both(n.factsSeconds, n.cpuSeconds.facts)} ${ratio(factsToDb)} | ${both(n.analysis.seconds, n.cpuSeconds.analysis)} | ${fixed(n.modelSeconds, 2)} | ${fixed(n.actionsSeconds, 2)} | ${mib(Math.max(n.peakRssMiB.load, n.peakRssMiB.analysis, n.peakRssMiB.model))} |`,
      );
    }
    const c = 'seconds' in r.chromium ? r.chromium : null;
    if (c) {
      const a = 'seconds' in c.analysis ? c.analysis : null;
      lines.push(`| ${name} | site, headless Chromium | ${fixed(c.seconds, 2)} | ${ratio(r.ratios.importChromiumVsDuckdb)}⁴ | ${ratio(r.ratios.importChromiumVsPapa)}⁴ | | ${fixed(a?.seconds, 2)}² | | | ${mib(Math.max(c.rendererRssPeakMiB, a?.peaks.rendererRssPeakMiB ?? 0))}³ |`);
    }
    if (db) lines.push(`| ${name} | reference: native DuckDB ${db.duckdb}, read_csv, 1 thread | ${both(db.importSeconds, db.cpuSeconds.import)} | 1× | | ${both(db.factsSeconds, db.cpuSeconds.facts)} | | | | ${mib(db.peakRssMiB)} |`);
    if (pp) lines.push(`| ${name} | reference: PapaParse + JS sums per customer | ${both(pp.seconds, pp.cpuSeconds)}¹ | | 1× | | | | | ${mib(pp.peakRssMiB)} |`);
  }
  const m = machine;
  lines.push(
    '',
    '¹ File → per-customer revenue, orders, first and last date: Ciclo\'s import + customer-facts.sql against PapaParse parsing the file and adding up in plain JavaScript.',
    '² From every row in the summary to the overview showing the trend counts. ³ Renderer processes\' resident memory. ⁴ Wall time against wall time.',
    '',
    `Measured ${ranAt.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, ${m.chromium}. Import excludes the engine's start. Node ratios are of CPU time (all threads of the process), which a busy machine stretches far less than wall time; above 1, Ciclo is slower than the reference.`,
  );
  return `${lines.join('\n')}\n`;
}

function table(head: readonly string[], rows: readonly string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
  return `${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n`;
}

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'Chromium not found';
  }
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const firstLine = (thrown: unknown) => (thrown instanceof Error ? thrown.message : String(thrown)).split('\n')[0];
const log = (text: string) => process.stderr.write(`${text}\n`);

await main();
