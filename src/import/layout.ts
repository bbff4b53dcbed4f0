// layout.ts: the physical shape of a file, read in one quick pass over its bytes: how many lines it has,
// whether its line breaks are plain LF or CRLF, whether it holds NUL bytes, and how many cells its header
// has. The engine import (pipeline/engine-import.ts) needs these to number DuckDB's rows with the file's own
// lines, and to know when it must leave the file to the careful line-by-line import instead.
import { isBlankRecord, readRecords } from './records';
import type { CsvSettings } from './types';

export interface FileLayout {
  /** Physical lines: LF count, plus one when the last line has no LF. */
  lines: number;
  /** True when every CR in the file comes right before an LF (so LF count is the line count). */
  hasPlainLineBreaks: boolean;
  /** NUL bytes anywhere in the file (the careful import removes them and says so). */
  nulBytes: number;
  /** Cells of the header record, or null when it is not on `settings.headerLine` or cannot be read. */
  headerCells: number | null;
  /**
   * False when no white space touches a delimiter, a quote, a line break or either end of the file, so no
   * cell starts or ends with white space and none needs trimming. True may be a false alarm (a quoted
   * delimiter next to a space).
   */
  mayHaveEdgeSpace: boolean;
}

const LF = 10;
const CR = 13;
const NUL = 0;
/** The header is looked for in this much of the start of the file. */
const HEADER_SAMPLE_BYTES = 1024 * 1024;

export interface LayoutScanner {
  push(bytes: Uint8Array): void;
  end(): FileLayout;
}

/** Counts as bytes arrive in order, in pieces of any size (a CR at the end of one piece is paired with the next). */
export function createLayoutScanner(settings: Pick<CsvSettings, 'encoding' | 'delimiter' | 'quote' | 'headerLine'>): LayoutScanner {
  const edges = new Uint8Array(256);
  for (const byte of [LF, CR, settings.delimiter.charCodeAt(0), settings.quote.charCodeAt(0)]) edges[byte] = 1;
  let mayHaveEdgeSpace = false;
  // The last bytes of the previous piece, judged once the next piece shows what follows them.
  let carry = new Uint8Array(0);
  let beforeCarry = -1;
  let lineFeeds = 0;
  let carriageReturns = 0;
  let crlf = 0;
  let nulBytes = 0;
  let total = 0;
  let lastByte = -1;
  const head: Uint8Array[] = [];
  let headBytes = 0;

  function count(bytes: Uint8Array, value: number): number {
    let found = 0;
    for (let i = bytes.indexOf(value); i !== -1; i = bytes.indexOf(value, i + 1)) found++;
    return found;
  }

  /** Judges the carried bytes and all of `bytes` but its last three, which become the new carry. */
  function judgeEdges(bytes: Uint8Array): void {
    // A byte-order mark opens the header line, which is never read as data.
    const skipBom = total === 0 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    if (carry.length > 0) {
      const joined = new Uint8Array(carry.length + Math.min(3, bytes.length));
      joined.set(carry);
      joined.set(bytes.subarray(0, 3), carry.length);
      const isWholeChar = joined.length >= carry.length + 3;
      if (isWholeChar && hasEdgeSpace(joined, 0, carry.length, beforeCarry, edges)) mayHaveEdgeSpace = true;
      if (!isWholeChar) {
        // A piece shorter than three bytes: keep carrying.
        carry = joined;
        return;
      }
    }
    const stop = Math.max(skipBom, bytes.length - 3);
    const before = carry.length > 0 ? carry[carry.length - 1]! : -1;
    if (hasEdgeSpace(bytes.subarray(0), skipBom, stop, skipBom > 0 ? 0xbf : before, edges)) mayHaveEdgeSpace = true;
    beforeCarry = stop > 0 ? bytes[stop - 1]! : before;
    carry = bytes.slice(stop);
  }

  return {
    push(bytes) {
      if (bytes.length === 0) return;
      if (headBytes < HEADER_SAMPLE_BYTES) {
        const part = bytes.subarray(0, HEADER_SAMPLE_BYTES - headBytes);
        head.push(part.slice());
        headBytes += part.length;
      }
      lineFeeds += count(bytes, LF);
      nulBytes += count(bytes, NUL);
      if (lastByte === CR && bytes[0] === LF) crlf++;
      for (let i = bytes.indexOf(CR); i !== -1; i = bytes.indexOf(CR, i + 1)) {
        carriageReturns++;
        if (bytes[i + 1] === LF) crlf++;
      }
      if (!mayHaveEdgeSpace) judgeEdges(bytes);
      total += bytes.length;
      lastByte = bytes[bytes.length - 1]!;
    },
    end() {
      if (!mayHaveEdgeSpace && carry.length > 0 && hasEdgeSpace(carry, 0, carry.length, beforeCarry, edges)) mayHaveEdgeSpace = true;
      const lines = total === 0 ? 0 : lineFeeds + (lastByte === LF ? 0 : 1);
      return {
        lines,
        hasPlainLineBreaks: carriageReturns === crlf,
        nulBytes,
        mayHaveEdgeSpace,
        headerCells: headerCells(concat(head, headBytes), total <= HEADER_SAMPLE_BYTES, settings),
      };
    },
  };
}

