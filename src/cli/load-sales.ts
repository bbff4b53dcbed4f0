// Reads a sales export from disk the way `ciclo inspect` and the site do (detect, map, parse) and appends its
// rows to the `sales` table of an engine in bounded Arrow batches, for commands that analyse the whole file.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { checkMapping, detect, parseBytes } from '../import/index.ts';
import { HEAD_SAMPLE_BYTES, TAIL_SAMPLE_BYTES, ROLES, type CsvSettings, type Detection, type Mapping, type ParseResult, type Role } from '../import/types.ts';
import type { Engine } from '../engine/engine.ts';
import { appendSalesBatch, createDataset } from '../pipeline.ts';
import { createSalesBatchBuilder } from '../pipeline/sales-batch.ts';
import { ENGINE_IMPORT_MIN_BYTES, importWithEngine } from '../pipeline/engine-import.ts';
import { scanLayout } from '../import/layout.ts';
import { UsageError } from './args.ts';
import { cliError, issueError, salesFileSize, type ErrorDocument } from './messages.ts';

/** A batch is sent to DuckDB once it holds about this many bytes, so a large file never sits whole in Arrow. */
const BATCH_BYTES = 16 * 1024 * 1024;

export interface LoadRequest {
  file: string;
  overrides: Partial<CsvSettings>;
  remap: ReadonlyArray<[Role, string]>;
}

export interface LoadResult {
  rowCount: number;
  rejectedCount: number;
  settings: CsvSettings;
  /** Header of each mapped role. */
  mapping: Partial<Record<Role, string>>;
}

/**
 * Empties the engine's dataset and loads `request.file` into it. A file that cannot be read is an error
 * document (exit status 1); a `--map` naming no column is a UsageError (exit status 2).
 */
export async function loadSalesFile(engine: Engine, request: LoadRequest): Promise<LoadResult | ErrorDocument> {
  const { file } = request;
  const fileName = basename(file);
  const size = await salesFileSize(file);
  if (typeof size !== 'number') return size;

  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (thrown) {
    return cliError('CLI_FILE_UNREADABLE', file, (thrown as Error).message);
  }
  // The same samples inspect and the import worker give detection: the head, and the tail of a larger file.
  const isWholeFile = size <= HEAD_SAMPLE_BYTES;
  const head = bytes.subarray(0, Math.min(size, HEAD_SAMPLE_BYTES));
  const tail = isWholeFile ? undefined : bytes.subarray(Math.max(HEAD_SAMPLE_BYTES, size - TAIL_SAMPLE_BYTES));
  const detection = await detect(head, fileName, request.overrides, isWholeFile, tail);
  if (detection.fatal) return issueError(detection.fatal, file);
  const mapping = remapped(detection, request.remap);
  const missing = checkMapping(mapping, fileName);
  if (missing) return issueError(missing, file);

  await createDataset(engine);
  const quick = size >= ENGINE_IMPORT_MIN_BYTES ? await importByEngine(engine, bytes, fileName, detection.settings, mapping) : null;
  const result = quick ?? (await importCarefully(engine, bytes, fileName, detection.settings, mapping));
  if (typeof result === 'string') return cliError('CLI_FILE_UNREADABLE', file, result);
  if (result.fatal) return issueError(result.fatal, file);
  if (result.rowCount === 0) return cliError('CLI_NO_ROWS', file, String(result.rejectedCount));
  const { headers } = detection;
  return {
    rowCount: result.rowCount,
    rejectedCount: result.rejectedCount,
    settings: detection.settings,
    mapping: Object.fromEntries(ROLES.flatMap((role) => (mapping[role] === undefined ? [] : [[role, headers[mapping[role]] ?? `column ${mapping[role] + 1}`]]))),
  };
}

/** DuckDB's own reader on a clean file (pipeline/engine-import.ts), or null when the file needs the careful import. */
async function importByEngine(engine: Engine, bytes: Uint8Array, fileName: string, settings: CsvSettings, mapping: Mapping): Promise<ParseResult | null> {
  const outcome = await importWithEngine(engine, {
    fileName,
    fileTag: fileName,
    settings,
    mapping,
    layout: scanLayout(bytes, settings),
    register: (name) => engine.registerBuffer(name, bytes),
    release: (name) => engine.dropBuffer(name),
  });
  return 'result' in outcome ? outcome.result : null;
}

/** The careful import (import/parse.ts), in bounded Arrow batches; a string says why the file cannot be stored. */
async function importCarefully(engine: Engine, bytes: Uint8Array, fileName: string, settings: CsvSettings, mapping: Mapping): Promise<ParseResult | string> {
  const builder = createSalesBatchBuilder(fileName);
  const pending: Promise<number>[] = [];
  let result: ParseResult;
  try {
    result = parseBytes(bytes, {
      fileName,
      settings,
      mapping,
      maxRejectedListed: 0,
      onRows(rows) {
        builder.add(rows);
        if (builder.byteLength >= BATCH_BYTES) pending.push(appendSalesBatch(engine, builder.take()));
      },
    });
  } catch (thrown) {
    // The batch builder refuses a value DuckDB could not store (its message names the line).
    if (!(thrown instanceof RangeError)) throw thrown;
    return thrown.message;
  }
  pending.push(appendSalesBatch(engine, builder.take()));
  await Promise.all(pending);
  return result;
}

/** Detection's mapping with the user's `--map ROLE=HEADER` applied (exact header first, then case-blind). */
function remapped(detection: Detection, remap: ReadonlyArray<[Role, string]>): Mapping {
  const mapping: Mapping = { ...detection.mapping };
  for (const [role, header] of remap) {
    if (header === '') {
      delete mapping[role];
      continue;
    }
    let index = detection.headers.indexOf(header);
    if (index < 0) index = detection.headers.findIndex((h) => h.trim().toLowerCase() === header.toLowerCase());
    if (index < 0) throw new UsageError(`--map ${role}=${header}: no such column; the headers are ${detection.headers.map((h) => JSON.stringify(h)).join(', ')}`);
    for (const other of ROLES) if (mapping[other] === index) delete mapping[other];
    mapping[role] = index;
  }
  return mapping;
}
