// dialect.ts: which character separates the cells and which one quotes them, guessed from the
// first lines of the file the way a person would: the right delimiter splits most lines into the same
// number of cells (quoted cells are not split), and Excel may say it outright with a `sep=;` first line.
import { isBlankRecord, readRecords } from './records';
import type { Delimiter, Quote } from './types';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** Lines looked at to guess the delimiter (title lines above the header included). */
const SNIFF_LINES = 200;

/** The delimiter Excel's `sep=;` first line declares, or null. */
export function readSepLine(firstLine: string): Delimiter | null {
  const match = /^\s*sep\s*=\s*(.)\s*$/i.exec(firstLine);
  const char = match?.[1];
  return char !== undefined && (DELIMITERS as readonly string[]).includes(char) ? (char as Delimiter) : null;
}

/**
 * `'` only when more cells are wrapped in it than in `"` (a lone apostrophe, as in O'Brien, is
 * not at a cell boundary on both sides, so it does not count).
 */
export function detectQuote(text: string): Quote {
  const sample = firstLines(text, SNIFF_LINES);
  return countQuotedCells(sample, "'") > countQuotedCells(sample, '"') ? "'" : '"';
}

export interface DelimiterGuess {
  delimiter: Delimiter;
  /** Cells per record in most records (the header's width). */
  fieldCount: number;
  /** Share of non-blank records with `fieldCount` cells. */
  consistency: number;
}

/**
 * The delimiter that gives the most records the same number of cells (at least two), preferring
 * more cells on a tie, then the order `,` `;` tab `|`. Null when no candidate splits the lines.
 */
export function detectDelimiter(text: string, quote: Quote, skipLines = 0): DelimiterGuess | null {
  const sample = firstLines(text, SNIFF_LINES + skipLines);
  let best: DelimiterGuess | null = null;
  for (const delimiter of DELIMITERS) {
    const guess = scoreDelimiter(sample, delimiter, quote, skipLines);
    if (!guess) continue;
    if (
      !best ||
      guess.consistency > best.consistency + 1e-9 ||
      (Math.abs(guess.consistency - best.consistency) <= 1e-9 && guess.fieldCount > best.fieldCount)
    ) {
      best = guess;
    }
  }
  return best;
}

/** The most common width among the records (the larger one on a tie). */
export function modalFieldCount(widths: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const w of widths) counts.set(w, (counts.get(w) ?? 0) + 1);
  let mode = 0;
  let modeCount = 0;
  for (const [width, count] of counts) {
    if (count > modeCount || (count === modeCount && width > mode)) {
      mode = width;
      modeCount = count;
    }
  }
  return mode;
}

function scoreDelimiter(sample: { text: string; isComplete: boolean }, delimiter: Delimiter, quote: Quote, skipLines: number): DelimiterGuess | null {
  const { records } = readRecords(sample.text, { delimiter, quote, skipLines, isComplete: sample.isComplete });
  const widths = records.filter((r) => !isBlankRecord(r.cells)).map((r) => r.cells.length);
  if (widths.length === 0) return null;
  const fieldCount = modalFieldCount(widths);
  if (fieldCount < 2) return null;
  const consistency = widths.filter((w) => w === fieldCount).length / widths.length;
  return { delimiter, fieldCount, consistency };
}

function firstLines(text: string, lineCount: number): { text: string; isComplete: boolean } {
  let at = -1;
  for (let i = 0; i < lineCount; i++) {
    at = nextLineBreak(text, at + 1);
    if (at === -1) return { text, isComplete: true };
  }
  return { text: text.slice(0, at + 1), isComplete: false };
}

function nextLineBreak(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  if (cr === -1) return lf;
  if (lf === -1) return cr;
  return cr + 1 === lf ? lf : Math.min(cr, lf);
}

function countQuotedCells(sample: { text: string }, quote: Quote): number {
  const q = quote === '"' ? '"' : "'";
  const pattern = new RegExp(`(?:^|[,;\\t|])${q}[^${q}\\r\\n]*${q}(?=[,;\\t|]|\\r|\\n|$)`, 'gm');
  return sample.text.match(pattern)?.length ?? 0;
}
