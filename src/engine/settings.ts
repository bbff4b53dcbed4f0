// How every Ciclo DuckDB is opened, in the browser and in Node alike.
import type { DuckDBConfig } from '@duckdb/duckdb-wasm/blocking';

/**
 * DECIMAL (and HUGEINT) arrive as doubles instead of Arrow big numbers. BIGINT is left as Arrow Int64 and
 * turned into a plain number by arrow-rows.ts (every value Ciclo reads is a money amount or a count far
 * below 2^53): duckdb-wasm's `castBigIntToDouble` relabels Int64 inside lists and records as Float64 without
 * converting the bytes, so `list(bigint)` came back as 5e-324-sized garbage.
 */
export const DATABASE_CONFIG: DuckDBConfig = {
  query: { castBigIntToDouble: false, castDecimalToDouble: true },
};

/**
 * Run right after opening. Without them, using the JSON type, Parquet or Excel makes DuckDB download an
 * extension from extensions.duckdb.org: a request to the internet from a tool that promises none.
 * With them, those features fail locally with a Catalog Error instead.
 */
export const OFFLINE_SETTINGS: readonly string[] = [
  'SET autoload_known_extensions = false',
  'SET autoinstall_known_extensions = false',
];
