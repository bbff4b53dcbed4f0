// What the import worker does, as plain functions (the worker file only feeds them messages): read a
// File in slices, let the importer turn them into sales rows, and send the rows on as sales batches
// (Arrow columns, ready for DuckDB), never holding more than a few batches that the page has not stored yet.
import { createLayoutScanner } from '../import/layout.ts';
import type { CsvSettings, Detection, ImportIssue, ParseOptions, ParseResult } from '../import/types.ts';
import { HEAD_SAMPLE_BYTES, TAIL_SAMPLE_BYTES } from '../import/types.ts';
import { createSalesBatchBuilder } from '../pipeline/sales-batch.ts';
import type { ImportRequest, ImportResponse, ParseRequestOptions } from './import-protocol.ts';

/** The import module's functions this worker calls (src/import/index.ts). */
export interface Importer {
  /** `overrides` are the settings the user pinned; `isWholeFile` says the head is the entire file. */
  detect(head: Uint8Array, fileName: string, overrides: Partial<CsvSettings>, isWholeFile: boolean, tail?: Uint8Array): Detection;
  parseChunks(chunks: AsyncIterable<Uint8Array>, totalBytes: number, options: ParseOptions): Promise<ParseResult>;
  checkFileSize(fileName: string, size: number): ImportIssue | null;
}

export type Post = (message: ImportResponse, transfer?: Transferable[]) => void;

/**
 * How big a batch gets before it is sent. Measured on 1M generated lines: 20k–200k rows per batch load at
 * the same speed, so the batch is kept small enough for the page and DuckDB's worker to hold a few.
 */
export const IMPORT_BATCH_ROWS = 50_000;
export const IMPORT_BATCH_BYTES = 16 * 1024 * 1024;

export interface ImportTaskLimits {
  /** Bytes of the file read at a time. */
  sliceBytes?: number;
  /** A batch is sent once it holds this many rows… */
  batchRows?: number;
  /** …or about this many bytes (files with long texts). */
  batchBytes?: number;
  /** Rows the importer hands over per call. */
  rowsPerCall?: number;
  /** Reading pauses while this many sent batches are not stored yet. */
  maxBatchesInFlight?: number;
}

interface ParseState {
  unstored: number;
  isCancelled: boolean;
  wake: (() => void) | null;
}

/** Reading the user's file failed (moved, deleted, permission lost): not an importer bug. */
class UnreadableFile extends Error {
  override name = 'UnreadableFile';
}

/** The page cancelled; it already settled its side, so nothing more is sent. */
class CancelledParse extends Error {
  override name = 'CancelledParse';
}

async function readBytes(file: Blob, start: number, end: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.slice(start, end).arrayBuffer());
  } catch (thrown) {
    throw new UnreadableFile(thrown instanceof Error ? thrown.message : String(thrown), { cause: thrown });
  }
}

