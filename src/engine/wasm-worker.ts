// DuckDB in the browser: the WebAssembly build runs in its own Web Worker, served from this site
// (no CDN), so the user's sales data never leaves the tab.
import { AsyncDuckDB, DuckDBDataProtocol, VoidLogger, getPlatformFeatures, type AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import { Table, type RecordBatch } from 'apache-arrow';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { Engine, EngineError, QueryOptions, Row } from './engine.ts';
import { rowsFromArrow } from './arrow-rows.ts';
import { arrowStreamProblem } from './arrow-stream.ts';
import { engineError, isQueryCancelled, isWasmTrap, messageOf, queryCancelled } from './engine-error.ts';
import { DATABASE_CONFIG, OFFLINE_SETTINGS } from './settings.ts';

export interface WasmEngineOptions {
  /** Called once if the engine dies after it started (every pending call has been rejected by then). */
  onCrash?: (error: Error & EngineError) => void;
}

/**
 * Starts DuckDB in a new Web Worker (the `eh` bundle only: WebAssembly exceptions are in every browser
 * Ciclo supports). Rejects with ENGINE_START_FAILED; calling it again retries from scratch.
 * When the worker dies, every pending call rejects with ENGINE_CRASHED and so does every later call:
 * start a new engine and reload the dataset.
 */
export async function createWasmEngine({ onCrash }: WasmEngineOptions = {}): Promise<Engine> {
  const features = await getPlatformFeatures();
  if (!features.wasmExceptions) {
    throw engineError(
      'ENGINE_START_FAILED',
      'This browser lacks WebAssembly exception handling, which DuckDB needs. Use a current Chrome, Edge, Firefox or Safari.',
    );
  }

  let worker: Worker;
  try {
    worker = new Worker(workerUrl);
  } catch (thrown) {
    throw engineError('ENGINE_START_FAILED', `DuckDB's worker did not start: ${messageOf(thrown)}`, thrown);
  }

  const pending = new Set<(error: Error & EngineError) => void>();
  let stoppedWith: (Error & EngineError) | null = null;
  let hasStarted = false;

  function stop(error: Error & EngineError): void {
    if (stoppedWith) return;
    stoppedWith = error;
    worker.terminate();
    for (const reject of pending) reject(error);
    pending.clear();
  }

  function crash(message: string, cause?: unknown): void {
    if (stoppedWith) return;
    const error = engineError('ENGINE_CRASHED', message, cause);
    stop(error);
    if (hasStarted) onCrash?.(error);
  }

  // Registered before AsyncDuckDB attaches its own listener: stopping propagation keeps that listener
  // from logging to the console and from dropping its pending requests without settling them
  // (duckdb-wasm 1.32 `AsyncDuckDB.onError`); every pending call is rejected here instead.
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    event.stopImmediatePropagation();
    crash(`DuckDB's worker stopped: ${event.message || 'it could not be loaded or ran out of memory'}`);
  });
  worker.addEventListener('messageerror', () => crash("DuckDB's worker sent a reply that could not be read."));

  const db = new AsyncDuckDB(new VoidLogger(), worker);

  // Calls take turns. An interruptible statement runs as a pending query, in slices the engine asks for one
  // message at a time (see `interruptibleQuery`); any other request on the connection between two slices
  // would end that statement, so the next call starts only when the previous one has settled.
  let turns: Promise<unknown> = Promise.resolve();

  /**
   * Runs one call to the worker after the calls made before it, settling it even if the worker dies before
   * answering. An aborted `signal` rejects it with ENGINE_QUERY_CANCELLED at once; if its turn has not
   * come yet, it never reaches DuckDB.
   */
  function call<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (stoppedWith) return Promise.reject(stoppedWith);
    if (signal?.aborted) return Promise.reject(queryCancelled(signal.reason));
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        pending.delete(reject);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        settle();
        reject(queryCancelled(signal?.reason));
      };
      pending.add(reject);
      signal?.addEventListener('abort', onAbort, { once: true });
      const turn = turns.then(() => {
        if (stoppedWith) throw stoppedWith;
        if (signal?.aborted) throw queryCancelled(signal.reason);
        return work();
      });
      turns = turn.catch(() => {});
      turn.then(
        (value) => {
          settle();
          // An abort that came after DuckDB had finished still means the caller no longer wants the answer.
          if (signal?.aborted) reject(queryCancelled(signal.reason));
          else resolve(value);
        },
        (thrown: unknown) => {
          settle();
          if (!stoppedWith && isWasmTrap(thrown)) {
            crash(`DuckDB stopped after an internal failure: ${messageOf(thrown)}`, thrown);
          }
          if (stoppedWith) reject(stoppedWith);
          else if (isQueryCancelled(thrown) || signal?.aborted) reject(isQueryCancelled(thrown) ? thrown : queryCancelled(thrown));
          else reject(engineError('ENGINE_QUERY_FAILED', messageOf(thrown), thrown));
        },
      );
    });
  }

  let connection: AsyncDuckDBConnection;
  try {
    await call(() => db.instantiate(wasmUrl));
    await call(() => db.open(DATABASE_CONFIG));
    connection = await call(() => db.connect());
    for (const statement of OFFLINE_SETTINGS) await call(() => connection.query(statement));
  } catch (thrown) {
    const error = engineError('ENGINE_START_FAILED', `DuckDB did not start: ${messageOf(thrown)}`, thrown);
    stop(error);
    throw error;
  }
  hasStarted = true;

  /**
   * Runs `sql` as a pending query: DuckDB works on it for a slice of time per message (100 ms by default),
   * so between two slices the worker reads the cancel message, drops the pending query (DuckDB rolls it
   * back) and the next slice fails with "query was canceled". The connection stays open and usable.
   * duckdb-wasm 1.32: `AsyncDuckDBConnection.send` polls the slices, `cancelSent` cancels them.
   */
  async function interruptibleQuery(sql: string, signal: AbortSignal): Promise<Table> {
    let cancelling: Promise<boolean> | null = null;
    const interrupt = () => {
      cancelling = connection.cancelSent();
    };
    signal.addEventListener('abort', interrupt, { once: true });
    try {
      const reader = await connection.send(sql);
      // `send` gives nothing back when the worker went away; the pending call is rejected with the crash.
      if (!reader) throw engineError('ENGINE_CRASHED', "DuckDB's worker stopped during the query.");
      const batches: RecordBatch[] = [];
      for await (const batch of reader) batches.push(batch);
      return new Table(reader.schema, batches);
    } catch (thrown) {
      throw signal.aborted ? queryCancelled(thrown) : thrown;
    } finally {
      signal.removeEventListener('abort', interrupt);
      // The cancel message is answered before the next call takes its turn.
      await (cancelling as Promise<boolean> | null)?.catch(() => false);
    }
  }

  return {
    /**
     * With a `signal` and no parameters the statement can be interrupted while it runs. A statement with
     * parameters runs as one prepared call, which DuckDB cannot interrupt: an abort then only drops its answer.
     */
    query<T extends Row = Row>(sql: string, params: readonly unknown[] = [], { signal }: QueryOptions = {}): Promise<T[]> {
      return call(async () => {
        if (params.length === 0) {
          return rowsFromArrow<T>(signal ? await interruptibleQuery(sql, signal) : await connection.query(sql));
        }
        const statement = await connection.prepare(sql);
        try {
          return rowsFromArrow<T>(await statement.query(...params));
        } finally {
          await statement.close();
        }
      }, signal);
    },
    registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
      // duckdb-wasm transfers the ArrayBuffer to its worker, which would empty the caller's array; a copy
      // keeps the caller's bytes usable, as with the Node engine.
      const copy = bytes.slice();
      return call(() => db.registerFileBuffer(name, copy));
    },
    registerFile(name: string, file: Blob): Promise<void> {
      // DuckDB's worker reads the File's slices synchronously as the query needs them (FileReaderSync).
      return call(() => db.registerFileHandle(name, file, DuckDBDataProtocol.BROWSER_FILEREADER, true));
    },
    dropBuffer(name: string): Promise<void> {
      return call(async () => {
        await db.dropFile(name);
      });
    },
    insertArrowIpc(table: string, bytes: Uint8Array): Promise<void> {
      return call(async () => {
        const problem = arrowStreamProblem(bytes);
        if (problem !== null) throw new Error(problem);
        // As with registerBuffer: duckdb-wasm transfers the ArrayBuffer to its worker, so it gets a copy.
        await connection.insertArrowFromIPCStream(bytes.slice(), { name: table, create: false });
      });
    },
    async close(): Promise<void> {
      stop(engineError('ENGINE_CRASHED', 'The DuckDB engine was closed.'));
    },
  };
}

