// Native DuckDB for the `ciclo` command, through the optional @duckdb/node-api package: the same Engine as
// node.ts, with the same offline settings and the same plain rows, several times faster on a large file.
// When the package (or its binary for this platform) is missing, `createNativeEngine` returns null and the
// command falls back on the WebAssembly build.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, type Vector } from 'apache-arrow';
import type { Engine, Row } from './engine.ts';
import { isoDateFromEpochMs } from './arrow-rows.ts';
import { arrowStreamProblem } from './arrow-stream.ts';
import { engineError, messageOf } from './engine-error.ts';
import { OFFLINE_SETTINGS } from './settings.ts';

// The few parts of @duckdb/node-api this file uses, declared here so that Ciclo type-checks and builds on a
// machine where the optional package is absent.
interface NativeType {
  readonly typeId: number;
  readonly valueType?: NativeType;
  readonly keyType?: NativeType;
  readonly entryNames?: readonly string[];
  readonly entryTypes?: readonly NativeType[];
}
interface NativeReader {
  columnNames(): string[];
  columnTypes(): NativeType[];
  getColumns(): unknown[][];
}
interface NativeAppender {
  columnType(index: number): NativeType;
  appendDataChunk(chunk: unknown): void;
  closeSync(): void;
}
interface NativeConnection {
  run(sql: string, values?: unknown[]): Promise<unknown>;
  runAndReadAll(sql: string, values?: unknown[]): Promise<NativeReader>;
  createAppender(table: string): Promise<NativeAppender>;
  closeSync(): void;
}
interface NativeInstance {
  connect(): Promise<NativeConnection>;
  closeSync(): void;
}
interface NativeApi {
  DuckDBInstance: { create(path: string, options: Record<string, string>): Promise<NativeInstance> };
  DuckDBDataChunk: { create(types: readonly NativeType[], rowCount: number): { setColumns(columns: unknown[][]): void } };
  listValue(items: readonly unknown[]): unknown;
}

// DuckDB's logical type ids (duckdb.h `DUCKDB_TYPE`), as node-api's `DuckDBType.typeId` reports them.
const T = {
  BOOLEAN: 1,
  TINYINT: 2,
  SMALLINT: 3,
  INTEGER: 4,
  BIGINT: 5,
  UTINYINT: 6,
  USMALLINT: 7,
  UINTEGER: 8,
  UBIGINT: 9,
  FLOAT: 10,
  DOUBLE: 11,
  TIMESTAMP: 12,
  DATE: 13,
  TIME: 14,
  INTERVAL: 15,
  HUGEINT: 16,
  VARCHAR: 17,
  BLOB: 18,
  DECIMAL: 19,
  TIMESTAMP_S: 20,
  TIMESTAMP_MS: 21,
  TIMESTAMP_NS: 22,
  ENUM: 23,
  LIST: 24,
  STRUCT: 25,
  MAP: 26,
  UUID: 27,
  TIMESTAMP_TZ: 31,
  UHUGEINT: 32,
  ARRAY: 33,
  BIGNUM: 35,
} as const;

const MS_PER_DAY = 86_400_000;
/** DuckDB's vector size: an appended data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

type Loaded = { api: NativeApi } | { problem: string };
let loading: Promise<Loaded> | null = null;

/** Loads @duckdb/node-api once; a missing package or platform binary is a reason, not an exception. */
function loadNativeApi(): Promise<Loaded> {
  // A variable specifier keeps bundlers and the type checker from requiring the optional package.
  const specifier = '@duckdb/node-api';
  loading ??= import(/* @vite-ignore */ specifier).then(
    (module: { default?: NativeApi } & Partial<NativeApi>) => ({ api: (module.DuckDBInstance ? module : module.default) as NativeApi }),
    (thrown: unknown) => ({
      problem: isModuleMissing(thrown) ? '@duckdb/node-api is not installed' : `@duckdb/node-api did not load (${messageOf(thrown).split('\n')[0]})`,
    }),
  );
  return loading;
}

