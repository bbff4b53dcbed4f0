// The messages between the page and the import worker: plain records with named fields, so they
// survive structured cloning unchanged.
import type { FileLayout } from '../import/layout.ts';
import type { CsvSettings, Detection, ParseOptions, ParseResult } from '../import/types.ts';

/** Parse options that can cross to the worker (the callbacks stay on the page). */
export type ParseRequestOptions = Omit<ParseOptions, 'onRows' | 'onProgress' | 'batchSize'>;

export type ImportRequest =
  /** `overrides`: settings the user pinned in the wizard; the rest is detected around them. */
  | { id: number; kind: 'detect'; file: Blob; fileName: string; overrides?: Partial<CsvSettings> }
  /** `fileTag`: the `source_file` written into every batch. */
  | { id: number; kind: 'parse'; file: Blob; options: ParseRequestOptions; fileTag: string }
  /** Counts the file's lines and looks at its header (import/layout.ts), for the engine import. */
  | { id: number; kind: 'layout'; file: Blob; settings: CsvSettings }
  /** The page has stored batch `batchNumber`; the worker may read further. */
  | { id: number; kind: 'batch-stored'; batchNumber: number }
  /** The page gave up on this parse: stop reading. */
  | { id: number; kind: 'cancel' };

/** Codes of failures that are not import issues: the file could not be read, or the importer broke. */
export type ImportFailureCode = 'FILE_UNREADABLE' | 'UNEXPECTED';

export type ImportResponse =
  | { id: number; kind: 'detected'; detection: Detection }
  /** A sales batch (pipeline/sales-batch.ts) of `rowCount` good rows; `bytes` owns its buffer (transferred). */
  | { id: number; kind: 'batch'; batchNumber: number; rowCount: number; bytes: Uint8Array }
  | { id: number; kind: 'progress'; bytesRead: number; bytesTotal: number }
  | { id: number; kind: 'parsed'; result: ParseResult }
  | { id: number; kind: 'laid-out'; layout: FileLayout }
  | { id: number; kind: 'failed'; error: { code: ImportFailureCode; message: string } };
