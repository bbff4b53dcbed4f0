// The engine import (DuckDB's reader) against the careful import (import/parse.ts) on the same files: every
// file it takes gives exactly the rows the careful import gives, line numbers included, and every file it
// leaves leaves nothing behind. Real DuckDB, real files: the malformed corpus, the real exports, and seeded
// generated sales files, plus edge cases written here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { createNativeEngine, nativeEngineProblem } from '../../../src/engine/native.ts';
import { detect, parseBytes, parseDate } from '../../../src/import/index.ts';
import { scanLayout } from '../../../src/import/layout.ts';
import { HEAD_SAMPLE_BYTES, TAIL_SAMPLE_BYTES, type DateOrder, type Mapping, type SalesRow } from '../../../src/import/types.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { importWithEngine, type EngineImportOutcome } from '../../../src/pipeline/engine-import.ts';
import { dateValue } from '../../../src/sql/import-read.ts';
import { planSalesHistory, salesCsv } from '../../fixtures/sales-generator.ts';

const fixtures = join(import.meta.dirname, '../../fixtures');

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await createDataset(engine);
});
afterAll(async () => {
  await engine.close();
});

let nextTag = 0;

interface Comparison {
  outcome: EngineImportOutcome;
  careful: { rowCount: number; rejectedCount: number; fatal: unknown };
  /** Rows the engine import stored, and the careful import's rows, both without source_file, by line. */
  quick: unknown[];
  expected: unknown[];
}

/** Imports `bytes` both ways under two fresh tags, as `ciclo analyze` and the page would detect and map it. */
async function compare(
  bytes: Uint8Array,
  fileName: string,
  mappingChange: (mapping: Mapping) => Mapping = (m) => m,
  target: Engine = engine,
): Promise<Comparison> {
  const isWholeFile = bytes.length <= HEAD_SAMPLE_BYTES;
  const tail = isWholeFile ? undefined : bytes.subarray(Math.max(HEAD_SAMPLE_BYTES, bytes.length - TAIL_SAMPLE_BYTES));
  const detection = detect(bytes.subarray(0, HEAD_SAMPLE_BYTES), fileName, {}, isWholeFile, tail);
  const { settings } = detection;
  const mapping = mappingChange(detection.mapping);
  const quickTag = `quick-${++nextTag}`;
  const carefulTag = `careful-${nextTag}`;

  const outcome = await importWithEngine(target, {
    fileName,
    fileTag: quickTag,
    settings,
    mapping,
    layout: scanLayout(bytes, settings),
    register: (name) => target.registerBuffer(name, bytes),
    release: (name) => target.dropBuffer(name),
  });
  const rows: SalesRow[] = [];
  const careful = parseBytes(bytes, { fileName, settings, mapping, onRows: (batch) => rows.push(...batch) });
  if (!careful.fatal && rows.length > 0) await appendSalesRows(target, rows, carefulTag);
  const stored = (tag: string) =>
    target.query('SELECT * EXCLUDE (source_file) FROM sales WHERE source_file = $1 ORDER BY source_line', [tag]);
  return { outcome, careful, quick: await stored(quickTag), expected: await stored(carefulTag) };
}

function expectSameOrSkipped({ outcome, careful, quick, expected }: Comparison, label: string): void {
  if ('skipped' in outcome) {
    expect(quick, `${label}: skipped (${outcome.skipped}) but left rows`).toEqual([]);
    return;
  }
  expect(careful.fatal, `${label}: the engine import took a file the careful import refuses`).toBeNull();
  expect(careful.rejectedCount, `${label}: the engine import took a file with rejected lines`).toBe(0);
  expect(outcome.result.rowCount, label).toBe(careful.rowCount);
  expect(quick, label).toEqual(expected);
}

const encode = (text: string) => new TextEncoder().encode(text);
const header = 'Cliente;Data;Valor;Qtd;Produto\n';