function isModuleMissing(thrown: unknown): boolean {
  const code = typeof thrown === 'object' && thrown !== null ? (thrown as { code?: unknown }).code : undefined;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** Why native DuckDB cannot be used on this machine, or null when it can. */
export async function nativeEngineProblem(): Promise<string | null> {
  const loaded = await loadNativeApi();
  return 'problem' in loaded ? loaded.problem : null;
}

/**
 * Starts an in-memory native DuckDB, or returns null when @duckdb/node-api is not available. Rejects with
 * ENGINE_START_FAILED when the package is there but DuckDB does not open; calling it again retries.
 */
export async function createNativeEngine(): Promise<Engine | null> {
  const loaded = await loadNativeApi();
  if ('problem' in loaded) return null;
  const { api } = loaded;
  let instance: NativeInstance;
  let connection: NativeConnection;
  try {
    instance = await api.DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
    connection = await instance.connect();
    for (const statement of OFFLINE_SETTINGS) await connection.run(statement);
    // The native build carries ICU, which reads TIMESTAMPTZ in the machine's zone; the WebAssembly build has
    // no ICU and always works in UTC. Same answers on every machine.
    await connection.run("SET TimeZone = 'UTC'");
    // One thread, as the WebAssembly build: sums of doubles then add up in the same order on every run and
    // on both engines, so a result file is the same to the last digit whichever engine wrote it.
    await connection.run('SET threads = 1');
  } catch (thrown) {
    throw engineError('ENGINE_START_FAILED', `DuckDB did not start: ${messageOf(thrown)}`, thrown);
  }

  let closedBecause: string | null = null;
  let bufferFolder: string | null = null;
  // One call at a time, in the order they came: a connection runs one statement at a time, and an append's
  // transaction must not take in another call's statements.
  let tail: Promise<unknown> = Promise.resolve();
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(async () => {
      if (closedBecause !== null) throw engineError('ENGINE_CRASHED', closedBecause);
      try {
        return await work();
      } catch (thrown) {
        if (typeof thrown === 'object' && thrown !== null && 'code' in thrown && String(thrown.code).startsWith('ENGINE_')) throw thrown;
        throw engineError('ENGINE_QUERY_FAILED', messageOf(thrown), thrown);
      }
    });
    tail = run.catch(() => {});
    return run;
  }

  /** Registered buffers live as files in a private folder that DuckDB searches for relative names. */
  async function folder(): Promise<string> {
    if (bufferFolder === null) {
      bufferFolder = mkdtempSync(join(tmpdir(), 'ciclo-duckdb-'));
      await connection.run(`SET file_search_path = '${bufferFolder.replaceAll("'", "''")}'`);
    }
    return bufferFolder;
  }

  return {
    query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      return serial(async () => rowsOf<T>(await connection.runAndReadAll(sql, params.length > 0 ? [...params] : undefined)));
    },
    registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
      return serial(async () => {
        writeFileSync(join(await folder(), bufferFileName(name)), bytes);
      });
    },
    dropBuffer(name: string): Promise<void> {
      return serial(async () => {
        if (bufferFolder !== null) rmSync(join(bufferFolder, bufferFileName(name)), { force: true });
      });
    },
    insertArrowIpc(table: string, bytes: Uint8Array): Promise<void> {
      return serial(async () => {
        const problem = arrowStreamProblem(bytes);
        if (problem !== null) throw new Error(problem);
        const arrow = tableFromIPC(bytes);
        const columns = Array.from({ length: arrow.numCols }, (_, i) => stagedColumn(arrow.getChildAt(i)!, i));
        await connection.run('BEGIN TRANSACTION');
        try {
          await appendStaged(api, connection, table, arrow.numRows, columns);
          await connection.run('COMMIT');
        } catch (thrown) {
          await connection.run('ROLLBACK');
          throw thrown;
        }
      });
    },
    close(): Promise<void> {
      if (closedBecause !== null) return Promise.resolve();
      closedBecause = 'The DuckDB engine was closed.';
      // Calls still waiting in the queue are rejected; the one running ends, then DuckDB and the folder go.
      return tail.then(() => {
        try {
          connection.closeSync();
          instance.closeSync();
        } catch {
          // Nothing left to release.
        }
        if (bufferFolder !== null) rmSync(bufferFolder, { recursive: true, force: true });
      });
    },
  };
}

