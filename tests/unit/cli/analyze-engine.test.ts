// `ciclo analyze --engine`: native DuckDB and the WebAssembly build write the same files, byte for byte, and
// say the same things, apart from the one line naming the engine. The native half skips, saying why, when the
// optional @duckdb/node-api package is absent; then `--engine native` must fail cleanly instead.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { nativeEngineProblem } from '../../../src/engine/native.ts';

const CDNOW = 'tests/fixtures/cdnow/cdnow_sample.csv';
const TABLES = ['customers.csv', 'actions.csv', 'rules.csv', 'cohorts.csv'];

const problem = await nativeEngineProblem();
const scratch = mkdtempSync(join(tmpdir(), 'ciclo-engine-'));

async function ciclo(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** Every number in a JSON document, with its path, in document order. */
function numbersOf(value: unknown, path = '$', out: [string, number][] = []): [string, number][] {
  if (typeof value === 'number') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((item, i) => numbersOf(item, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) numbersOf(item, `${path}.${key}`, out);
  return out;
}

/** The JSON document with its numbers taken out, to compare everything else exactly. */
function withoutNumbers(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, item: unknown) => (typeof item === 'number' ? 0 : item)));
}

describe.skipIf(problem !== null)('ciclo analyze on native DuckDB and on the WebAssembly build', () => {
  const runs: Record<'native' | 'wasm', { code: number; stderr: string; out: string }> = {} as never;

  beforeAll(async () => {
    for (const engine of ['native', 'wasm'] as const) {
      const out = join(scratch, `cdnow-${engine}`);
      const { code, stderr } = await ciclo('analyze', CDNOW, '--out', out, '--engine', engine);
      runs[engine] = { code, stderr, out };
    }
  }, 120_000);

  it('names the engine it ran on in one line of stderr', () => {
    expect(runs.native.code).toBe(0);
    expect(runs.wasm.code).toBe(0);
    expect(runs.native.stderr.split('\n').filter((line) => line.startsWith('ciclo: engine '))).toEqual([
      expect.stringMatching(/^ciclo: engine native DuckDB v\d+\.\d+\.\d+ \(@duckdb\/node-api\)\.$/),
    ]);
    expect(runs.wasm.stderr.split('\n').filter((line) => line.startsWith('ciclo: engine '))).toEqual([
      expect.stringMatching(/^ciclo: engine DuckDB-WASM v\d+\.\d+\.\d+ \(--engine wasm\)\.$/),
    ]);
  });

  it.each(TABLES)('writes the same %s byte for byte', (name) => {
    const native = readFileSync(join(runs.native.out, name));
    const wasm = readFileSync(join(runs.wasm.out, name));
    expect(native.byteLength).toBeGreaterThan(0);
    expect(native.equals(wasm)).toBe(true);
  });

  it('writes model.json with the same fields and numbers equal to 1e-9', () => {
    const native: unknown = JSON.parse(readFileSync(join(runs.native.out, 'model.json'), 'utf8'));
    const wasm: unknown = JSON.parse(readFileSync(join(runs.wasm.out, 'model.json'), 'utf8'));
    expect(withoutNumbers(native)).toEqual(withoutNumbers(wasm));
    const nativeNumbers = numbersOf(native);
    const wasmNumbers = numbersOf(wasm);
    expect(nativeNumbers.map(([path]) => path)).toEqual(wasmNumbers.map(([path]) => path));
    // CDNOW gives the fitted models: at least BG/NBD's r, α, a, b and Gamma-Gamma's p, q, γ are compared.
    expect(nativeNumbers.length).toBeGreaterThan(10);
    nativeNumbers.forEach(([path, x], i) => {
      const y = wasmNumbers[i]![1];
      expect(Math.abs(x - y), path).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)));
    });
  });

  it('prints the same summary apart from the engine line', () => {
    const summary = ({ stderr, out }: { stderr: string; out: string }) =>
      stderr
        .split('\n')
        .filter((line) => !line.startsWith('ciclo: engine '))
        .join('\n')
        .replaceAll(out, 'OUT');
    expect(summary(runs.native)).toBe(summary(runs.wasm));
  });

  it('rejects the same lines, with the same messages and exit statuses, on both engines', async () => {
    const file = join(scratch, 'some-bad-lines.csv');
    writeFileSync(
      file,
      'customer_id,order_date,amount\nA,2024-01-05,10.50\nB,not a date,3\nA,2024-02-05,12\n,2024-02-06,4\nC,2024-03-01,7\n',
    );
    const missing = join(scratch, 'no-such-file.csv');
    for (const argv of [[file], [missing]]) {
      const [native, wasm] = [
        await ciclo('analyze', ...argv, '--out', join(scratch, 'bad-native'), '--engine', 'native'),
        await ciclo('analyze', ...argv, '--out', join(scratch, 'bad-wasm'), '--engine', 'wasm'),
      ];
      expect(native.code).toBe(wasm.code);
      const lines = (run: { stderr: string }) => run.stderr.replaceAll(/bad-(native|wasm)/g, 'bad').split('\n').filter((l) => !l.startsWith('ciclo: engine '));
      expect(lines(native)).toEqual(lines(wasm));
    }
    const { stderr } = await ciclo('analyze', file, '--out', join(scratch, 'bad-native'), '--engine', 'native');
    expect(stderr).toMatch(/^ciclo: read 3 lines from .*some-bad-lines\.csv \(2 rejected; `ciclo inspect` lists them\)\.$/m);
    const gone = await ciclo('analyze', missing, '--out', join(scratch, 'bad-native'), '--engine', 'native');
    expect(gone.code).toBe(1);
    expect(gone.stderr.split('\n')).toEqual([expect.stringMatching(/^ciclo: CLI_FILE_NOT_FOUND /), '']);
  });

  it('takes native DuckDB by default when it is installed', async () => {
    const { code, stderr } = await ciclo('analyze', CDNOW, '--out', join(scratch, 'cdnow-auto'), '--as-of', '1997-06-30');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^ciclo: engine native DuckDB /m);
  });
});

describe('ciclo analyze --engine', () => {
  it('exits 2 with the usage for an engine it does not know', async () => {
    const { code, stderr } = await ciclo('analyze', CDNOW, '--out', join(scratch, 'unknown'), '--engine', 'sqlite');
    expect(code).toBe(2);
    expect(stderr).toContain('--engine must be one of auto, native, wasm, got "sqlite"');
    expect(stderr).toContain('Usage: ciclo analyze');
  });

  it.runIf(problem !== null)(`exits 1 with one line when native DuckDB is asked for but absent (${problem})`, async () => {
    const { code, stderr } = await ciclo('analyze', CDNOW, '--out', join(scratch, 'absent'), '--engine', 'native');
    expect(code).toBe(1);
    expect(stderr.split('\n')).toEqual([expect.stringMatching(/^ciclo: CLI_ENGINE_UNAVAILABLE .*@duckdb\/node-api/), '']);
  });
});
