// The engine import: DuckDB's own CSV reader takes a clean file into `sales` several times faster than the
// careful line-by-line import (import/parse.ts), which reads, checks and locates every cell in JavaScript.
//
// It only ever gives the same rows the careful import would give, or nothing. The file must be UTF-8 with
// one record per line (so DuckDB's rows are numbered with the file's lines), every value must have a plain
// shape both read the same way (a customer, dates like `2024-03-05` or `05/03/2024`, numbers like
// `-1.234,56`), and the dates must sit within ten years of each other and inside 1900–2100 (so the
// careful import's plausibility rule could not refuse any). Anything else (a bad date, a blank customer,
// `R$ 5,00`, a quoted cell over two lines, a ragged row, a wrong byte) stores nothing and says why, and the
// caller runs the careful import, which says what is wrong and where.
import type { Engine } from '../engine/engine.ts';
import { isoToDays } from '../import/dates.ts';
import { outOfMemory } from '../engine/memory.ts';
import type { FileLayout } from '../import/layout.ts';
import type { CsvSettings, Mapping, ParseResult, Role } from '../import/types.ts';
import { DEFAULT_DATE_WINDOW } from '../import/rows.ts';
import { DEFAULT_MAX_DATE_GAP_YEARS } from '../import/date-plausibility.ts';
import { insertSql, storedSql, UNPLAIN } from '../sql/import-read.ts';

/** Files smaller than this take the careful import directly: it is quick there, and says more. */
export const ENGINE_IMPORT_MIN_BYTES = 2 * 1024 * 1024;

export interface EngineImportRequest {
  fileName: string;
  fileTag: string;
  settings: CsvSettings;
  mapping: Mapping;
  layout: FileLayout;
  /** Makes the file readable by `read_csv` under `name`; `release` forgets it. */
  register: (name: string) => Promise<void>;
  release: (name: string) => Promise<void>;
  signal?: AbortSignal;
}

/** Why the engine import left a file to the careful import (for tests and the benchmark). */
export type EngineImportSkip =
  | 'encoding'
  | 'mapping'
  | 'layout'
  | 'reader'
  | 'line-count'
  | 'values'
  | 'dates'
  | 'memory';

export type EngineImportOutcome = { result: ParseResult } | { skipped: EngineImportSkip; detail?: string };

/** Says, before any reading, whether the engine import can take this file at all. */
export function engineImportSkip(settings: CsvSettings, mapping: Mapping, layout: FileLayout): EngineImportSkip | null {
  if (settings.encoding !== 'utf-8') return 'encoding';
  if (settings.dateOrder === 'excel') return 'dates';
  const width = layout.headerCells;
  if (width === null || !layout.hasPlainLineBreaks || layout.nulBytes > 0 || layout.lines <= settings.headerLine) return 'layout';
  const required: Role[] = ['customer_id', 'order_date', 'amount'];
  if (required.some((role) => mapping[role] === undefined)) return 'mapping';
  const indices = Object.values(mapping) as number[];
  if (indices.some((i) => !(Number.isInteger(i) && i >= 0 && i < width))) return 'mapping';
  return null;
}

/**
 * Appends the file's rows to `sales` under `fileTag` with DuckDB's reader, or stores nothing and says why it
 * did not. Rejects only when the user cancels or the engine stops: nothing of the file stays then either.
 */
export async function importWithEngine(engine: Engine, request: EngineImportRequest): Promise<EngineImportOutcome> {
  const { fileName, fileTag, settings, mapping, layout, signal } = request;
  const skip = engineImportSkip(settings, mapping, layout);
  if (skip) return { skipped: skip };
  const name = `ciclo-import-${fileTag.replace(/[^A-Za-z0-9._-]/g, '_')}.csv`;
  const options = signal ? { signal } : {};
  let mayHaveRows = false;
  await request.register(name);
  try {
    try {
      mayHaveRows = true;
      await engine.query(insertSql(name, settings, layout.headerCells!, mapping, fileTag, layout.mayHaveEdgeSpace), [], options);
    } catch (thrown) {
      // One statement: when it fails, none of its rows stay.
      mayHaveRows = false;
      if (isCancelOrCrash(thrown)) throw thrown;
      // The staging of a whole file costs memory the careful import's batches do not need: it may get through.
      if (outOfMemory(thrown)) return { skipped: 'memory', detail: firstLine(thrown) };
      // A value of another shape, or DuckDB refused the file's shape (a ragged row, a stray quote, a byte
      // that is not UTF-8, a long line).
      const detail = firstLine(thrown);
      return { skipped: detail.includes(UNPLAIN) ? 'values' : 'reader', detail };
    }
    const [stored] = await engine.query(storedSql(), [fileTag], options);
    const rowCount = Number(stored!.lines);
    const problem =
      rowCount !== layout.lines - settings.headerLine
        ? ({ skipped: 'line-count', detail: `${rowCount} rows for ${layout.lines} lines` } as const)
        : datesProblem(String(stored!.first_date), String(stored!.last_date));
    if (problem) {
      await removeRows(engine, fileTag);
      mayHaveRows = false;
      return problem;
    }
    return { result: { fileName, rowCount, rejectedCount: 0, rejected: [], fatal: null, reader: 'duckdb' } };
  } catch (thrown) {
    // A cancel can land after the INSERT finished.
    if (mayHaveRows) await removeRows(engine, fileTag).catch(() => {});
    throw thrown;
  } finally {
    await request.release(name).catch(() => {});
  }
}

async function removeRows(engine: Engine, fileTag: string): Promise<void> {
  await engine.query('DELETE FROM sales WHERE source_file = $1', [fileTag]);
}

/**
 * Why the careful import must judge the dates: one outside 1900–2100, or dates more than 3,650 days apart
 * (less than any ten years), where its plausibility rule could refuse some.
 */
function datesProblem(first: string, last: string): { skipped: 'dates'; detail: string } | null {
  const from = isoToDays(first);
  const to = isoToDays(last);
  if (from < isoToDays(DEFAULT_DATE_WINDOW.from) || to > isoToDays(DEFAULT_DATE_WINDOW.to)) {
    return { skipped: 'dates', detail: `dates ${first} … ${last} outside the window` };
  }
  if (to - from > DEFAULT_MAX_DATE_GAP_YEARS * 365) return { skipped: 'dates', detail: `dates ${first} … ${last} more than ten years apart` };
  return null;
}

/** The user cancelled, or the engine stopped: the caller handles it as for the careful import. */
function isCancelOrCrash(thrown: unknown): boolean {
  const code = (thrown as { code?: unknown } | null)?.code;
  return code === 'ENGINE_QUERY_CANCELLED' || code === 'ENGINE_CRASHED' || (thrown instanceof Error && thrown.name === 'AbortError');
}

function firstLine(thrown: unknown): string {
  return (thrown instanceof Error ? thrown.message : String(thrown)).split('\n')[0]!.slice(0, 200);
}
