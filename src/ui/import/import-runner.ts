// The two ways the wizard reads a file: a quick look at its start (for detection and the preview,
// on the page's own thread) and the whole import (in the import worker, which hands canonical rows
// to DuckDB batch by batch and reports the bytes read).
import type { Engine } from '../../engine/engine.ts';
import { HEAD_SAMPLE_BYTES, TAIL_SAMPLE_BYTES, type CsvSettings, type Mapping, type ParseResult } from '../../import/types.ts';
import { importFile } from '../../workers/import-client.ts';

export interface Head {
  head: Uint8Array;
  /** True when the head is the whole file (detection may then trust the last line). */
  isWholeFile: boolean;
  /** The end of a file larger than the head, for date evidence (see TAIL_SAMPLE_BYTES). */
  tail?: Uint8Array;
}

export async function readHead(file: File): Promise<Head> {
  const head = new Uint8Array(await file.slice(0, HEAD_SAMPLE_BYTES).arrayBuffer());
  if (file.size <= HEAD_SAMPLE_BYTES) return { head, isWholeFile: true };
  const from = Math.max(HEAD_SAMPLE_BYTES, file.size - TAIL_SAMPLE_BYTES);
  return { head, isWholeFile: false, tail: new Uint8Array(await file.slice(from).arrayBuffer()) };
}

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
  return importFile(engine, file, { fileTag, settings, mapping, signal, onProgress, maxRejectedListed: 500 });
}
