// How every Ciclo DuckDB is opened, in the browser and in Node alike.
import type { DuckDBConfig } from '@duckdb/duckdb-wasm/blocking';

/**
 * BIGINT, DECIMAL and HUGEINT are left as Arrow's own types and turned into plain numbers by arrow-rows.ts
 * (every value Ciclo reads is a money amount or a count far below 2^53). duckdb-wasm's `castBigIntToDouble`
 * and `castDecimalToDouble` relabel values inside lists and records as Float64 without converting the bytes,
 * so `list(bigint)` or `[1.5::DECIMAL(5,2)]` came back as 5e-324-sized garbage.
 */
export const DATABASE_CONFIG: DuckDBConfig = {
  query: { castBigIntToDouble: false, castDecimalToDouble: false },
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
