// Errors the engine rejects with: real `Error`s (so stacks survive) that also carry the stable `code`
// of the `EngineError` contract, which the UI translates.
import type { EngineError } from './engine.ts';

export type EngineErrorCode = EngineError['code'];

const CODES: ReadonlySet<string> = new Set<EngineErrorCode>([
  'ENGINE_START_FAILED',
  'ENGINE_QUERY_FAILED',
  'ENGINE_QUERY_CANCELLED',
  'ENGINE_CRASHED',
]);

/** Builds the error every engine method rejects with. */
export function engineError(code: EngineErrorCode, message: string, cause?: unknown): Error & EngineError {
  const error = new Error(message, cause === undefined ? undefined : { cause }) as Error & EngineError;
  error.name = 'EngineError';
  error.code = code;
  return error;
}

/** True for anything carrying one of the engine's error codes (also plain `{ code, message }` records). */
export function isEngineError(value: unknown): value is EngineError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return typeof code === 'string' && CODES.has(code) && typeof message === 'string';
}

/** True when a query stopped because its caller aborted it (see `QueryOptions.signal`). */
export function isQueryCancelled(value: unknown): boolean {
  return isEngineError(value) && value.code === 'ENGINE_QUERY_CANCELLED';
}

/** The error a query rejects with when its signal aborted it. */
export function queryCancelled(cause?: unknown): Error & EngineError {
  return engineError('ENGINE_QUERY_CANCELLED', 'The query was cancelled.', cause);
}

/** The message DuckDB (or the runtime) gave, whatever was thrown. */
export function messageOf(thrown: unknown): string {
  let message: string;
  if (thrown instanceof Error) message = thrown.message;
  else if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) message = String(thrown.message);
  else message = String(thrown);
  return readableDuckDbMessage(message);
}

/**
 * duckdb-wasm reports a failed Arrow insert as DuckDB's error record in JSON
 * (`{"exception_type":"Constraint","exception_message":"…"}`); this gives it the wording of a failed
 * query (`Constraint Error: …`). Any other message comes back unchanged.
 */
function readableDuckDbMessage(message: string): string {
  if (!message.startsWith('{"exception_type"')) return message;
  try {
    const record = JSON.parse(message) as { exception_type?: unknown; exception_message?: unknown };
    if (typeof record.exception_type === 'string' && typeof record.exception_message === 'string') {
      return `${record.exception_type} Error: ${record.exception_message}`;
    }
  } catch {
    // Not JSON after all: keep the text as it came.
  }
  return message;
}

/**
 * A WebAssembly trap (`RuntimeError`: out of memory, `unreachable`, an Emscripten abort) leaves the DuckDB
 * instance in an undefined state, so it counts as a crash rather than as a failed query.
 * https://developer.mozilla.org/docs/WebAssembly/Reference/JavaScript_interface/RuntimeError
 */
export function isWasmTrap(thrown: unknown): boolean {
  return typeof thrown === 'object' && thrown !== null && (thrown as { name?: unknown }).name === 'RuntimeError';
}