export function createImportTasks(
  importer: Importer,
  post: Post,
  {
    sliceBytes = 8 * 1024 * 1024,
    batchRows = IMPORT_BATCH_ROWS,
    batchBytes = IMPORT_BATCH_BYTES,
    rowsPerCall = 5_000,
    maxBatchesInFlight = 2,
  }: ImportTaskLimits = {},
) {
  const parses = new Map<number, ParseState>();

  async function roomForMore(state: ParseState): Promise<void> {
    while (state.unstored >= maxBatchesInFlight && !state.isCancelled) {
      await new Promise<void>((resume) => {
        state.wake = resume;
      });
    }
  }

  async function* slices(file: Blob, state: ParseState): AsyncGenerator<Uint8Array> {
    for (let start = 0; start < file.size; start += sliceBytes) {
      await roomForMore(state);
      if (state.isCancelled) throw new CancelledParse('cancelled');
      yield await readBytes(file, start, start + sliceBytes);
    }
  }

  async function detect(id: number, file: Blob, fileName: string, overrides: Partial<CsvSettings>): Promise<void> {
    const head = await readBytes(file, 0, HEAD_SAMPLE_BYTES);
    const isWholeFile = file.size <= HEAD_SAMPLE_BYTES;
    const tail = isWholeFile ? undefined : await readBytes(file, Math.max(HEAD_SAMPLE_BYTES, file.size - TAIL_SAMPLE_BYTES), file.size);
    const detection = importer.detect(head, fileName, overrides, isWholeFile, tail);
    const tooLarge = importer.checkFileSize(fileName, file.size);
    post({ id, kind: 'detected', detection: tooLarge ? { ...detection, fatal: tooLarge } : detection });
  }

  async function parse(id: number, file: Blob, options: ParseRequestOptions, fileTag: string): Promise<void> {
    const tooLarge = importer.checkFileSize(options.fileName, file.size);
    if (tooLarge) {
      const result: ParseResult = { fileName: options.fileName, rowCount: 0, rejectedCount: 0, rejected: [], fatal: tooLarge };
      post({ id, kind: 'parsed', result });
      return;
    }
    const builder = createSalesBatchBuilder(fileTag);
    const state: ParseState = { unstored: 0, isCancelled: false, wake: null };
    parses.set(id, state);
    let batchNumber = 0;
    const sendBatch = () => {
      if (builder.rowCount === 0 || state.isCancelled) return;
      const { bytes, rowCount } = builder.take();
      post({ id, kind: 'batch', batchNumber: ++batchNumber, rowCount, bytes }, [bytes.buffer]);
      state.unstored++;
    };
    try {
      const result = await importer.parseChunks(slices(file, state), file.size, {
        ...options,
        batchSize: rowsPerCall,
        onRows: (rows) => {
          if (state.isCancelled) return;
          builder.add(rows);
          if (builder.rowCount >= batchRows || builder.byteLength >= batchBytes) sendBatch();
        },
        onProgress: (bytesRead, bytesTotal) => post({ id, kind: 'progress', bytesRead, bytesTotal }),
      });
      if (state.isCancelled) return;
      // After a fatal problem the page discards this file's rows, so the rest is not worth sending.
      if (!result.fatal) sendBatch();
      post({ id, kind: 'parsed', result });
    } catch (thrown) {
      if (state.isCancelled) return;
      throw thrown;
    } finally {
      parses.delete(id);
    }
  }

  /** Reads the whole file once for its layout, reporting progress as the parse does; the cancel stops it. */
  async function layout(id: number, file: Blob, settings: CsvSettings): Promise<void> {
    const state: ParseState = { unstored: 0, isCancelled: false, wake: null };
    parses.set(id, state);
    try {
      const scanner = createLayoutScanner(settings);
      let bytesRead = 0;
      for await (const slice of slices(file, state)) {
        scanner.push(slice);
        bytesRead += slice.length;
        post({ id, kind: 'progress', bytesRead, bytesTotal: file.size });
      }
      post({ id, kind: 'laid-out', layout: scanner.end() });
    } finally {
      parses.delete(id);
    }
  }

  function batchStored(id: number): void {
    const state = parses.get(id);
    if (!state) return;
    state.unstored--;
    state.wake?.();
    state.wake = null;
  }

  function cancel(id: number): void {
    const state = parses.get(id);
    if (!state) return;
    state.isCancelled = true;
    state.wake?.();
    state.wake = null;
  }

  /** Handles one request from the page; failures are posted back, never thrown. */
  async function handle(request: ImportRequest): Promise<void> {
    try {
      switch (request.kind) {
        case 'detect':
          return await detect(request.id, request.file, request.fileName, request.overrides ?? {});
        case 'parse':
          return await parse(request.id, request.file, request.options, request.fileTag);
        case 'layout':
          return await layout(request.id, request.file, request.settings);
        case 'batch-stored':
          return batchStored(request.id);
        case 'cancel':
          return cancel(request.id);
      }
    } catch (thrown) {
      if (thrown instanceof CancelledParse) return;
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      const code = thrown instanceof UnreadableFile ? 'FILE_UNREADABLE' : 'UNEXPECTED';
      post({ id: request.id, kind: 'failed', error: { code, message } });
    }
  }

  return { handle };
}
