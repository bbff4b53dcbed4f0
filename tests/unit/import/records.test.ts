import { describe, expect, it } from 'vitest';
import { createRecordReader, isBlankRecord, readRecords, type CsvRecord } from '../../../src/import/records';
import type { Delimiter, Quote } from '../../../src/import/types';

function readInPieces(text: string, sizes: number[], options: { delimiter: Delimiter; quote: Quote; skipLines?: number }) {
  const records: CsvRecord[] = [];
  const reader = createRecordReader({ ...options, onRecord: (cells, line) => records.push({ cells, line }) });
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length]!;
    reader.push(text.slice(at, at + size));
    at += size;
  }
  return { records, ...reader.end() };
}

const TRICKY =
  'id;note;amount\r\n' +
  '1;"two\r\nlines";10\r\n' +
  '2;"say ""hi"";ok";20\n' +
  '3;plain;30\r' +
  '\r\n' +
  '4;"three\nshort\rlines";40\r\n' +
  '5;"";50\r\n' +
  '6;"ends with quote""";60';

describe('readRecords', () => {
  it('numbers each record by the physical line it starts on, whatever the line endings', () => {
    const { records, unterminatedQuoteLine } = readRecords(TRICKY, { delimiter: ';', quote: '"' });
    expect(unterminatedQuoteLine).toBeNull();
    expect(records.filter((r) => !isBlankRecord(r.cells))).toEqual([
      { cells: ['id', 'note', 'amount'], line: 1 },
      { cells: ['1', 'two\nlines', '10'], line: 2 },
      { cells: ['2', 'say "hi";ok', '20'], line: 4 },
      { cells: ['3', 'plain', '30'], line: 5 },
      { cells: ['4', 'three\nshort\nlines', '40'], line: 7 },
      { cells: ['5', '', '50'], line: 10 },
      { cells: ['6', 'ends with quote"', '60'], line: 11 },
    ]);
  });

  it('gives the same records however the text is cut, down to one character at a time', () => {
    const whole = readRecords(TRICKY, { delimiter: ';', quote: '"' });
    for (const sizes of [[1], [2], [3], [5, 1, 7], [64]]) {
      expect(readInPieces(TRICKY, sizes, { delimiter: ';', quote: '"' })).toEqual(whole);
    }
  });

  it('skips preamble lines as plain lines, even with an odd quote in them', () => {
    const text = 'Report "Q1\r\nsep=;\r\na;b\r\n1;2\r\n';
    const { records } = readRecords(text, { delimiter: ';', quote: '"', skipLines: 2 });
    expect(records.filter((r) => !isBlankRecord(r.cells))).toEqual([
      { cells: ['a', 'b'], line: 3 },
      { cells: ['1', '2'], line: 4 },
    ]);
    for (const size of [1, 2, 3]) {
      expect(readInPieces(text, [size], { delimiter: ';', quote: '"', skipLines: 2 }).records).toEqual(records);
    }
  });

  it('reports the line where a quote opened and never closed', () => {
    const text = 'a,b\n1,2\n3,"open\n4,5\n6,7\n';
    expect(readRecords(text, { delimiter: ',', quote: '"' })).toMatchObject({
      unterminatedQuoteLine: 3,
      records: [
        { cells: ['a', 'b'], line: 1 },
        { cells: ['1', '2'], line: 2 },
      ],
    });
    for (const size of [1, 4]) expect(readInPieces(text, [size], { delimiter: ',', quote: '"' }).unterminatedQuoteLine).toBe(3);
  });

  it("reads cells quoted with '", () => {
    const { records } = readRecords("'a','b'\n'Silva, Ana','it''s'\n", { delimiter: ',', quote: "'" });
    expect(records[1]).toEqual({ cells: ['Silva, Ana', "it's"], line: 2 });
  });

  it('leaves the last, unfinished record of a head sample out', () => {
    const { records } = readRecords('a,b\n1,2\n3,"cut', { delimiter: ',', quote: '"', isComplete: false });
    expect(records.map((r) => r.line)).toEqual([1, 2]);
  });

  it('reads a long run of small pieces', () => {
    const text = 'a,b\n' + '1,"x"\n'.repeat(20_000);
    const records = readInPieces(text, [3], { delimiter: ',', quote: '"' }).records.filter((r) => !isBlankRecord(r.cells));
    expect(records.length).toBe(20_001);
    expect(records.at(-1)).toEqual({ cells: ['1', 'x'], line: 20_001 });
  });
});

describe('isBlankRecord', () => {
  it('calls blank lines and rows of empty cells blank', () => {
    expect(isBlankRecord([''])).toBe(true);
    expect(isBlankRecord(['  '])).toBe(true);
    expect(isBlankRecord(['', ' ', ''])).toBe(true);
    expect(isBlankRecord(['', 'x'])).toBe(false);
  });
});