/** The layout of a file held in memory. */
export function scanLayout(bytes: Uint8Array, settings: Pick<CsvSettings, 'encoding' | 'delimiter' | 'quote' | 'headerLine'>): FileLayout {
  const scanner = createLayoutScanner(settings);
  scanner.push(bytes);
  return scanner.end();
}

/**
 * Bytes that start a character JavaScript's trim removes: tab, VT, FF, space, and the lead bytes of
 * U+00A0 (C2 A0), U+1680 (E1 9A 80), U+2000–U+200A, U+2028, U+2029, U+202F (E2 80 …), U+205F (E2 81 9F),
 * U+3000 (E3 80 80) and U+FEFF (EF BB BF). Multi-byte ones are matched on their first two bytes, which
 * over-counts a few other characters: a false alarm costs only time.
 */
function isSpaceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b === 0x20 || b === 0x09 || b === 0x0b || b === 0x0c) return 1;
  const next = bytes[i + 1];
  if (b === 0xc2 && next === 0xa0) return 2;
  if ((b === 0xe1 && next === 0x9a) || (b === 0xe2 && (next === 0x80 || next === 0x81)) || (b === 0xe3 && next === 0x80) || (b === 0xef && next === 0xbb)) {
    return 3;
  }
  return 0;
}

/**
 * True when a white-space character starting at one of positions `from`…`to - 1` of `bytes` touches an edge
 * byte, `before` (the byte ahead of `bytes[0]`, -1 at the start of the file) or the end of `bytes`. Callers
 * keep `to` three bytes short of the end of a piece, so every character judged is whole.
 */
function hasEdgeSpace(bytes: Uint8Array, from: number, to: number, before: number, edges: Uint8Array): boolean {
  const n = bytes.length;
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    // Only bytes that can start a white-space character are looked at closely.
    if (b !== 0x20 && b !== 0x09 && b !== 0x0b && b !== 0x0c && b !== 0xc2 && b !== 0xe1 && b !== 0xe2 && b !== 0xe3 && b !== 0xef) continue;
    const width = isSpaceAt(bytes, i);
    if (width === 0) continue;
    const previous = i === 0 ? before : bytes[i - 1]!;
    if (previous === -1 || edges[previous] === 1) return true;
    const after = i + width;
    if (after >= n || edges[bytes[after]!] === 1) return true;
  }
  return false;
}

function headerCells(
  head: Uint8Array,
  isWholeFile: boolean,
  { encoding, delimiter, quote, headerLine }: Pick<CsvSettings, 'encoding' | 'delimiter' | 'quote' | 'headerLine'>,
): number | null {
  if (encoding !== 'utf-8') return null;
  // `fatal: false`: a character cut at the end of the sample becomes U+FFFD in the last line, never the header's.
  const text = new TextDecoder('utf-8').decode(head);
  const { records } = readRecords(text, { delimiter, quote, skipLines: headerLine - 1, isComplete: isWholeFile });
  const header = records[0];
  if (!header || header.line !== headerLine || isBlankRecord(header.cells)) return null;
  return header.cells.length;
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
