// The page's side of the import worker: promises for detecting and parsing a File, and `importFile`,
// which streams a file into the dataset batch by batch without holding its rows as objects.
// The worker starts on first use, never when this module is imported.
import type { Engine } from '../engine/engine.ts';
import type { CsvSettings, Detection, ParseResult } from '../import/types.ts';
import { appendSalesBatch, removeFile, salesFiles } from '../pipeline.ts';
import { outOfMemory, type OutOfMemory } from '../engine/memory.ts';
import type { FileLayout } from '../import/layout.ts';
import { ENGINE_IMPORT_MIN_BYTES, engineImportSkip, importWithEngine } from '../pipeline/engine-import.ts';
import type { ImportFailureCode, ImportRequest, ImportResponse, ParseRequestOptions } from './import-protocol.ts';

/** A failure that is not an import issue, with a code the UI translates. */
export type ImportFailure = Error & { code: ImportFailureCode };

function importFailure(code: ImportFailureCode, message: string): ImportFailure {
  const error = new Error(message) as ImportFailure;
  error.name = 'ImportFailure';
  error.code = code;
  return error;
}

function cancelled(): DOMException {
  return new DOMException('The import was cancelled.', 'AbortError');
}

interface Pending {
  onResponse(response: ImportResponse): void;
  onCrash(error: ImportFailure): void;
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

function crash(which: Worker, message: string): void {
  if (worker !== which) return;
  which.terminate();
  worker = null;
  const error = importFailure('UNEXPECTED', message);
  const stranded = [...pending.values()];
  pending.clear();
  for (const request of stranded) request.onCrash(error);
}

function startedWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  started.addEventListener('message', (event: MessageEvent<ImportResponse>) => {
    pending.get(event.data.id)?.onResponse(event.data);
  });
  started.addEventListener('error', (event) => {
    event.preventDefault();
    crash(started, `The import worker stopped: ${event.message || 'it could not be loaded'}`);
  });
  started.addEventListener('messageerror', () => crash(started, 'The import worker sent a reply that could not be read.'));
  worker = started;
  return started;
}

/** Sends to the worker that is running now, if it is still `target`. */
function send(target: Worker, request: ImportRequest): void {
  if (worker === target) target.postMessage(request);
}

export interface DetectFileOptions {
  /** Settings the user pinned; the others are detected again around them. */
  overrides?: Partial<CsvSettings>;
  signal?: AbortSignal;
}

