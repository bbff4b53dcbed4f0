import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  detect,
  parseBytes,
  parseChunks,
  type CsvSettings,
  type Mapping,
  type ParseOptions,
  type ParseResult,
  type SalesRow,
} from '../../../src/import/index';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/import/${name}`, import.meta.url))));
const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const bytes: number[] = endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (endian === 'le') bytes.push(unit & 0xff, unit >> 8);
    else bytes.push(unit >> 8, unit & 0xff);
  }
  return Uint8Array.from(bytes);
}

const SETTINGS: CsvSettings = {
  encoding: 'utf-8',
  hasBom: false,
  delimiter: ',',
  quote: '"',
  headerLine: 1,
  decimal: '.',
  thousands: ',',
  dateOrder: 'ymd',
};
const MAPPING: Mapping = { customer_id: 0, order_date: 1, amount: 2 };

interface Imported {
  result: ParseResult;
  rows: SalesRow[];
  batches: number[];
}

function importBytes(bytes: Uint8Array, options: Partial<ParseOptions> = {}): Imported {
  const rows: SalesRow[] = [];
  const batches: number[] = [];
  const result = parseBytes(bytes, {
    fileName: 'vendas.csv',
    settings: SETTINGS,
    mapping: MAPPING,
    ...options,
    onRows: (batch) => {
      batches.push(batch.length);
      rows.push(...batch);
    },
  });
  return { result, rows, batches };
}

async function importInChunks(bytes: Uint8Array, cut: (offset: number) => number, options: Partial<ParseOptions> = {}): Promise<Imported> {
  const rows: SalesRow[] = [];
  const batches: number[] = [];
  async function* chunks() {
    for (let offset = 0; offset < bytes.length; ) {
      const end = Math.min(bytes.length, offset + cut(offset));
      yield bytes.slice(offset, end);
      offset = end;
    }
  }
  const result = await parseChunks(chunks(), bytes.length, {
    fileName: 'vendas.csv',
    settings: SETTINGS,
    mapping: MAPPING,
    ...options,
    onRows: (batch) => {
      batches.push(batch.length);
      rows.push(...batch);
    },
  });
  return { result, rows, batches };
}

/** Every trap a chunk boundary can fall into: multi-byte characters, quoted line breaks, CR|LF, "" escapes. */
const TRAPS =
  'cliente,data,valor,produto\r\n' +
  'Conceição,2024-01-05,10.50,"café ☕ ""forte""\r\ncom leite"\r\n' +
  'Zoë 😀,2024-01-06,7,"linha\rCR"\n' +
  '"Ana, filha",2024-01-07,3.25,plain\r' +
  '\r\n' +
  'Bruno,2024-01-08,não,x\r\n' +
  'Bruno,2024-01-09,,x\r\n' +
  ',2024-01-10,1,x\r\n' +
  'Carla,2024-02-30,1,x\r\n' +
  'Carla,2024-01-11,1\r\n' +
  'Carla,2024-01-12,1,x,extra\r\n' +
  'Dora,2024-01-13,1,x,,\r\n' +
  ',,,\r\n' +
  '€uro,2024-01-14,"1,234.5","€\r\n\r\n€"\r\n' +
  'Eva,2024-01-15,2,última';

const TRAPS_MAPPING: Mapping = { customer_id: 0, order_date: 1, amount: 2, product: 3 };

describe('parseBytes', () => {
  it('reads rows and locates each rejected line, whatever the line endings', () => {
    const { result, rows } = importBytes(utf8(TRAPS), { mapping: TRAPS_MAPPING });
    expect(rows.map((r) => [r.source_line, r.customer_id, r.order_date, r.amount, r.product])).toEqual([
      [2, 'Conceição', '2024-01-05', 10.5, 'café ☕ "forte"\ncom leite'],
      [4, 'Zoë 😀', '2024-01-06', 7, 'linha\nCR'],
      [6, 'Ana, filha', '2024-01-07', 3.25, 'plain'],
      [14, 'Dora', '2024-01-13', 1, 'x'],
      [16, '€uro', '2024-01-14', 1234.5, '€\n\n€'],
      [19, 'Eva', '2024-01-15', 2, 'última'],
    ]);
    expect(result.rejected.map((r) => [r.code, r.line, r.column ?? null])).toEqual([
      ['IMPORT_BAD_NUMBER', 8, 'valor'],
      ['IMPORT_MISSING_VALUE', 9, 'valor'],
      ['IMPORT_MISSING_VALUE', 10, 'cliente'],
      ['IMPORT_BAD_DATE', 11, 'data'],
      ['IMPORT_RAGGED_ROW', 12, null],
      ['IMPORT_RAGGED_ROW', 13, null],
    ]);
    expect(result).toMatchObject({ fileName: 'vendas.csv', rowCount: 6, rejectedCount: 6, fatal: null });
  });

  it('says what was expected and what came, cut to 200 characters', () => {
    const { result } = importBytes(utf8(`cliente;data;valor\nA;05/03/2024;1.234,5x\nB;31/02/2024;1\nC;01/01/2024;${'9'.repeat(300)}x\n`), {
      settings: { ...SETTINGS, delimiter: ';', decimal: ',', thousands: '.', dateOrder: 'dmy' },
    });
    expect(result.rejected[0]).toEqual({
      code: 'IMPORT_BAD_NUMBER',
      file: 'vendas.csv',
      line: 2,
      column: 'valor',
      value: '1.234,5x',
      expected: 'number 1.234,56',
      params: { role: 'amount' },
    });
    expect(result.rejected[1]).toMatchObject({ code: 'IMPORT_BAD_DATE', line: 3, value: '31/02/2024', expected: 'date dd/mm/yyyy' });
    expect(result.rejected[2]!.value).toHaveLength(200);
  });

  it('reports the expected and found widths of a ragged row', () => {
    const { result } = importBytes(utf8('a,b,c\nx,2024-01-01\n'));
    expect(result.rejected[0]).toMatchObject({ code: 'IMPORT_RAGGED_ROW', line: 2, expected: '3 fields', params: { expected: 3, found: 2 } });
  });

  it('computes the amount as quantity × unit price when there is no amount column', () => {
    const { rows } = importBytes(utf8('c,d,q,p\nA,2024-01-01,3,19.99\nB,2024-01-02,0.5,3\n'), {
      mapping: { customer_id: 0, order_date: 1, quantity: 2, unit_price: 3 },
    });
    expect(rows.map((r) => [r.amount, r.quantity, r.unit_price])).toEqual([
      [59.97, 3, 19.99],
      [1.5, 0.5, 3],
    ]);
  });

  it('reads a mapped cost column as a number, in the file\'s own decimal style', () => {
    const { rows } = importBytes(utf8('c;d;v;custo\nA;01/02/2024;10,50;6,25\nB;02/02/2024;3;\n'), {
      settings: { ...SETTINGS, delimiter: ';', decimal: ',', thousands: '', dateOrder: 'dmy' },
      mapping: { customer_id: 0, order_date: 1, amount: 2, cost: 3 },
    });
    expect(rows.map((r) => [r.customer_id, r.amount, r.cost])).toEqual([
      ['A', 10.5, 6.25],
      ['B', 3, null],
    ]);
  });

  it('turns blank text cells into null and trims the rest', () => {
    const { rows } = importBytes(utf8('c,d,v,p,cat\n  A  ,2024-01-01, 5 ,  ,  Food \n'), {
      mapping: { customer_id: 0, order_date: 1, amount: 2, product: 3, category: 4 },
    });
    expect(rows[0]).toEqual({
      customer_id: 'A',
      order_date: '2024-01-01',
      amount: 5,
      quantity: null,
      unit_price: null,
      cost: null,
      order_id: null,
      product: null,
      category: 'Food',
      channel: null,
      salesperson: null,
      customer_name: null,
      region: null,
      source_file: 'vendas.csv',
      source_line: 2,
    });
  });

  it('refuses a cell over 10,000 characters', () => {
    const { result } = importBytes(utf8(`c,d,v\nA,2024-01-01,1\n"${'x'.repeat(10_001)}",2024-01-01,1\n`));
    expect(result.rejected).toEqual([
      expect.objectContaining({ code: 'IMPORT_FIELD_TOO_LONG', line: 3, column: 'c', params: { length: 10_001, limit: 10_000 } }),
    ]);
  });

  it('hands good rows over in batches, in file order', () => {
    const text = 'c,d,v\n' + Array.from({ length: 2500 }, (_, i) => `C${i % 7},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i}\n`).join('');
    const { rows, batches } = importBytes(utf8(text), { batchSize: 1000 });
    expect(batches).toEqual([1000, 1000, 500]);
    expect(rows.map((r) => r.source_line)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 2));
  });

  it('counts every rejected row but lists only as many as asked', () => {
    const text = 'c,d,v\n' + 'A,2024-01-01,1\n'.repeat(30) + 'A,bad,1\n'.repeat(10);
    const { result } = importBytes(utf8(text), { maxRejectedListed: 3 });
    expect(result.rejectedCount).toBe(10);
    expect(result.rejected.map((r) => r.line)).toEqual([32, 33, 34]);
  });

  it('tells the progress in bytes and ends at the total', () => {
    const bytes = utf8('c,d,v\nA,2024-01-01,1\n');
    const progress: Array<[number, number]> = [];
    parseBytes(bytes, { fileName: 'f.csv', settings: SETTINGS, mapping: MAPPING, onProgress: (read, total) => progress.push([read, total]) });
    expect(progress.at(-1)).toEqual([bytes.length, bytes.length]);
  });

  it('checks its options', () => {
    expect(() => importBytes(utf8('c,d,v\n'), { batchSize: 0 })).toThrow('batchSize must be an integer ≥ 1, got 0');
    expect(() => importBytes(utf8('c,d,v\n'), { dateWindow: { from: '2020-01-01', to: '2019-01-01' } })).toThrow(RangeError);
  });
});

describe('parseBytes: implausible dates', () => {
  const rowsFor = (dates: string[]) => 'c,d,v\n' + dates.map((d, i) => `C${i},${d},1\n`).join('');

  it('rejects a date more than 10 years away from the others (a typed 2002 in a 2022 file)', () => {
    const dates = Array.from({ length: 50 }, (_, i) => `2022-0${(i % 6) + 1}-15`);
    dates[20] = '2002-03-16';
    dates[30] = '2202-01-01';
    const { result } = importBytes(utf8(rowsFor(dates)));
    expect(result.rejected.map((r) => [r.code, r.line, r.value])).toEqual([
      ['IMPORT_IMPLAUSIBLE_DATE', 22, '2002-03-16'],
      ['IMPORT_IMPLAUSIBLE_DATE', 32, '2202-01-01'],
    ]);
  });

  it('keeps a long date-sorted history', () => {
    const dates = Array.from({ length: 30 * 12 }, (_, i) => `${1995 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`);
    expect(importBytes(utf8(rowsFor(dates))).result).toMatchObject({ rowCount: 360, rejectedCount: 0 });
  });

  it('follows a history longer than the first 10,000 rows, and still catches a typo after them', () => {
    const day = (i: number) => new Date(Date.UTC(1990, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const dates = Array.from({ length: 15_000 }, (_, i) => day(i));
    dates[12_000] = '1950-01-01';
    const { result } = importBytes(utf8(rowsFor(dates)));
    expect(result.rejected.map((r) => [r.code, r.line])).toEqual([['IMPORT_IMPLAUSIBLE_DATE', 12_002]]);
    expect(result.rowCount).toBe(14_999);
  });

  it('rejects dates outside the allowed window', () => {
    const { result } = importBytes(utf8(rowsFor(['2024-01-01', '1899-12-31', '2024-01-02'])), { maxDateGapYears: Infinity });
    expect(result.rejected).toEqual([
      expect.objectContaining({ code: 'IMPORT_IMPLAUSIBLE_DATE', line: 3, params: { role: 'order_date', from: '1900-01-01', to: '2100-12-31' } }),
    ]);
    const narrow = importBytes(utf8(rowsFor(['2024-01-01', '2023-12-31'])), { dateWindow: { from: '2024-01-01', to: '2024-12-31' } });
    expect(narrow.result.rejected.map((r) => r.line)).toEqual([3]);
  });

  it('can be told not to judge the gap', () => {
    expect(importBytes(utf8(rowsFor(['2022-01-01', '2022-01-02', '2002-01-01'])), { maxDateGapYears: Infinity }).result.rejectedCount).toBe(0);
  });
});

describe('parseBytes: whole-file problems', () => {
  it('stops at a quote that never closes, with the line where it opened', () => {
    const { result } = importBytes(utf8('c,d,v\nA,2024-01-01,1\nB,"2024-01-02,1\nC,2024-01-03,1\n'));
    expect(result.fatal).toEqual({ code: 'IMPORT_UNTERMINATED_QUOTE', file: 'vendas.csv', line: 3, params: { quote: '"' } });
  });

  it('refuses an empty file and a header without rows', () => {
    expect(importBytes(new Uint8Array(0)).result.fatal).toMatchObject({ code: 'IMPORT_EMPTY_FILE' });
    expect(importBytes(utf8('\r\n  \r\n')).result.fatal).toMatchObject({ code: 'IMPORT_EMPTY_FILE' });
    expect(importBytes(utf8('c,d,v\r\n\r\n')).result.fatal).toEqual({ code: 'IMPORT_NO_DATA_ROWS', file: 'vendas.csv', line: 1 });
  });

  it('refuses when most rows are rejected, naming the column that failed most', () => {
    const text = 'cliente;data;valor\n' + 'A;05/03/2024;10,5\n'.repeat(5) + 'A;05/03/2024;10,5\n'.repeat(15);
    const { result } = importBytes(utf8(text), { settings: { ...SETTINGS, delimiter: ';' } });
    expect(result.fatal).toEqual({
      code: 'IMPORT_TOO_MANY_REJECTED',
      file: 'vendas.csv',
      column: 'data',
      params: { rejected: 20, records: 20, mostCommonCode: 'IMPORT_BAD_DATE', mostCommonCount: 20, column: 'data' },
    });
  });

  it('does not call 10 bad rows out of 19 too many (fewer than 20 records)', () => {
    const text = 'c,d,v\n' + 'A,2024-01-01,1\n'.repeat(9) + 'A,2024-01-01,x\n'.repeat(10);
    expect(importBytes(utf8(text)).result).toMatchObject({ fatal: null, rejectedCount: 10 });
  });

  it('refuses an incomplete mapping before reading, and a mapping wider than the header', () => {
    expect(importBytes(utf8('c,d,v\nA,2024-01-01,1\n'), { mapping: { customer_id: 0 } }).result.fatal).toEqual({
      code: 'IMPORT_MISSING_ROLE',
      file: 'vendas.csv',
      params: { roles: 'order_date,amount', role: 'order_date' },
    });
    expect(importBytes(utf8('c,d\nA,2024-01-01\n')).result.fatal).toMatchObject({ code: 'IMPORT_MISSING_ROLE', line: 1, params: { roles: 'amount' } });
  });

  it('refuses a spreadsheet saved under a .csv name', () => {
    const xlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...utf8('[Content_Types].xml')]);
    expect(importBytes(xlsx).result.fatal).toMatchObject({ code: 'IMPORT_SPREADSHEET_FILE', params: { format: 'xlsx' } });
  });

  it('hands no rows over when the file is refused at the end', () => {
    const { rows, result } = importBytes(utf8('c,d,v\n' + 'A,2024-01-01,1\n'.repeat(10) + 'A,bad,1\n'.repeat(20)));
    expect(result.fatal?.code).toBe('IMPORT_TOO_MANY_REJECTED');
    expect(rows).toEqual([]);
  });
});

describe('parseChunks gives the same result as parseBytes however the bytes are cut', () => {
  const ceaps = fixture('despesa_ceaps_2022.csv');
  const ceapsDetection = detect(ceaps.subarray(0, 1 << 20), 'despesa_ceaps_2022.csv', {}, false);
  const cdnow = fixture('cdnow_sample_head300.csv');
  const withNuls = utf8(TRAPS);
  for (let i = 40; i < withNuls.length; i += 97) withNuls[i] = 0;

  const files: Array<[name: string, bytes: Uint8Array, options: Partial<ParseOptions>]> = [
    ['the CEAPS file (windows-1252, CRLF)', ceaps, { settings: ceapsDetection.settings, mapping: { ...ceapsDetection.mapping, product: 8 } }],
    ['the CDNOW sample', cdnow, { mapping: { customer_id: 0, order_date: 1, quantity: 2, amount: 3 } }],
    ['UTF-8 with every trap', utf8('\uFEFF' + TRAPS), { mapping: TRAPS_MAPPING }],
    ['UTF-8 with NUL bytes', withNuls, { mapping: TRAPS_MAPPING }],
    ['UTF-16 LE', utf16(TRAPS, 'le'), { mapping: TRAPS_MAPPING, settings: { ...SETTINGS, encoding: 'utf-16le', hasBom: true } }],
    ['UTF-16 BE', utf16(TRAPS, 'be'), { mapping: TRAPS_MAPPING, settings: { ...SETTINGS, encoding: 'utf-16be', hasBom: true } }],
    ['invalid UTF-8 bytes', Uint8Array.from([...utf8('c,d,v\nA\xe9,2024-01-01,1\n'), 0xe9, 0xc3, 0x2c, ...utf8('2024-01-02,2\n')]), {}],
    ['an unterminated quote', utf8('c,d,v\nA,2024-01-01,1\n"B,2024-01-02,1\nC,2024-01-03,1\n'), {}],
    ['a preamble with a sep= line', utf8('Vendas\r\nsep=,\r\nc,d,v\r\nA,2024-01-01,1\r\n'), { settings: { ...SETTINGS, headerLine: 3 } }],
  ];

  for (const [name, bytes, options] of files) {
    it(`for ${name}`, async () => {
      const whole = importBytes(bytes, { ...options, batchSize: 100 });
      expect(whole.result.rowCount + whole.result.rejectedCount + (whole.result.fatal ? 1 : 0)).toBeGreaterThan(0);
      for (const size of [1, 7, 64, 4096]) {
        if (size === 1 && bytes.length > 200_000) continue; // one-byte cuts of the 1.8 MB file: covered by 7
        const cut = await importInChunks(bytes, () => size, { ...options, batchSize: 100 });
        expect(cut, `${size}-byte chunks`).toEqual(whole);
      }
    });
  }

  it('for the trap file cut in two at every byte (inside characters, quotes and CR|LF pairs)', async () => {
    const bytes = utf8(TRAPS);
    const whole = importBytes(bytes, { mapping: TRAPS_MAPPING });
    for (let at = 1; at < bytes.length; at++) {
      const cut = await importInChunks(bytes, (offset) => (offset === 0 ? at : bytes.length), { mapping: TRAPS_MAPPING });
      expect(cut, `cut at byte ${at}`).toEqual(whole);
    }
  });

  it('for the CEAPS file cut into one-byte chunks up to its first 3,000 lines', async () => {
    let end = 0;
    for (let lines = 0; lines < 3000; end++) if (ceaps[end] === 0x0a) lines++;
    const head = ceaps.subarray(0, end);
    const options = { settings: ceapsDetection.settings, mapping: ceapsDetection.mapping };
    expect(await importInChunks(head, () => 1, options)).toEqual(importBytes(head, options));
  });

  it('reads a plain iterable of chunks too', async () => {
    const bytes = utf8(TRAPS);
    const result = await parseChunks([bytes.subarray(0, 10), bytes.subarray(10)], bytes.length, {
      fileName: 'vendas.csv',
      settings: SETTINGS,
      mapping: TRAPS_MAPPING,
    });
    expect(result).toEqual(importBytes(bytes, { mapping: TRAPS_MAPPING }).result);
  });
});
