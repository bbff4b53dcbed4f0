// Every error code the user can meet, as runtime lists, so catalogs and tests can check that each
// one has a translated message and a next step. A code added to ImportErrorCode but not listed
// here is a type error (see the exhaustiveness checks below).
import type { ImportErrorCode } from '../import/types.ts';
import type { EngineError } from '../engine/engine.ts';
import type { AnalysisErrorCode } from '../analytics/types.ts';
import type { NotebookErrorCode } from '../notebook/errors.ts';

export const IMPORT_ERROR_CODES = [
  'IMPORT_EMPTY_FILE',
  'IMPORT_NO_DATA_ROWS',
  'IMPORT_OUT_OF_MEMORY',
  'IMPORT_FILE_TOO_LARGE',
  'IMPORT_BINARY_FILE',
  'IMPORT_SPREADSHEET_FILE',
  'IMPORT_UNSUPPORTED_ENCODING',
  'IMPORT_NO_DELIMITER',
  'IMPORT_UNTERMINATED_QUOTE',
  'IMPORT_MISSING_ROLE',
  'IMPORT_AMBIGUOUS_DATE',
  'IMPORT_UNKNOWN_DATE_FORMAT',
  'IMPORT_DUPLICATE_HEADER',
  'IMPORT_TOO_MANY_REJECTED',
  'IMPORT_RAGGED_ROW',
  'IMPORT_BAD_DATE',
  'IMPORT_IMPLAUSIBLE_DATE',
  'IMPORT_BAD_NUMBER',
  'IMPORT_MISSING_VALUE',
  'IMPORT_FIELD_TOO_LONG',
  'IMPORT_MIXED_ENCODING',
  'IMPORT_NUL_BYTES_REMOVED',
] as const satisfies readonly ImportErrorCode[];

export const ENGINE_ERROR_CODES = [
  'ENGINE_START_FAILED',
  'ENGINE_QUERY_FAILED',
  'ENGINE_QUERY_CANCELLED',
  'ENGINE_CRASHED',
] as const satisfies readonly EngineError['code'][];

export const ANALYSIS_ERROR_CODES = ['ANALYSIS_BAD_DATE', 'ANALYSIS_BAD_UNIT', 'ANALYSIS_NO_SALES'] as const satisfies readonly AnalysisErrorCode[];

export const NOTEBOOK_ERROR_CODES = [
  'NOTEBOOK_FILE_TOO_LARGE',
  'NOTEBOOK_FILE_NOT_JSON',
  'NOTEBOOK_FILE_FORBIDDEN_KEY',
  'NOTEBOOK_FILE_VERSION',
  'NOTEBOOK_FILE_INVALID',
  'NOTEBOOK_CELL_NAME',
  'NOTEBOOK_NOT_A_QUERY',
  'NOTEBOOK_SQL_FAILED',
  'NOTEBOOK_CHART_SOURCE',
  'NOTEBOOK_SAVE_FAILED',
  'NOTEBOOK_STORAGE_EVICTED',
] as const satisfies readonly NotebookErrorCode[];

/** Problems the screens themselves can meet (a demo that fails to download, a file the browser cannot read). */
export const APP_ERROR_CODES = ['DEMO_UNAVAILABLE', 'FILE_UNREADABLE', 'MEMORY_LIMIT_REACHED', 'ANALYSIS_WORKER_CRASHED', 'UNEXPECTED'] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];
export type ErrorCode = ImportErrorCode | EngineError['code'] | AnalysisErrorCode | NotebookErrorCode | AppErrorCode;

export const ERROR_CODES: readonly ErrorCode[] = [...IMPORT_ERROR_CODES, ...ENGINE_ERROR_CODES, ...ANALYSIS_ERROR_CODES, ...NOTEBOOK_ERROR_CODES, ...APP_ERROR_CODES];

// Exhaustiveness: these fail to compile when a code exists in a contract but not in the lists above.
type Unlisted<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
export const importCodesComplete: Unlisted<ImportErrorCode, (typeof IMPORT_ERROR_CODES)[number]> = true;
export const engineCodesComplete: Unlisted<EngineError['code'], (typeof ENGINE_ERROR_CODES)[number]> = true;
export const notebookCodesComplete: Unlisted<NotebookErrorCode, (typeof NOTEBOOK_ERROR_CODES)[number]> = true;
export const analysisCodesComplete: Unlisted<AnalysisErrorCode, (typeof ANALYSIS_ERROR_CODES)[number]> = true;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
