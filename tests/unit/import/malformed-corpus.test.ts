// Every file of the malformed corpus goes through what the import wizard does — detect, checkMapping,
// parse — and must come out loaded or refused with a typed, located issue, never with an exception.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MALFORMED_CASES } from '../../fixtures/malformed/cases';
import { mulberry32 } from '../../fixtures/seeded-random';
import {
  checkMapping,
  detect,
  HEAD_SAMPLE_BYTES,
  parseBytes,
  parseChunks,
  type Detection,
  type ImportIssue,
  type ParseResult,
  type SalesRow,
} from '../../../src/import/index';

const read = (file: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/malformed/${file}`, import.meta.url))));

interface Outcome {
  detection: Detection;
  fatal: ImportIssue | null;
  result: ParseResult | null;
  rows: SalesRow[];
}

function importLikeTheWizard(bytes: Uint8Array, file: string): Outcome {
  const detection = detect(bytes.subarray(0, HEAD_SAMPLE_BYTES), file, {}, bytes.length <= HEAD_SAMPLE_BYTES);
  if (detection.fatal) return { detection, fatal: detection.fatal, result: null, rows: [] };
  const missing = checkMapping(detection.mapping, file);
  if (missing) return { detection, fatal: missing, result: null, rows: [] };
  const rows: SalesRow[] = [];
  const result = parseBytes(bytes, { fileName: file, settings: detection.settings, mapping: detection.mapping, onRows: (b) => rows.push(...b) });
  return { detection, fatal: result.fatal, result, rows };
}

describe('malformed corpus', () => {
  it('has at least 32 cases, one per generated file', () => {
    expect(MALFORMED_CASES.length).toBeGreaterThanOrEqual(32);
    expect(new Set(MALFORMED_CASES.map((c) => c.file)).size).toBe(MALFORMED_CASES.length);
  });

  for (const c of MALFORMED_CASES) {
    it(`${c.file} → ${c.expect}`, () => {
      const bytes = read(c.file);
      let outcome: Outcome | undefined;
      expect(() => (outcome = importLikeTheWizard(bytes, c.file))).not.toThrow();
      const { detection, fatal, result, rows } = outcome!;

      if (c.expect === 'loaded') {
        expect(fatal).toBeNull();
        expect(result!.rejected.map((r) => ({ code: r.code, line: r.line, column: r.column }))).toEqual(c.rejected ?? []);
        expect(result!.rejectedCount).toBe(result!.rejected.length);
        if (c.rows !== undefined) expect(result!.rowCount).toBe(c.rows);
        expect(rows.length).toBe(result!.rowCount);
        for (const row of rows) expect(row.source_file).toBe(c.file);
      } else {
        expect(fatal).toMatchObject({ code: c.expect, file: c.file });
        if (c.line !== undefined) expect(fatal!.line).toBe(c.line);
      }
      if (c.settings) expect(detection.settings).toMatchObject(c.settings);
      expect(detection.questions.map((q) => q.code)).toEqual(c.question ? [c.question] : []);
      if (c.notices) expect((detection.notices ?? []).map((n) => n.code)).toEqual(expect.arrayContaining(c.notices));
    });
  }

  it('gives the same outcome when each file is parsed in 3-byte chunks', async () => {
    for (const c of MALFORMED_CASES) {
      const bytes = read(c.file);
      const { detection, result } = importLikeTheWizard(bytes, c.file);
      if (!result) continue;
      const chunks = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) => bytes.subarray(3 * i, 3 * i + 3));
      const cut = await parseChunks(chunks, bytes.length, { fileName: c.file, settings: detection.settings, mapping: detection.mapping });
      expect(cut, c.file).toEqual(result);
    }
  });

  it('reads the values behind the odd formats right', () => {
    const rowsOf = (file: string) => importLikeTheWizard(read(file), file).rows;

    const negatives = rowsOf('parenthesized-negatives.csv').filter((r) => r.amount < 0);
    expect(negatives.map((r) => r.amount)).toEqual([-123.45, -7]);
    expect(rowsOf('parenthesized-negatives.csv')[0]!.customer_id).toBe('Devolução');

    for (const r of rowsOf('quantity-unit-price.csv')) {
      expect(r.amount).toBeCloseTo(r.quantity! * r.unit_price!, 9);
      expect(Number.isInteger(r.quantity)).toBe(true);
    }

    const thousands = rowsOf('semicolon-decimal-comma-thousands-dot.csv');
    expect(thousands.filter((r) => r.amount >= 1000).length).toBe(4);
    expect(thousands[0]!.order_date.slice(8)).toBe('25');

    for (const r of rowsOf('excel-serial-dates.csv')) expect(r.order_date >= '2023-01-01' && r.order_date <= '2023-12-31').toBe(true);

    const accents = rowsOf('windows-1252-accents.csv');
    expect(accents[3]!.product).toBe('Café – edição “especial”');
    expect(accents[7]!.product).toBe('Pão d’água € promoção');

    const multiLine = rowsOf('newline-in-quotes.csv');
    expect(multiLine.map((r) => r.source_line)).toEqual([2, 3, 5, 6, 9, 11, 12, 13]);
    expect(multiLine[1]!.product).toBe('Cesta de Natal\nvinho + queijo');

    expect(rowsOf('mixed-encodings.csv').filter((r) => r.product!.includes('\uFFFD')).map((r) => r.source_line)).toEqual([4, 9]);
    expect(rowsOf('single-quote.csv')[2]!.product).toBe('Mesa, 4 cadeiras');
  });
});

describe('mutated exports', () => {
  /** Seeded: the same 300 mutants on every run. */
  const seeded = mulberry32;
  const NOISE = [0x22, 0x27, 0x2c, 0x3b, 0x09, 0x7c, 0x0d, 0x0a, 0x00, 0xe9, 0xc3, 0x96, 0xef, 0xbb, 0xbf, 0x20];

  it('never throws: each mutant is loaded or refused with a typed issue, the same in chunks', async () => {
    const random = seeded(7);
    const bases = ['title-lines.csv', 'newline-in-quotes.csv', 'windows-1252-accents.csv', 'utf16le-bom.csv', 'single-quote.csv'].map(read);
    for (let n = 0; n < 300; n++) {
      const base = bases[n % bases.length]!;
      const bytes = Array.from(base);
      const edits = 1 + Math.floor(random() * 8);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (bytes.length + 1));
        const kind = random();
        if (kind < 0.4) bytes.splice(at, 0, NOISE[Math.floor(random() * NOISE.length)]!);
        else if (kind < 0.7) bytes.splice(at, 1 + Math.floor(random() * 20));
        else bytes[at] = Math.floor(random() * 256);
      }
      const mutant = Uint8Array.from(bytes.filter((b) => b !== undefined));
      let outcome: Outcome | undefined;
      expect(() => (outcome = importLikeTheWizard(mutant, `mutant-${n}.csv`)), `mutant ${n}`).not.toThrow();
      const { fatal, result, detection } = outcome!;
      if (fatal) expect(fatal, `mutant ${n}`).toMatchObject({ code: expect.stringMatching(/^IMPORT_/), file: `mutant-${n}.csv` });
      for (const issue of result?.rejected ?? []) expect(issue.line, `mutant ${n}`).toBeGreaterThan(0);
      if (result && n % 10 === 0) {
        const chunks = Array.from({ length: Math.ceil(mutant.length / 5) }, (_, i) => mutant.subarray(5 * i, 5 * i + 5));
        const cut = await parseChunks(chunks, mutant.length, { fileName: `mutant-${n}.csv`, settings: detection.settings, mapping: detection.mapping });
        expect(cut, `mutant ${n}`).toEqual(result);
      }
    }
  });
});
