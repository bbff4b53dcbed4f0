// The one interface Ciclo uses to talk to DuckDB. Two implementations: the browser's Web Worker
// (wasm-worker.ts) and Node's blocking build for the CLI and unit tests (node.ts).

export type Row = Record<string, unknown>;

export interface EngineError {
  code: 'ENGINE_START_FAILED' | 'ENGINE_QUERY_FAILED' | 'ENGINE_QUERY_CANCELLED' | 'ENGINE_CRASHED';
  message: string;
}

export interface QueryOptions {
  /**
   * Aborting it stops the statement: the call rejects with ENGINE_QUERY_CANCELLED and the engine stays
   * usable. The browser engine interrupts DuckDB while the statement runs (it rolls back); the Node engine
   * runs each statement in one blocking call, so there only a signal already aborted before the call
   * stops it. A statement that finished before the abort reached DuckDB keeps its effects.
   */
  signal?: AbortSignal;
}

export interface Engine {
  /**
   * Runs one statement with bound parameters (`$1`, `$2`, …) and returns plain rows. Calls run one after
   * another, in the order they were made.
   */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]>;
  /** Makes bytes readable by SQL under `name` (e.g. in `read_csv('name')`). */
  registerBuffer(name: string, bytes: Uint8Array): Promise<void>;
  /**
   * Makes a browser File readable by SQL under `name` without copying it: DuckDB reads its slices as it goes.
   * Only the browser engine has it; `dropBuffer` forgets the file.
   */
  registerFile?(name: string, file: Blob): Promise<void>;
  /** Forgets a registered buffer. */
  dropBuffer(name: string): Promise<void>;
  /**
   * Appends the rows of a complete Arrow IPC stream to the existing table `table` (a name from code, never
   * from the user), matching columns by position, in one statement: if it fails, none of the rows stay.
   * The caller keeps its bytes.
   */
  insertArrowIpc(table: string, bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