// One engine for the page, started on first use (never at import), so the UI can warm it up while the
// user is still picking a file.
let current: Promise<Engine> | null = null;
const crashListeners = new Set<(error: Error & EngineError) => void>();

/** The page's DuckDB: starts it on the first call, and again after a failed start or a crash. */
export function getBrowserEngine(): Promise<Engine> {
  if (current) return current;
  const starting: Promise<Engine> = createWasmEngine({
    onCrash: (error) => {
      if (current === starting) current = null;
      for (const listener of crashListeners) listener(error);
    },
  });
  current = starting;
  // A failed start is forgotten, so the next call retries. (This handler also keeps a warm-up call
  // that nobody awaits from reporting an unhandled rejection.)
  starting.catch(() => {
    if (current === starting) current = null;
  });
  return starting;
}

/** Closes the page's DuckDB (rejecting its pending calls) and starts a fresh one. */
export function restartBrowserEngine(): Promise<Engine> {
  const previous = current;
  current = null;
  previous?.then((engine) => engine.close()).catch(() => {});
  return getBrowserEngine();
}

/** Subscribes to crashes of the page's DuckDB; returns the unsubscribe function. */
export function onBrowserEngineCrash(listener: (error: Error & EngineError) => void): () => void {
  crashListeners.add(listener);
  return () => crashListeners.delete(listener);
}
