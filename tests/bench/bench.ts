// `npm run bench`: how long a sales file takes to become a dataset, and then the customer analysis, on the Node
// path (`ciclo` and tests) and in headless Chromium (the site), with peak memory; then the BG/NBD + Gamma-Gamma
// fit on CDNOW and on 100k generated customers (model-fit.ts). Prints three tables (import, analysis, model fit)
// and writes bench-results/latest.json.
//
//   npm run bench                              100k and 1M lines (plain ISO) and 1M lines (Brazilian)
//   npm run bench -- --quick                   100k lines only
//   npm run bench -- --skip-browser | --skip-node
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
import type { NodePathResult } from './node-path.ts';

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

interface FileResult {
  label: string;
  file: string;
  sizeMiB: number;
  lines: number;
  customers: number;
  node: (NodePathResult & { rowsPerSecond: number }) | { skipped: string };
  chromium: BrowserRun | { skipped: string };
}

function parseFlags(argv: readonly string[]) {
  const known = new Set(['--quick', '--skip-browser', '--skip-node']);
  for (const a of argv) if (!known.has(a)) throw new Error(`unknown option ${a} (known: ${[...known].join(', ')})`);
  const files: BenchFile[] = argv.includes('--quick')
    ? [{ label: '100k plain', lines: 100_000, format: 'plain' }]
    : [
        { label: '100k plain', lines: 100_000, format: 'plain' },
        { label: '1M plain', lines: 1_000_000, format: 'plain' },
        { label: '1M br', lines: 1_000_000, format: 'br' },
      ];
  return { files, skipBrowser: argv.includes('--skip-browser'), skipNode: argv.includes('--skip-node') };
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

function runNodePath(script: string, file: string): Promise<NodePathResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`node-path.ts exited with ${code}`));
      try {
        done(JSON.parse(out.trim().split('\n').pop() ?? '') as NodePathResult);
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
  const { files, skipBrowser, skipNode } = parseFlags(process.argv.slice(2));
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
      node: { skipped: '--skip-node' },
      chromium: { skipped: '--skip-browser' },
    };
    if (!skipNode) {
      log(`Node path: ${spec.label}…`);
      try {
        const node = await runNodePath(nodePath, path);
        result.node = { ...node, rowsPerSecond: node.rows / node.parseAndLoadSeconds };
      } catch (thrown) {
        result.node = { skipped: `failed: ${(thrown as Error).message}` };
      }
    }
    results.push(result);
  }

  if (!skipBrowser) await runBrowser(results);

  printTable(results);
  log('model fit: CDNOW and generated customers…');
  const quick = process.argv.includes('--quick');
  const modelFit: ModelFitTiming[] = await benchModelFit(quick ? { generatedCustomers: 10_000 } : {});
  process.stdout.write(`\n${formatModelFit(modelFit)}\n`);
  const latest = join(RESULTS, 'latest.json');
  writeFileSync(latest, `${JSON.stringify({ ranAt: new Date().toISOString(), machine, results, modelFit }, null, 2)}\n`);
  log(`wrote ${relative(ROOT, latest)}`);
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
      const node = 'rows' in r.node ? r.node : null;
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

