// How much memory the in-browser database may take, and what it says when it runs out.
// DuckDB-WASM keeps every table in memory (a browser tab has no temporary directory to spill to), so a
// file too big for the tab ends in DuckDB's "Out of Memory Error". That error leaves the database usable:
// Ciclo stops the work that hit it, keeps what was there before, and tells the user how big, what limit
// and what to do.

/** Units DuckDB prints (`28.5 MiB`, `3.1 GiB`) and users type (`512MB`, `2 GB`). */
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  bytes: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** `'28.5 MiB'` → 29884416; `'512MB'` → 512000000; null for anything else. */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)?\s*$/i.exec(text);
  if (!match) return null;
  const factor = UNIT_BYTES[(match[2] ?? 'b').toLowerCase()];
  if (factor === undefined) return null;
  const bytes = Math.round(Number(match[1]) * factor);
  return Number.isFinite(bytes) ? bytes : null;
}

export interface OutOfMemory {
  /** Bytes in use when the allocation failed, as DuckDB reported them (null when it did not say). */
  usedBytes: number | null;
  /** The limit DuckDB was running under (null when it did not say). */
  limitBytes: number | null;
}

// A query says `Out of Memory Error: could not allocate block…`; an insert that fails on commit says
// `TransactionContext Error: Failed to commit: could not allocate block…` without the first words.
const OUT_OF_MEMORY = /Out of Memory Error|could not allocate block of size/i;
const USED_OF_LIMIT = /\(([\d.]+\s*[KMGT]i?B)\s*\/\s*([\d.]+\s*[KMGT]i?B)\s+used\)/i;

/** The sizes in DuckDB's out-of-memory message, or null when `thrown` is some other error. */
export function outOfMemory(thrown: unknown): OutOfMemory | null {
  const message = thrown instanceof Error ? thrown.message : typeof thrown === 'string' ? thrown : '';
  if (!OUT_OF_MEMORY.test(message)) return null;
  const sizes = USED_OF_LIMIT.exec(message);
  return {
    usedBytes: sizes ? parseByteSize(sizes[1]!) : null,
    limitBytes: sizes ? parseByteSize(sizes[2]!) : null,
  };
}

/** Smallest limit Ciclo accepts: below it DuckDB cannot even hold an empty sales table and its catalog. */
export const MIN_MEMORY_LIMIT_BYTES = 16 * 1024 * 1024;

/** `SET memory_limit` for `bytes` (whole KiB, as DuckDB rounds anyway). */
export function memoryLimitStatement(bytes: number): string {
  if (!(Number.isInteger(bytes) && bytes >= MIN_MEMORY_LIMIT_BYTES)) {
    throw new RangeError(`memory limit must be a whole number of bytes ≥ ${MIN_MEMORY_LIMIT_BYTES}, got ${bytes}`);
  }
  return `SET memory_limit = '${Math.floor(bytes / 1024)}KiB'`;
}

/**
 * The limit asked for in the page address (`?memory=512MB`), for machines with little memory (and for
 * the tests that drive Ciclo into its limit); null when absent or not a size Ciclo accepts.
 */
export function memoryLimitFromSearch(search: string): number | null {
  const value = new URLSearchParams(search).get('memory');
  if (value === null) return null;
  const bytes = parseByteSize(value);
  return bytes !== null && bytes >= MIN_MEMORY_LIMIT_BYTES ? bytes : null;
}
