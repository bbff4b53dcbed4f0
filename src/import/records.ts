// records.ts: cuts decoded text into CSV records, each with the physical line it starts on, while the
// text arrives in pieces of any size. PapaParse's Parser does the quoting; this module carries the
// unfinished last record from one piece to the next and counts lines.
//
// Line endings: CRLF, LF and a lone CR each end one line, and they may be mixed in one file. They are
// turned into LF before PapaParse sees the text (a CR that ends a piece waits for the next piece in case
// an LF follows), so a line break inside a quoted cell also reads as LF.
import Papa from 'papaparse';
import type { Delimiter, Quote } from './types';

export interface CsvRecord {
  cells: string[];
  /** 1-based physical line where the record starts. */
  line: number;
}

export interface RecordReaderOptions {
  delimiter: Delimiter;
  quote: Quote;
  /** Physical lines dropped before the first record (preamble above the header), read as plain lines. */
  skipLines?: number;
  onRecord: (cells: string[], line: number) => void;
}

export interface RecordReader {
  /** Adds decoded text; complete records are handed to `onRecord` as soon as it is worth parsing. */
  push(text: string): void;
  /** Hands over every record that is surely complete, without ending the input (for a head sample). */
  flushComplete(): void;
  /** Ends the input. Returns the line where a quote opened and never closed, if one did. */
  end(): { unterminatedQuoteLine: number | null };
}

/**
 * Parsing waits for this much new text. While one record spans many pieces (a huge quoted cell),
 * it also waits until the new text is as long as the unfinished record, so each character is
 * parsed a bounded number of times however the text is cut.
 */
const MIN_PARSE_CHARS = 1 << 16;

export function createRecordReader({ delimiter, quote, skipLines = 0, onRecord }: RecordReaderOptions): RecordReader {
  if (!Number.isInteger(skipLines) || skipLines < 0) {
    throw new RangeError(`skipLines must be an integer ≥ 0, got ${skipLines}`);
  }
  const parser = new Papa.Parser({ delimiter, quoteChar: quote, newline: '\n', header: false });
  let pendingCr = false;
  let linesToSkip = skipLines;
  let pending = ''; // text not parsed yet, starting at a record boundary
  let pendingLine = skipLines + 1; // physical line where `pending` starts
  let carriedChars = 0; // length of the unfinished record left by the last parse
  let unterminatedQuoteLine: number | null = null;
  let isEnded = false;

  function normalize(text: string): string {
    if (pendingCr) text = '\r' + text;
    pendingCr = text.endsWith('\r');
    if (pendingCr) text = text.slice(0, -1);
    return text.indexOf('\r') === -1 ? text : text.replace(CR_LINE_BREAKS, '\n');
  }

  function dropPreamble(text: string): string {
    let from = 0;
    while (linesToSkip > 0) {
      const lf = text.indexOf('\n', from);
      if (lf === -1) return '';
      from = lf + 1;
      linesToSkip--;
    }
    return from === 0 ? text : text.slice(from);
  }

  function parse(isLast: boolean): void {
    const input = pending;
    const result = parser.parse(input, 0, !isLast) as PapaResult;
    const rows = result.data;
    const cursor = isLast ? input.length : result.meta.cursor;
    const missingQuote = isLast ? result.errors.find((e) => e.code === 'MissingQuotes') : undefined;
    const rowCount = missingQuote ? Math.min(missingQuote.row, rows.length) : rows.length;

    let line = pendingLine;
    // Fast path: when the consumed text holds exactly one LF per record, no cell spans lines.
    const isOneLinePerRecord = !missingQuote && countLineFeeds(input, 0, cursor) === rowCount;
    for (let r = 0; r < rowCount; r++) {
      const cells = rows[r]!;
      onRecord(cells, line);
      line += isOneLinePerRecord ? 1 : 1 + countLineFeedsInCells(cells);
    }
    if (missingQuote) {
      // Papa's `index` is just after the opening quote; the record before it started on `line`.
      unterminatedQuoteLine = pendingLine + countLineFeeds(input, 0, missingQuote.index);
    }
    pending = input.slice(cursor);
    pendingLine = isOneLinePerRecord ? pendingLine + rowCount : pendingLine + countLineFeeds(input, 0, cursor);
    carriedChars = pending.length;
  }

  return {
    push(text) {
      if (isEnded) throw new Error('push after end');
      let piece = normalize(text);
      if (linesToSkip > 0) piece = dropPreamble(piece);
      if (piece === '') return;
      pending += piece;
      const freshChars = pending.length - carriedChars;
      if (freshChars >= MIN_PARSE_CHARS && freshChars >= carriedChars) parse(false);
    },
    flushComplete() {
      if (pending.length > carriedChars) parse(false);
    },
    end() {
      if (!isEnded) {
        isEnded = true;
        if (pendingCr) {
          pendingCr = false;
          if (linesToSkip > 0) dropPreamble('\n');
          else pending += '\n';
        }
        if (pending !== '') parse(true);
      }
      return { unterminatedQuoteLine };
    },
  };
}

/** Reads all records of a text held in memory (`isComplete` false: the text is a cut head sample). */
export function readRecords(
  text: string,
  { delimiter, quote, skipLines = 0, isComplete = true }: Omit<RecordReaderOptions, 'onRecord'> & { isComplete?: boolean },
): { records: CsvRecord[]; unterminatedQuoteLine: number | null } {
  const records: CsvRecord[] = [];
  const reader = createRecordReader({ delimiter, quote, skipLines, onRecord: (cells, line) => records.push({ cells, line }) });
  reader.push(text);
  if (!isComplete) {
    reader.flushComplete();
    return { records, unterminatedQuoteLine: null };
  }
  return { records, ...reader.end() };
}

/** True for a record that is only a blank line or only empty cells (`;;;` as spreadsheets write them). */
export function isBlankRecord(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (cell !== '' && cell.trim() !== '') return false;
  }
  return true;
}

const CR_LINE_BREAKS = /\r\n?/g;

interface PapaResult {
  data: string[][];
  errors: Array<{ code: string; row: number; index: number }>;
  meta: { cursor: number };
}

function countLineFeeds(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function countLineFeedsInCells(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) if (cell.length > 0) count += countLineFeeds(cell, 0, cell.length);
  return count;
}