function printTable(results: readonly FileResult[]): void {
  const importHead = ['file', 'MiB', 'lines', 'customers', 'detect s', 'parse s', 'encode s', 'load s', 'parse+load s', 'rows/s', 'peak RSS MiB', 'Chromium s', 'rows/s', 'page heap MiB', 'worker heap MiB', 'renderer RSS MiB'];
  const importRows = results.map((r) => {
    const n = 'rows' in r.node ? r.node : null;
    const c = 'seconds' in r.chromium ? r.chromium : null;
    return [
      r.label,
      r.sizeMiB.toFixed(1),
      r.lines.toLocaleString('en-US'),
      r.customers.toLocaleString('en-US'),
      n ? n.detectSeconds.toFixed(3) : '-',
      n ? n.parseSeconds.toFixed(2) : '-',
      n ? n.encodeSeconds.toFixed(2) : '-',
      n ? n.loadSeconds.toFixed(2) : '-',
      n ? n.parseAndLoadSeconds.toFixed(2) : '-',
      n ? Math.round(n.rowsPerSecond).toLocaleString('en-US') : '-',
      n ? Math.round(Math.max(n.peakRssMiB.parse, n.peakRssMiB.load)).toString() : '-',
      c ? c.seconds.toFixed(2) : '-',
      c ? Math.round(c.rowsPerSecond).toLocaleString('en-US') : '-',
      c ? Math.round(c.pageHeapPeakMiB).toString() : '-',
      c?.workerHeapPeakMiB != null ? Math.round(c.workerHeapPeakMiB).toString() : '-',
      c ? Math.round(c.rendererRssPeakMiB).toString() : '-',
    ];
  });
  const analysisHead = [
    'file',
    'as of',
    'customers analysed',
    'Node analysis s',
    'SQL s',
    'facts s',
    'panel s',
    'cohorts s',
    'scoring s',
    'second run s',
    'peak RSS MiB (both runs)',
    'Chromium summary → overview s',
    '→ migration s',
    'longest task ms',
    'worker heap MiB',
    'renderer RSS MiB',
  ];
  const analysisRows = results.map((r) => {
    const a = 'rows' in r.node ? r.node.analysis : null;
    const c = 'seconds' in r.chromium && 'seconds' in r.chromium.analysis ? r.chromium.analysis : null;
    const query = (name: string) => (a?.queries[name] !== undefined ? a.queries[name].toFixed(2) : '-');
    return [
      r.label,
      a?.asOf ?? '-',
      (a?.customers ?? c?.customers)?.toLocaleString('en-US') ?? '-',
      a ? a.seconds.toFixed(2) : '-',
      a ? a.sqlSeconds.toFixed(2) : '-',
      query('customer-facts'),
      query('customer-panel'),
      query('cohort-retention'),
      a ? a.scoringSeconds.toFixed(2) : '-',
      a ? a.secondRunSeconds.toFixed(2) : '-',
      'rows' in r.node ? Math.round(r.node.peakRssMiB.analysis).toString() : '-',
      c ? c.seconds.toFixed(2) : '-',
      c?.migrationSeconds != null ? c.migrationSeconds.toFixed(2) : '-',
      c ? Math.round(c.longestTaskMs).toString() : '-',
      c?.peaks.workerHeapPeakMiB != null ? Math.round(c.peaks.workerHeapPeakMiB).toString() : '-',
      c ? Math.round(c.peaks.rendererRssPeakMiB).toString() : '-',
    ];
  });
  process.stdout.write(`\nImport\n${table(importHead, importRows)}\nCustomer analysis (default analysis date, months)\n${table(analysisHead, analysisRows)}`);
  for (const r of results) {
    if ('skipped' in r.node && r.node.skipped !== '--skip-node') process.stdout.write(`${r.label}, Node path skipped: ${r.node.skipped}\n`);
    if ('skipped' in r.chromium) process.stdout.write(`${r.label}, Chromium path skipped: ${r.chromium.skipped}\n`);
    else if ('skipped' in r.chromium.analysis) process.stdout.write(`${r.label}, Chromium analysis skipped: ${r.chromium.analysis.skipped}\n`);
    else if ('rows' in r.node) {
      // The site and the Node path run the same SQL and scoring on the same file: their counts must agree.
      const node = r.node.analysis.trendCounts as Record<string, number>;
      const site = r.chromium.analysis.trendCounts;
      const differ = Object.keys({ ...node, ...site }).filter((label) => node[label] !== site[label]);
      if (differ.length > 0) process.stdout.write(`${r.label}: the overview's trend counts differ from the Node path's (${differ.map((l) => `${l} ${site[l]} vs ${node[l]}`).join(', ')})\n`);
    }
  }
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
