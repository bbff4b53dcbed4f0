// DuckDB for the `ciclo` command and the unit tests: the same WebAssembly build the site runs, in its
// synchronous Node flavour, so SQL behaves identically in the browser, the CLI and Vitest.
import { createRequire } from 'node:module';
import { createDuckDB, NODE_RUNTIME, VoidLogger } from '@duckdb/duckdb-wasm/blocking';
import type { Engine, QueryOptions, Row } from './engine.ts';
import { rowsFromArrow } from './arrow-rows.ts';
import { arrowStreamProblem } from './arrow-stream.ts';
import { engineError, isWasmTrap, messageOf, queryCancelled } from './engine-error.ts';
import { DATABASE_CONFIG, OFFLINE_SETTINGS } from './settings.ts';

/**
 * Where DuckDB's files sit in node_modules. Resolved at run time (not bundled), because the CLI build
 * leaves `@duckdb/*` external and the wasm must be read from the installed package.
 */
function bundlePaths() {
  const resolve = createRequire(import.meta.url).resolve;
  const file = (name: string) => resolve(`@duckdb/duckdb-wasm/dist/${name}`);
  return {
    eh: { mainModule: file('duckdb-eh.wasm'), mainWorker: file('duckdb-node-eh.worker.cjs') },
    // The bundle type requires an `mvp` entry; Node ≥ 20 always takes `eh` (WebAssembly exceptions).
    mvp: { mainModule: file('duckdb-mvp.wasm'), mainWorker: file('duckdb-node-mvp.worker.cjs') },
  };
}

/** Starts an in-process DuckDB. Rejects with ENGINE_START_FAILED; calling it again retries. */
export async function createNodeEngine(): Promise<Engine> {
  let db: Awaited<ReturnType<typeof createDuckDB>>;
  let connection: ReturnType<typeof db.connect>;
  try {
    db = await createDuckDB(bundlePaths(), new VoidLogger(), NODE_RUNTIME);
    await db.instantiate(() => {});
    db.open(DATABASE_CONFIG);
    connection = db.connect();
    for (const statement of OFFLINE_SETTINGS) connection.query(statement);
  } catch (thrown) {
    throw engineError('ENGINE_START_FAILED', `DuckDB did not start: ${messageOf(thrown)}`, thrown);
  }

  let closedBecause: string | null = null;

  /** Runs one synchronous DuckDB call, mapping what it throws to the engine's error codes. */
  function guarded<T>(work: () => T): Promise<T> {
    if (closedBecause !== null) return Promise.reject(engineError('ENGINE_CRASHED', closedBecause));
    try {
      return Promise.resolve(work());
    } catch (thrown) {
      if (isWasmTrap(thrown)) {
        closedBecause = `DuckDB stopped after an internal failure: ${messageOf(thrown)}`;
        return Promise.reject(engineError('ENGINE_CRASHED', closedBecause, thrown));
      }
      return Promise.reject(engineError('ENGINE_QUERY_FAILED', messageOf(thrown), thrown));
    }
  }

  return {
    /**
     * The blocking build runs a statement in one synchronous call, which nothing can interrupt: a signal
     * that is already aborted stops the statement before it starts (ENGINE_QUERY_CANCELLED); one aborted
     * later has no effect on this call.
     */
    query<T extends Row = Row>(sql: string, params: readonly unknown[] = [], { signal }: QueryOptions = {}): Promise<T[]> {
      if (signal?.aborted && closedBecause === null) return Promise.reject(queryCancelled(signal.reason));
      return guarded(() => {
        if (params.length === 0) return rowsFromArrow<T>(connection.query(sql));
        const statement = connection.prepare(sql);
        try {
          return rowsFromArrow<T>(statement.query(...params));
        } finally {
          statement.close();
        }
      });
    },
    registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
      return guarded(() => db.registerFileBuffer(name, bytes));
    },
    dropBuffer(name: string): Promise<void> {
      return guarded(() => db.dropFile(name));
    },
    insertArrowIpc(table: string, bytes: Uint8Array): Promise<void> {
      return guarded(() => {
        const problem = arrowStreamProblem(bytes);
        if (problem !== null) throw new Error(problem);
        // Copied into DuckDB's memory, so the caller's bytes stay as they were.
        connection.insertArrowFromIPCStream(bytes, { name: table, create: false });
      });
    },
    close(): Promise<void> {
      if (closedBecause !== null) return Promise.resolve();
      closedBecause = 'The DuckDB engine was closed.';
      try {
        connection.close();
        db.reset();
      } catch {
        // Closing a database that already failed has nothing left to release.
      }
      return Promise.resolve();
    },
  };
}