/** A small export written here, with quantity and product mapped: taken with the same rows, or left as `skipped` says. */
async function expectCase(target: Engine, name: string, body: string, skipped: string | undefined): Promise<void> {
  let bytes = encode(header + body);
  // Latin-1's é among UTF-8 text: detection keeps UTF-8 (the careful import reads it as U+FFFD and says so).
  if (name === 'a byte that is not UTF-8') bytes = new Uint8Array([...encode(header + body.slice(0, -2)), 0xe9, 0x0a]);
  const comparison = await compare(bytes, `${name}.csv`, (mapping) => ({ ...mapping, quantity: 3, product: 4 }), target);
  expectSameOrSkipped(comparison, name);
  if (skipped) expect(comparison.outcome).toMatchObject({ skipped });
  else expect(comparison.outcome).toHaveProperty('result');
}

/** Small exports written here, and what the engine import must make of them. */
const CASES: Array<{ name: string; body: string; skipped?: string }> = [
  { name: 'plain values', body: 'C1;05/01/2024;1.234,50;2;Café\nC2;2024-01-06;-0,00;;\nC3;07/01/2024;12;1,5;"Pão; francês"\n' },
  { name: 'spaces around cells', body: ' C1 ;05/01/2024 ; 10,00 ;\u00A02\u00A0; Café \nC2;\t06/01/2024;5;;\u3000\n' },
  { name: 'a long number', body: 'C1;05/01/2024;12345678901234567,25;1;x\n' },
  { name: 'dates with dots and dashes', body: 'C1;05.01.2024;1;1;x\nC2;06-01-2024;1;1;x\n' },
  { name: 'a bad date', body: 'C1;31/04/2024;1;1;x\n', skipped: 'reader' },
  { name: 'a short date', body: 'C1;5/1/2024;1;1;x\n', skipped: 'values' },
  { name: 'money with a symbol', body: 'C1;05/01/2024;R$ 5,00;1;x\n', skipped: 'values' },
  { name: 'a blank customer', body: ';05/01/2024;5;1;x\n', skipped: 'values' },
  { name: 'a blank amount', body: 'C1;05/01/2024;;1;x\n', skipped: 'values' },
  { name: 'a blank line', body: 'C1;05/01/2024;5;1;x\n\nC2;05/01/2024;5;1;x\n', skipped: 'line-count' },
  { name: 'a cell over two lines', body: 'C1;05/01/2024;5;1;"x\ny"\n', skipped: 'line-count' },
  { name: 'a ragged row', body: 'C1;05/01/2024;5;1\n', skipped: 'reader' },
  { name: 'dates eleven years apart', body: 'C1;05/01/2013;5;1;x\nC2;06/01/2024;5;1;x\n', skipped: 'dates' },
  { name: 'a date before 1900', body: 'C1;05/01/1899;5;1;x\nC2;06/01/1899;5;1;x\n', skipped: 'dates' },
  { name: 'a byte that is not UTF-8', body: 'C1;05/01/2024;5;1;São João\nC2;05/01/2024;5;1;Ação\nC3;05/01/2024;5;1;Caf\u00E9\n', skipped: 'reader' },
];

