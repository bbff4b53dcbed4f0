// The one interface Ciclo uses to talk to DuckDB. Two implementations: the browser's Web Worker
// (wasm-worker.ts) and Node's blocking build for the CLI and unit tests (node.ts).

export type Row = Record<string, unknown>;

export interface EngineError {
  code: 'ENGINE_START_FAILED' | 'ENGINE_QUERY_FAILED' | 'ENGINE_CRASHED';
  message: string;
}

export interface Engine {
  /** Runs one statement with bound parameters (`$1`, `$2`, …) and returns plain rows. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Makes bytes readable by SQL under `name` (e.g. in `read_csv('name')`). */
  registerBuffer(name: string, bytes: Uint8Array): Promise<void>;
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
