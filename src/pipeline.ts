// The one place where imported sales lines meet SQL: the UI and the `ciclo` command both load, page
// through and undo their data with these functions, so both see the same dataset.
import type { Engine } from './engine/engine.ts';
import type { SalesRow } from './import/types.ts';
import { encodeSalesBatch, type SalesBatch } from './pipeline/sales-batch.ts';
import {
  SALES_TABLE,
  createSales,
  deleteSalesFile,
  run,
  salesFiles as salesFilesQuery,
  salesPage as salesPageQuery,
  salesPageTotal,
  salesSummary as salesSummaryQuery,
  type SalesPageRequest,
} from './sql/index.ts';

export type { SalesPageRequest, SalesFilter, SalesSort, ColumnFilter, SalesColumn } from './sql/index.ts';
export type { SalesBatch } from './pipeline/sales-batch.ts';

export interface SalesSummary {
  rows: number;
  customers: number;
  /** ISO date of the earliest order, null when the dataset is empty. */
  firstDate: string | null;
  lastDate: string | null;
  revenue: number;
  files: number;
}

/** One append, as the file list shows it. */
export interface SalesFile {
  sourceFile: string;
  rows: number;
  customers: number;
  firstDate: string;
  lastDate: string;
  revenue: number;
}

export interface SalesPage {
  rows: SalesRow[];
  /** Rows under the filter, across all pages. */
  total: number;
}

/** Creates the empty `sales` table (replacing any previous one). */
export async function createDataset(engine: Engine): Promise<void> {
  await run(engine, createSales, {});
}

/** Empties the dataset. */
export async function clearSales(engine: Engine): Promise<void> {
  await run(engine, createSales, {});
}

/**
 * Appends a sales batch (see pipeline/sales-batch.ts) to the dataset; its rows carry the tag the batch
 * was built with as their `source_file`. Returns the number of rows added. One append is one statement:
 * if it fails, none of its rows stay. A file sent in several batches under one tag is undone with `removeFile`.
 */
export async function appendSalesBatch(engine: Engine, batch: SalesBatch): Promise<number> {
  // Nothing to add; older duckdb-wasm versions even broke on an empty Arrow insert
  // (https://github.com/duckdb/duckdb-wasm/issues/1262).
  if (batch.rowCount === 0) return 0;
  await engine.insertArrowIpc(SALES_TABLE, batch.bytes);
  return batch.rowCount;
}

/** Appends sales rows under `fileTag` (their own `source_file` is replaced by the tag). Returns rows added. */
export async function appendSalesRows(engine: Engine, rows: readonly SalesRow[], fileTag: string): Promise<number> {
  if (rows.length === 0) return 0;
  return appendSalesBatch(engine, encodeSalesBatch(rows, fileTag));
}

/** Removes every row appended under `fileTag`, keeping the other files. Returns rows removed. */
export async function removeFile(engine: Engine, fileTag: string): Promise<number> {
  const [changed] = await run(engine, deleteSalesFile, { sourceFile: fileTag });
  return changed?.Count ?? 0;
}

/** Totals of the whole dataset. */
export async function salesSummary(engine: Engine): Promise<SalesSummary> {
  const [row] = await run(engine, salesSummaryQuery, {});
  if (!row) throw new Error('sales-summary returned no row');
  return {
    rows: row.rows,
    customers: row.customers,
    firstDate: row.first_date,
    lastDate: row.last_date,
    revenue: row.revenue,
    files: row.files,
  };
}

/** The files in the dataset, in the order they were added. */
export async function salesFiles(engine: Engine): Promise<SalesFile[]> {
  const rows = await run(engine, salesFilesQuery, {});
  return rows.map((row) => ({
    sourceFile: row.source_file,
    rows: row.rows,
    customers: row.customers,
    firstDate: row.first_date,
    lastDate: row.last_date,
    revenue: row.revenue,
  }));
}

/** One page of the grid and the total under its filter. */
export async function salesPage(engine: Engine, request: SalesPageRequest): Promise<SalesPage> {
  if (!request.sort) {
    const [rows, totals] = await Promise.all([run(engine, salesPageQuery, request), run(engine, salesPageTotal, request.filter)]);
    return { rows, total: totals[0]?.total ?? 0 };
  }
  // Sorted, a page in the second half is read from the other end: a jump to the end of a million
  // sorted rows then costs a short top-N rather than a sort that skips almost all of them.
  const total = (await run(engine, salesPageTotal, request.filter))[0]?.total ?? 0;
  if (request.offset * 2 <= total) return { rows: await run(engine, salesPageQuery, request), total };
  const end = Math.min(total, request.offset + request.limit);
  if (end <= request.offset) return { rows: [], total };
  const mirrored = { ...request, offset: total - end, limit: end - request.offset, isBackwards: true };
  return { rows: (await run(engine, salesPageQuery, mirrored)).reverse(), total };
}

export {
  analyzeCustomers,
  analysisError,
  compareAnalyses,
  customerDetail,
  defaultAnalysisDate,
  HISTORY_PERIODS,
  STAGE_HISTORY_MONTHS,
} from './pipeline/analyze.ts';
export type { AnalyzeOptions, AnalysisError, AnalysisErrorCode } from './pipeline/analyze.ts';
export type { Analysis, AnalysisSettings, CustomerAnalysis, CustomerDetail, StageHistoryPoint } from './pipeline/analysis-types.ts';

export { inlineModelRunner, predictCustomerValues, validateValueModel, UNIT_DAYS } from './pipeline/predict.ts';
export type { CustomerValueModel, ModelRunner, ModelUnit, PredictOptions, ValidateOptions, ValueModelValidation } from './pipeline/predict.ts';

export {
  nextActions,
  actionRecords,
  ruleRecords,
  ACTION_COLUMNS,
  RULE_COLUMNS,
  STAGE_P_ALIVE,
  P_ALIVE_FROM_STAGE,
  MAX_ITEM_PAIRS,
} from './pipeline/actions.ts';
export type { ActionsOptions, ActionsResult, CustomerRelationship, CustomerAttributes, ProductTierRow, RuleLevel } from './pipeline/actions.ts';