/** A registered name as a file name in the buffer folder; a name that would leave the folder is refused. */
function bufferFileName(name: string): string {
  if (name === '' || /[/\\]/.test(name) || name === '.' || name === '..') {
    throw new Error(`a buffer name must be a plain file name, got ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * One Arrow column on its way into DuckDB: plain values of `sqlType` for a staging table, and the SQL that
 * turns the staged column into the value to insert. Text columns travel as dictionary keys (each distinct text
 * crosses into DuckDB once, and `$n[key + 1]` looks it up) and dates as day numbers: far fewer values to hand
 * over one by one than the rows' texts and dates.
 */
interface StagedColumn {
  sqlType: string;
  values: unknown[];
  /** `c` stands for the staged column; `$d` for the dictionary, bound as a VARCHAR list. */
  expression: string;
  dictionary?: string[];
}

const STAGE_TABLE = 'ciclo_native_append_stage';

/** Arrow's `Type` ids and units (format/Schema.fbs), as apache-arrow's `DataType.typeId` reports them. */
const ARROW = { INT: 2, FLOAT: 3, UTF8: 5, BOOL: 6, DATE: 8, DICTIONARY: -1, DATE_DAY: 0, FLOAT_DOUBLE: 2 } as const;

function stagedColumn(vector: Vector, index: number): StagedColumn {
  const type = vector.type as { typeId: number; bitWidth?: number; isSigned?: boolean; precision?: number; unit?: number; dictionary?: { typeId: number } };
  const chunks = vector.data;
  const plain = (sqlType: string): StagedColumn => ({ sqlType, values: valuesOf(chunks, (data) => data.values as ArrayLike<unknown>), expression: 'c' });
  switch (type.typeId) {
    case ARROW.DICTIONARY: {
      const dictionary = chunks[0]?.dictionary;
      if (type.dictionary?.typeId === ARROW.UTF8 && dictionary !== undefined && chunks.every((data) => data.dictionary === dictionary)) {
        return { sqlType: 'INTEGER', values: valuesOf(chunks, (data) => data.values as ArrayLike<number>), expression: '$d[c + 1]', dictionary: Array.from(dictionary as Iterable<string>) };
      }
      return { sqlType: 'VARCHAR', values: Array.from(vector as Iterable<unknown>, (v) => (v == null ? null : String(v))), expression: 'c' };
    }
    case ARROW.UTF8:
      return { sqlType: 'VARCHAR', values: Array.from(vector as Iterable<unknown>, (v) => (v == null ? null : String(v))), expression: 'c' };
    case ARROW.DATE:
      if (type.unit === ARROW.DATE_DAY) return { ...plain('INTEGER'), expression: "DATE '1970-01-01' + c" };
      break;
    case ARROW.FLOAT:
      return plain(type.precision === ARROW.FLOAT_DOUBLE ? 'DOUBLE' : 'FLOAT');
    case ARROW.INT:
      if (type.bitWidth !== 64) return plain(type.isSigned === false ? `UINTEGER` : 'INTEGER');
      return { sqlType: type.isSigned === false ? 'UBIGINT' : 'BIGINT', values: Array.from(vector as Iterable<unknown>), expression: 'c' };
    case ARROW.BOOL:
      return { sqlType: 'BOOLEAN', values: Array.from(vector as Iterable<unknown>), expression: 'c' };
  }
  throw new Error(`column ${index + 1} of the Arrow stream has type ${String(vector.type)}, which the native engine does not append`);
}

/** Every row's value of a column's chunks (null where the validity bitmap says so), read straight from the buffers. */
function valuesOf(chunks: Vector['data'], buffer: (data: Vector['data'][number]) => ArrayLike<unknown>): unknown[] {
  const out: unknown[] = [];
  for (const data of chunks) {
    const values = buffer(data);
    const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
    for (let i = 0; i < data.length; i++) {
      const bit = data.offset + i;
      out.push(bitmap !== undefined && (bitmap[bit >> 3]! & (1 << (bit & 7))) === 0 ? null : values[i]);
    }
  }
  return out;
}

/**
 * Appends the staged columns to `table` by position: into a staging table with DuckDB's appender, in chunks of
 * its vector size, then with one INSERT … SELECT that decodes them (and lets DuckDB cast to the table's types
 * and check its constraints). The caller holds the transaction.
 */
async function appendStaged(api: NativeApi, connection: NativeConnection, table: string, rowCount: number, columns: readonly StagedColumn[]): Promise<void> {
  const stageColumns = columns.map((column, i) => `c${i} ${column.sqlType}`).join(', ');
  await connection.run(`CREATE OR REPLACE TABLE ${STAGE_TABLE} (${stageColumns})`);
  const appender = await connection.createAppender(STAGE_TABLE);
  try {
    const types = columns.map((_, i) => appender.columnType(i));
    for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
      const end = Math.min(rowCount, start + CHUNK_ROWS);
      const chunk = api.DuckDBDataChunk.create(types, end - start);
      chunk.setColumns(columns.map((column) => column.values.slice(start, end)));
      appender.appendDataChunk(chunk);
    }
  } finally {
    appender.closeSync();
  }
  const params: unknown[] = [];
  const select = columns.map((column, i) => {
    let expression = column.expression.replaceAll(/\bc\b/g, `c${i}`);
    if (column.dictionary !== undefined) {
      params.push(api.listValue(column.dictionary));
      expression = expression.replace('$d', `($${params.length}::VARCHAR[])`);
    }
    return expression;
  });
  await connection.run(`INSERT INTO ${table} SELECT ${select.join(', ')} FROM ${STAGE_TABLE}`, params.length > 0 ? params : undefined);
  await connection.run(`DROP TABLE ${STAGE_TABLE}`);
}

/** Copies a result into plain rows, converting each column by its DuckDB type. */
function rowsOf<T extends Row>(reader: NativeReader): T[] {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const columns = reader.getColumns();
  const rowCount = columns[0]?.length ?? 0;
  const rows: Row[] = Array.from({ length: rowCount }, () => ({}));
  for (let c = 0; c < names.length; c++) {
    const name = names[c]!;
    const type = types[c]!;
    const column = columns[c]!;
    for (let r = 0; r < rowCount; r++) rows[r]![name] = plainValue(column[r], type);
  }
  return rows as T[];
}

/**
 * One value as the WebAssembly engine gives it (arrow-rows.ts): integers of any width and DECIMAL as
 * numbers, DATE as `YYYY-MM-DD`, TIMESTAMP as `YYYY-MM-DDTHH:MM:SS.sss` (with `Z` for TIMESTAMPTZ), lists
 * as arrays and records as objects, recursively.
 */
function plainValue(value: unknown, type: NativeType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case T.BIGINT:
    case T.UBIGINT:
    case T.HUGEINT:
    case T.UHUGEINT:
    case T.BIGNUM:
      return Number(value as bigint);
    case T.DECIMAL:
      return (value as { toDouble(): number }).toDouble();
    case T.DATE:
      return isoDateFromEpochMs((value as { days: number }).days * MS_PER_DAY);
    case T.TIMESTAMP:
      return isoTimestamp(Number((value as { micros: bigint }).micros) / 1000, false);
    case T.TIMESTAMP_TZ:
      return isoTimestamp(Number((value as { micros: bigint }).micros) / 1000, true);
    case T.TIMESTAMP_S:
      return isoTimestamp(Number((value as { seconds: bigint }).seconds) * 1000, false);
    case T.TIMESTAMP_MS:
      return isoTimestamp(Number((value as { millis: bigint }).millis), false);
    case T.TIMESTAMP_NS:
      return isoTimestamp(Number((value as { nanos: bigint }).nanos) / 1e6, false);
    case T.TIME:
      // Microseconds since midnight, the number the Arrow path gives.
      return Number((value as { micros: bigint }).micros);
    case T.LIST:
    case T.ARRAY:
      return (value as { items: readonly unknown[] }).items.map((item) => plainValue(item, type.valueType!));
    case T.STRUCT: {
      const entries = (value as { entries: Readonly<Record<string, unknown>> }).entries;
      const record: Row = {};
      (type.entryNames ?? []).forEach((name, i) => (record[name] = plainValue(entries[name], type.entryTypes![i]!)));
      return record;
    }
    case T.MAP: {
      // The Arrow path gives a map as a record of its keys.
      const record: Row = {};
      for (const { key, value: item } of (value as { entries: { key: unknown; value: unknown }[] }).entries) {
        record[String(plainValue(key, type.keyType!))] = plainValue(item, type.valueType!);
      }
      return record;
    }
    case T.BLOB:
      return (value as { bytes: Uint8Array }).bytes;
    case T.INTERVAL: {
      const { months, days, micros } = value as { months: number; days: number; micros: bigint };
      return { months, days, micros: Number(micros) };
    }
    case T.UUID:
    case T.ENUM:
      return String(value);
    default:
      return typeof value === 'bigint' ? Number(value) : typeof value === 'object' ? String(value) : value;
  }
}

/** As arrow-rows.ts: milliseconds since 1970 (a fraction is cut off), without a zone unless `hasZone`. */
function isoTimestamp(ms: number, hasZone: boolean): string {
  const text = new Date(ms).toISOString();
  return hasZone ? text : text.slice(0, -1);
}
