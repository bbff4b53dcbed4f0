// The whole import of one file: DuckDB's own reader for a large clean file, else the import worker, which
// hands canonical rows to DuckDB batch by batch and reports the bytes read (workers/import-client.ts).
import type { Engine } from '../../engine/engine.ts';
import type { CsvSettings, Mapping, ParseResult } from '../../import/types.ts';
import { importFile } from '../../workers/import-client.ts';

export interface ImportRequest {
  fileTag: string;
  settings: CsvSettings;
  mapping: Mapping;
  signal: AbortSignal;
  onProgress: (bytesRead: number, bytesTotal: number) => void;
}

/**
 * Imports the whole file into the `sales` table under `fileTag`. Rejects with an AbortError when
 * cancelled; after a cancel, an error or a `fatal` result none of the file's rows stay.
 */
export function runImport(engine: Engine, file: File, { fileTag, settings, mapping, signal, onProgress }: ImportRequest): Promise<ParseResult> {
  const engineImportMinBytes = isCarefulOnly(location.search) ? Infinity : undefined;
  return importFile(engine, file, { fileTag, settings, mapping, signal, onProgress, maxRejectedListed: 500, engineImportMinBytes });
}

/**
 * `?import=careful` in the page address turns the engine import off, so every file is read line by line in
 * the import worker (a way round, should DuckDB's reader ever misread a file; the tests compare the two).
 */
export function isCarefulOnly(search: string): boolean {
  return new URLSearchParams(search).get('import') === 'careful';
}