/** Reads the start of `file` (HEAD_SAMPLE_BYTES) and guesses its settings and column mapping. */
export function detectFile(file: File, { overrides, signal }: DetectFileOptions = {}): Promise<Detection> {
  if (signal?.aborted) return Promise.reject(cancelled());
  const target = startedWorker();
  const id = ++nextId;
  return new Promise<Detection>((resolve, reject) => {
    const finish = (settle: () => void) => {
      pending.delete(id);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => finish(() => reject(cancelled()));
    signal?.addEventListener('abort', onAbort, { once: true });
    pending.set(id, {
      onResponse(response) {
        if (response.kind === 'detected') finish(() => resolve(response.detection));
        else if (response.kind === 'failed') finish(() => reject(importFailure(response.error.code, response.error.message)));
      },
      onCrash: (error) => finish(() => reject(error)),
    });
    send(target, { id, kind: 'detect', file, fileName: file.name, overrides });
  });
}

export interface LayoutOptions {
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  signal?: AbortSignal;
}

/** Reads `file` once in the worker for its layout (line count, header width…: import/layout.ts). */
export function scanFileLayout(file: Blob, settings: CsvSettings, { onProgress, signal }: LayoutOptions = {}): Promise<FileLayout> {
  if (signal?.aborted) return Promise.reject(cancelled());
  const target = startedWorker();
  const id = ++nextId;
  return new Promise<FileLayout>((resolve, reject) => {
    const finish = (settle: () => void) => {
      pending.delete(id);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => {
      send(target, { id, kind: 'cancel' });
      finish(() => reject(cancelled()));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    pending.set(id, {
      onResponse(response) {
        if (response.kind === 'progress') onProgress?.(response.bytesRead, response.bytesTotal);
        else if (response.kind === 'laid-out') finish(() => resolve(response.layout));
        else if (response.kind === 'failed') finish(() => reject(importFailure(response.error.code, response.error.message)));
      },
      onCrash: (error) => finish(() => reject(error)),
    });
    send(target, { id, kind: 'layout', file, settings });
  });
}

export interface ParseFileOptions extends Omit<ParseRequestOptions, 'fileName'> {
  /** Name used in import issues; the file's own name by default. */
  fileName?: string;
  /** The `source_file` of every row, written into each batch. */
  fileTag: string;
  /**
   * Stores one sales batch (pipeline/sales-batch.ts: `bytes` is an Arrow IPC stream of `rowCount` rows,
   * for `appendSalesBatch`). Batches come one at a time, in file order.
   */
  onBatch: (bytes: Uint8Array, rowCount: number) => Promise<void>;
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  signal?: AbortSignal;
}

/**
 * Parses `file` in the worker, handing each batch to `onBatch`. Settles only once no `onBatch` call is
 * running, so the caller can safely undo the stored batches after a failure, a cancel, or a `fatal` result.
 * Rejects with an AbortError when `signal` aborts, with an ImportFailure when the file cannot be read or the
 * worker breaks, or with `onBatch`'s error.
 */
export function parseFile(file: File, { fileName, fileTag, onBatch, onProgress, signal, ...options }: ParseFileOptions): Promise<ParseResult> {
  if (typeof fileTag !== 'string' || fileTag === '') {
    return Promise.reject(new RangeError(`fileTag must be a non-empty text, got ${JSON.stringify(fileTag)}`));
  }
  if (signal?.aborted) return Promise.reject(cancelled());
  const target = startedWorker();
  const id = ++nextId;
  return new Promise<ParseResult>((resolve, reject) => {
    let stored: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    let isSettled = false;

    const settleAfterStoring = (settle: () => void) => {
      void stored.then(() => {
        if (isSettled) return;
        isSettled = true;
        pending.delete(id);
        signal?.removeEventListener('abort', onAbort);
        settle();
      });
    };
    const giveUp = (error: unknown, { tellWorker }: { tellWorker: boolean }) => {
      if (failure !== null) return;
      failure = error;
      if (tellWorker) send(target, { id, kind: 'cancel' });
      settleAfterStoring(() => reject(error));
    };
    const onAbort = () => giveUp(cancelled(), { tellWorker: true });
    signal?.addEventListener('abort', onAbort, { once: true });

    pending.set(id, {
      onResponse(response) {
        if (failure !== null) return;
        switch (response.kind) {
          case 'batch':
            // Chained, so batches are stored one at a time and in order.
            stored = stored
              .then(async () => {
                if (failure !== null) return;
                await onBatch(response.bytes, response.rowCount);
                send(target, { id, kind: 'batch-stored', batchNumber: response.batchNumber });
              })
              .catch((thrown: unknown) => giveUp(thrown, { tellWorker: true }));
            return;
          case 'progress':
            onProgress?.(response.bytesRead, response.bytesTotal);
            return;
          case 'parsed':
            settleAfterStoring(() => (failure === null ? resolve(response.result) : reject(failure)));
            return;
          case 'failed':
            giveUp(importFailure(response.error.code, response.error.message), { tellWorker: false });
            return;
        }
      },
      onCrash: (error) => giveUp(error, { tellWorker: false }),
    });
    send(target, { id, kind: 'parse', file, options: { ...options, fileName: fileName ?? file.name }, fileTag });
  });
}

export interface ImportFileOptions extends Omit<ParseFileOptions, 'onBatch'> {
  /** The `source_file` of every row; must not be in the dataset yet (a failed import removes it again). */
  fileTag: string;
  /**
   * Files of at least this many bytes are first offered to the engine import (pipeline/engine-import.ts),
   * when the engine can read a File; `Infinity` turns it off. Default ENGINE_IMPORT_MIN_BYTES.
   */
  engineImportMinBytes?: number;
}

export interface ImportedFile extends ParseResult {
  /** Rows now in the dataset under the tag (0 when the import stopped). */
  rowsAdded: number;
}

/**
 * Streams `file` into the dataset under `fileTag`. With a `fatal` result, an error or a cancel, the rows
 * already added are removed again, leaving the dataset as it was.
 */
export async function importFile(
  engine: Engine,
  file: File,
  { fileTag, engineImportMinBytes = ENGINE_IMPORT_MIN_BYTES, ...options }: ImportFileOptions,
): Promise<ImportedFile> {
  if ((await salesFiles(engine)).some((loaded) => loaded.sourceFile === fileTag)) {
    throw new RangeError(`fileTag must be new to the dataset, got ${JSON.stringify(fileTag)}, which is already loaded`);
  }
  const isDefaultRules = options.dateWindow === undefined && options.maxDateGapYears === undefined;
  if (engine.registerFile && isDefaultRules && file.size >= engineImportMinBytes) {
    const quick = await importByEngine(engine, file, fileTag, options);
    if (quick) return quick;
  }
  let rowsAdded = 0;
  let bytesRead = 0;
  let result: ParseResult;
  try {
    result = await parseFile(file, {
      ...options,
      fileTag,
      onProgress: (read, total) => {
        bytesRead = read;
        options.onProgress?.(read, total);
      },
      onBatch: async (bytes, rowCount) => {
        rowsAdded += await appendSalesBatch(engine, { bytes, rowCount });
      },
    });
  } catch (thrown) {
    if (rowsAdded > 0) await removeFile(engine, fileTag).catch(() => {});
    const memory = outOfMemory(thrown);
    if (memory) throw importOutOfMemory(options.fileName ?? file.name, { rowsAdded, bytesRead, fileBytes: file.size, ...memory });
    throw thrown;
  }
  if (result.fatal) {
    if (rowsAdded > 0) await removeFile(engine, fileTag);
    return { ...result, rowsAdded: 0 };
  }
  return { ...result, rowsAdded };
}

/**
 * The engine import of `file`, or null when it leaves the file to the careful import (nothing stored then).
 * Progress is the layout scan's: the bar fills as the file is read once, and "finishing" shows while DuckDB
 * reads it again.
 */
async function importByEngine(engine: Engine, file: File, fileTag: string, options: Omit<ImportFileOptions, 'fileTag'>): Promise<ImportedFile | null> {
  const { settings, mapping, signal, onProgress } = options;
  const register = engine.registerFile!.bind(engine);
  const layout = await scanFileLayout(file, settings, { signal, onProgress });
  if (engineImportSkip(settings, mapping, layout)) return null;
  const outcome = await importWithEngine(engine, {
    fileName: options.fileName ?? file.name,
    fileTag,
    settings,
    mapping,
    layout,
    signal,
    register: (name) => register(name, file),
    release: (name) => engine.dropBuffer(name),
  });
  if ('skipped' in outcome) {
    onProgress?.(0, file.size);
    return null;
  }
  return { ...outcome.result, rowsAdded: outcome.result.rowCount };
}

/** Stops the import worker (rejecting what it was doing); the next call starts a new one. */
export function stopImportWorker(): void {
  if (worker) crash(worker, 'The import worker was stopped.');
}

interface MemoryStop extends OutOfMemory {
  rowsAdded: number;
  bytesRead: number;
  fileBytes: number;
}

/**
 * IMPORT_OUT_OF_MEMORY: how far the import got and what limit it met, for the message that tells the user
 * what to do (the rows already stored have been taken out again by then).
 */
export function importOutOfMemory(fileName: string, stop: MemoryStop): Error & { code: 'IMPORT_OUT_OF_MEMORY'; file: string; params: Record<string, string | number> } {
  const error = new Error(`${fileName}: the database ran out of memory after ${stop.rowsAdded} rows`);
  return Object.assign(error, {
    code: 'IMPORT_OUT_OF_MEMORY' as const,
    file: fileName,
    params: {
      rows: stop.rowsAdded,
      readBytes: Math.max(stop.bytesRead, 0),
      sizeBytes: stop.fileBytes,
      ...(stop.limitBytes === null ? { limit: '?' } : { limitBytes: stop.limitBytes }),
    },
  });
}
