// The layout scan: line count, line breaks, NUL bytes, header width and white space at cell edges, the same
// however the bytes are cut.
import { describe, expect, it } from 'vitest';
import { createLayoutScanner, scanLayout, type FileLayout } from '../../../src/import/layout.ts';
import type { CsvSettings } from '../../../src/import/types.ts';

const semicolon: Pick<CsvSettings, 'encoding' | 'delimiter' | 'quote' | 'headerLine'> = { encoding: 'utf-8', delimiter: ';', quote: '"', headerLine: 1 };
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** The layout of `text` cut into pieces of every size from 1 to 7 bytes, which must all agree. */
function layoutInPieces(text: string, settings = semicolon): FileLayout {
  const bytes = bytesOf(text);
  const whole = scanLayout(bytes, settings);
  for (let size = 1; size <= 7; size++) {
    const scanner = createLayoutScanner(settings);
    for (let at = 0; at < bytes.length; at += size) scanner.push(bytes.subarray(at, at + size));
    const cut = scanner.end();
    // A cut can only raise a false alarm about edge space (a byte-order mark cut in two), never hide one.
    expect({ ...cut, mayHaveEdgeSpace: whole.mayHaveEdgeSpace }).toEqual(whole);
    if (whole.mayHaveEdgeSpace) expect(cut.mayHaveEdgeSpace, `cut every ${size} bytes`).toBe(true);
    if (size >= 3) expect(cut.mayHaveEdgeSpace, `cut every ${size} bytes`).toBe(whole.mayHaveEdgeSpace);
  }
  return whole;
}

describe('scanLayout', () => {
  it('counts physical lines with or without a final line break', () => {
    expect(layoutInPieces('a;b\n1;2\n3;4\n')).toMatchObject({ lines: 3, hasPlainLineBreaks: true, nulBytes: 0, headerCells: 2 });
    expect(layoutInPieces('a;b\n1;2\n3;4')).toMatchObject({ lines: 3 });
    expect(layoutInPieces('a;b\r\n1;2\r\n3;4\r\n')).toMatchObject({ lines: 3, hasPlainLineBreaks: true });
    expect(scanLayout(new Uint8Array(0), semicolon)).toMatchObject({ lines: 0, headerCells: null });
  });

  it('notices a lone CR, which the careful import reads as a line break too', () => {
    expect(layoutInPieces('a;b\r1;2\n3;4\n').hasPlainLineBreaks).toBe(false);
    expect(layoutInPieces('a;b\r\n1;2\r').hasPlainLineBreaks).toBe(false);
  });

  it('counts NUL bytes', () => {
    expect(layoutInPieces('a;b\n1;\u00002\n').nulBytes).toBe(1);
  });

  it('reads the header on its line, past title lines and with quoted delimiters', () => {
    expect(layoutInPieces('Relatório de vendas\n"x;y";b;c\n1;2;3\n', { ...semicolon, headerLine: 2 }).headerCells).toBe(3);
    expect(layoutInPieces('a;b;c;\n1;2;3;\n').headerCells).toBe(4);
    // Blank lines above the header move it off the line named: the engine import must not number this file.
    expect(layoutInPieces('\na;b\n1;2\n').headerCells).toBeNull();
    expect(layoutInPieces('a;b\n1;2\n', { ...semicolon, encoding: 'windows-1252' }).headerCells).toBeNull();
  });

  it('says when white space may touch a cell edge, and when none can', () => {
    expect(layoutInPieces('a;b\nMercearia São Jorge;1,5\n').mayHaveEdgeSpace).toBe(false);
    // The byte-order mark that opens many exports is not white space in a cell.
    expect(layoutInPieces('\uFEFFa;b\nMercearia São Jorge;1,5\n').mayHaveEdgeSpace).toBe(false);
    // Every cut of a file with edge space still finds it.
    for (const text of ['a;b\nx;\u00A01\n', 'a;b\nx;1\u3000\n', 'a;b\n x;1\n']) expect(layoutInPieces(text).mayHaveEdgeSpace).toBe(true);
    for (const text of ['a;b\n x;1\n', 'a;b\nx ;1\n', 'a;b\nx;1 \n', 'a;b\nx;1\t\r\n', 'a;b\n"x ";1\n', 'a;b\nx;\u00A01\n', 'a;b\nx;1\u3000\n', 'a;b \n', 'a;b\nx;1\n\u00A0']) {
      expect(scanLayout(bytesOf(text), semicolon).mayHaveEdgeSpace, JSON.stringify(text)).toBe(true);
    }
  });
});
