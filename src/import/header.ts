// header.ts: which line holds the column names, and the names themselves. Exports from accounting
// systems often put a title or a "last updated" line above the header; those lines are skipped.
import { isBlankRecord, type CsvRecord } from './records';

/**
 * The line of the first record that is at least as wide as the table (`fieldCount` cells) and names
 * at least half of its columns (a title padded with `;;;;` by a
 * spreadsheet has the right width but only one name). Null when no record qualifies.
 */
export function findHeaderLine(records: readonly CsvRecord[], fieldCount: number): number | null {
  const minNames = Math.max(2, Math.ceil(fieldCount / 2));
  for (const { cells, line } of records) {
    if (isBlankRecord(cells) || cells.length < fieldCount) continue;
    const names = cells.filter((cell) => cell.trim() !== '').length;
    if (names >= minNames) return line;
  }
  return null;
}

/**
 * Trimmed names; a blank name becomes `column N` (1-based) and a repeated one `name (2)`, `name (3)`…
 * so that every column can be told apart in the wizard and in error messages.
 */
export function normalizeHeaders(cells: readonly string[]): { headers: string[]; duplicates: string[] } {
  const headers = cells.map((cell, i) => {
    const name = cell.replace(/^\uFEFF/, '').trim();
    return name === '' ? `column ${i + 1}` : name;
  });
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const taken = new Set(headers.map((h) => h.toLowerCase()));
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i]!;
    const key = name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    if (!duplicates.includes(name)) duplicates.push(name);
    let n = 2;
    while (taken.has(`${key} (${n})`)) n++;
    headers[i] = `${name} (${n})`;
    taken.add(`${key} (${n})`);
    seen.add(`${key} (${n})`);
  }
  return { headers, duplicates };
}