describe('the engine import gives the careful import’s rows, or none', () => {
  it('on every file of the malformed corpus and the real exports', async () => {
    const files = [
      ...readdirSync(join(fixtures, 'malformed')).filter((f) => f.endsWith('.csv')).map((f) => join(fixtures, 'malformed', f)),
      ...readdirSync(join(fixtures, 'import')).filter((f) => f.endsWith('.csv')).map((f) => join(fixtures, 'import', f)),
      join(fixtures, 'cdnow', 'cdnow_sample.csv'),
    ];
    const taken: string[] = [];
    for (const file of files) {
      const comparison = await compare(new Uint8Array(readFileSync(file)), file.split('/').at(-1)!);
      expectSameOrSkipped(comparison, file);
      if ('result' in comparison.outcome) taken.push(file.split('/').at(-1)!);
    }
    // The clean ones are taken: the comparison above is not vacuous.
    expect(taken).toEqual(expect.arrayContaining(['cdnow_sample.csv', 'utf8-bom.csv', 'semicolon-decimal-comma-thousands-dot.csv', 'tab-delimited.csv']));
    // Ones with a problem the careful import reports are never taken.
    for (const file of ['missing-customer.csv', 'implausible-dates.csv', 'newline-in-quotes.csv', 'ragged-rows.csv', 'nul-bytes.csv', 'cr-only.csv']) {
      expect(taken).not.toContain(file);
    }
  });

  it('on seeded generated sales files, Brazilian and plain, with credit notes', async () => {
    for (const format of ['br', 'plain'] as const) {
      const history = planSalesHistory({ seed: 7 + format.length, lines: 6_000, returns: 40, badDates: 0, emptyCustomers: 0 });
      const comparison = await compare(encode(salesCsv(history, format).text), `generated-${format}.csv`);
      expect(comparison.outcome, format).toHaveProperty('result');
      expectSameOrSkipped(comparison, format);
      expect(comparison.quick).toHaveLength(history.facts.goodRows);
    }
  });

  it('leaves a generated file with a bad date or a blank customer to the careful import, whichever line it is on', async () => {
    for (const damage of [{ badDates: 1, emptyCustomers: 0 }, { badDates: 0, emptyCustomers: 1 }]) {
      const history = planSalesHistory({ seed: 11, lines: 3_000, ...damage });
      const comparison = await compare(encode(salesCsv(history, 'br').text), 'damaged.csv');
      // A day that is not in the calendar stops DuckDB's date reading; a blank customer stops the statement.
      expect(comparison.outcome).toMatchObject({ skipped: damage.badDates ? 'reader' : 'values' });
      expectSameOrSkipped(comparison, JSON.stringify(damage));
      expect(comparison.careful.rejectedCount).toBe(1);
    }
  });

  for (const { name, body, skipped } of CASES) {
    it(`${name}: ${skipped ? `left to the careful import (${skipped})` : 'taken, same rows'}`, async () => {
      await expectCase(engine, name, body, skipped);
    });
  }

  it('reads every calendar day from 1900 to 2100 as the careful import does, and refuses what is not a day', async () => {
    const formats: Array<{ order: DateOrder; strftime: string }> = [
      { order: 'dmy', strftime: '%d/%m/%Y' },
      { order: 'dmy', strftime: '%d.%m.%Y' },
      { order: 'dmy', strftime: '%Y-%m-%d' },
      { order: 'mdy', strftime: '%m/%d/%Y' },
      { order: 'mdy', strftime: '%m-%d-%Y' },
      { order: 'ymd', strftime: '%Y/%m/%d' },
      { order: 'ymd', strftime: '%Y-%m-%d' },
    ];
    for (const { order, strftime } of formats) {
      const rows = await engine.query<{ text: string; day: string }>(
        `SELECT text, (${dateValue('text', order)})::VARCHAR AS day
         FROM (SELECT strftime(d, '${strftime}') AS text FROM range(DATE '1900-01-01', DATE '2101-01-01', INTERVAL 1 DAY) AS t(d))`,
      );
      expect(rows).toHaveLength(73_414);
      const differing = rows.filter(({ text, day }) => parseDate(text, order) !== day);
      expect(differing, `${order} ${strftime}`).toEqual([]);
    }
    for (const [text, order] of [['31/04/2024', 'dmy'], ['29/02/2023', 'dmy'], ['00/01/2024', 'dmy'], ['13/01/2024', 'mdy'], ['2024-02-30', 'ymd']] as const) {
      expect(parseDate(text, order)).toBeNull();
      await expect(engine.query(`SELECT ${dateValue(`'${text}'`, order)} AS day`)).rejects.toThrow();
    }
  });
});

const nativeProblem = await nativeEngineProblem();

describe.skipIf(nativeProblem !== null)('with native DuckDB (ciclo analyze)', () => {
  let native: Engine;
  beforeAll(async () => {
    const started = await createNativeEngine();
    if (!started) throw new Error('native DuckDB did not start although it is installed');
    native = started;
    await createDataset(native);
  });
  afterAll(async () => {
    await native?.close();
  });

  it('gives the careful import’s rows on seeded generated files', async () => {
    for (const format of ['br', 'plain'] as const) {
      const history = planSalesHistory({ seed: 5, lines: 4_000, returns: 20, badDates: 0, emptyCustomers: 0 });
      const comparison = await compare(encode(salesCsv(history, format).text), `native-${format}.csv`, undefined, native);
      expect(comparison.outcome, format).toHaveProperty('result');
      expectSameOrSkipped(comparison, format);
    }
  });

  for (const { name, body, skipped } of CASES) {
    it(`${name}: as with the WebAssembly build`, async () => {
      await expectCase(native, name, body, skipped);
    });
  }
});
