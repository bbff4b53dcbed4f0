// Every SQL statement Ciclo runs, each paired with the types of its parameters and of its rows.
// The statements live in the neighbouring .sql files (one statement each); values are always bound.
import type { Engine, Row } from '../engine/engine.ts';
import createSalesSql from './create-sales.sql?raw';
import deleteSalesFileSql from './delete-sales-file.sql?raw';
import salesFilesSql from './sales-files.sql?raw';
import salesSummarySql from './sales-summary.sql?raw';
import defaultAsOfSql from './default-as-of.sql?raw';
import customerFactsSql from './customer-facts.sql?raw';
import customerPanelSql from './customer-panel.sql?raw';
import cohortRetentionSql from './cohort-retention.sql?raw';
import customerOrdersSql from './customer-orders.sql?raw';
import customerCategoryMonthsSql from './customer-category-months.sql?raw';

/** SQL text and the values for its `$1`, `$2`, … */
export interface BoundQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
}

declare const rowType: unique symbol;

/** A statement that takes named `Params` and returns rows of type `R`. */
export interface Query<Params, R extends Row> {
  readonly name: string;
  bind(params: Params): BoundQuery;
  /** Type-only: carries `R` so that `run` can return it. Never set. */
  readonly [rowType]?: R;
}

export type NoParams = Record<string, never>;
/** Rows of statements that return nothing (CREATE). */
export type NoRow = Record<string, never>;

/** Runs a query with its parameters on an engine. */
export function run<Params, R extends Row>(engine: Engine, query: Query<Params, R>, params: Params): Promise<R[]> {
  const bound = query.bind(params);
  return engine.query<R>(bound.sql, bound.params);
}

function fromFile<Params, R extends Row>(name: string, sql: string, order: (params: Params) => unknown[]): Query<Params, R> {
  return { name, bind: (params) => ({ sql: sql.trim(), params: order(params) }) };
}

/** Rows changed by INSERT or DELETE, as DuckDB reports them. */
export interface ChangedRows extends Row {
  Count: number;
}

export interface SalesSummaryRow extends Row {
  rows: number;
  customers: number;
  first_date: string | null;
  last_date: string | null;
  revenue: number;
  files: number;
}

export interface SalesFileRow extends Row {
  source_file: string;
  rows: number;
  customers: number;
  first_date: string;
  last_date: string;
  revenue: number;
}

export const createSales = fromFile<NoParams, NoRow>('create-sales', createSalesSql, () => []);

/**
 * The table create-sales.sql makes. Sales batches (pipeline/sales-batch.ts) are appended to it directly,
 * column by column in its order, with no SQL statement of ours in between.
 */
export const SALES_TABLE = 'sales';

export const salesSummary = fromFile<NoParams, SalesSummaryRow>('sales-summary', salesSummarySql, () => []);

export const salesFiles = fromFile<NoParams, SalesFileRow>('sales-files', salesFilesSql, () => []);

export const deleteSalesFile = fromFile<{ sourceFile: string }, ChangedRows>(
  'delete-sales-file',
  deleteSalesFileSql,
  ({ sourceFile }) => [sourceFile],
);

export {
  salesPage,
  salesPageTotal,
  containsPattern,
  SALES_COLUMNS,
  TEXT_COLUMNS,
  NUMBER_COLUMNS,
  SEARCHED_COLUMNS,
  MAX_PAGE_ROWS,
} from './sales-page.ts';
export type {
  SalesColumn,
  TextColumn,
  NumberColumn,
  ColumnFilter,
  SalesFilter,
  SalesSort,
  SalesPageRequest,
  SalesPageRow,
} from './sales-page.ts';

// ---------------------------------------------------------------------------------------------------------
// Customer analysis (pipeline/analyze.ts). Dates are ISO `YYYY-MM-DD`; `…_days` are days since 1970-01-01.

export interface DefaultAsOfRow extends Row {
  as_of: string | null;
}

export interface CustomerFactsRow extends Row {
  customer_id: string;
  customer_name: string | null;
  first_order: string;
  last_order: string;
  orders: number;
  revenue: number;
  items: number;
  categories: number;
  /** Net cost to date; null unless every line of the customer has a cost. */
  cost: number | null;
  /** Distinct order days, ascending. */
  order_days: number[];
  trailing12: number;
  orders12: number;
  categories12: number;
  best12: number;
}

export interface CustomerPanelRow extends Row {
  customer_id: string;
  tenure_periods: number;
  /** ISO start of the first period of the lists; the others follow one unit apart. */
  start_period: string;
  revenue: number[];
  items: number[];
  orders: number[];
  breadth: number[];
}

export interface CohortRetentionRow extends Row {
  cohort: string;
  age: number;
  customers: number;
  revenue: number;
  cohort_size: number;
}

export interface CustomerOrderRow extends Row {
  date: string;
  order_id: string | null;
  amount: number;
  items: number;
  lines: number;
}

export interface CustomerCategoryMonthRow extends Row {
  month: string;
  category: string;
  revenue: number;
}

export const defaultAsOf = fromFile<NoParams, DefaultAsOfRow>('default-as-of', defaultAsOfSql, () => []);

export const customerFacts = fromFile<{ asOf: string }, CustomerFactsRow>('customer-facts', customerFactsSql, ({ asOf }) => [asOf]);

export const customerPanel = fromFile<{ asOf: string; unit: 'month' | 'week'; periods: number }, CustomerPanelRow>(
  'customer-panel',
  customerPanelSql,
  ({ asOf, unit, periods }) => [asOf, unit, periods],
);

export const cohortRetention = fromFile<{ asOf: string }, CohortRetentionRow>(
  'cohort-retention',
  cohortRetentionSql,
  ({ asOf }) => [asOf],
);

export const customerOrders = fromFile<{ customerId: string; asOf: string }, CustomerOrderRow>(
  'customer-orders',
  customerOrdersSql,
  ({ customerId, asOf }) => [customerId, asOf],
);

export const customerCategoryMonths = fromFile<{ customerId: string; asOf: string }, CustomerCategoryMonthRow>(
  'customer-category-months',
  customerCategoryMonthsSql,
  ({ customerId, asOf }) => [customerId, asOf],
);
