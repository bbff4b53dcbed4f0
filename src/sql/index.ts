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

// ---------------------------------------------------------------------------------------------------------
// Predicted value (pipeline/predict.ts): the purchase summaries the models are fitted on, and the purchase days
// of the holdout check. Imports sit here so that this block can be appended without touching the ones above.
import customerPurchaseSummarySql from './customer-purchase-summary.sql?raw';
import purchaseDaysSql from './purchase-days.sql?raw';

export interface CustomerPurchaseSummaryRow extends Row {
  customer_id: string;
  /** Repeat purchase days (x). */
  frequency: number;
  /** (last − first purchase day) / unitDays. */
  recency: number;
  /** (asOf − first purchase day) / unitDays. */
  T: number;
  /** Mean total of the repeat purchase days; 0 without repeat purchases. */
  monetary_value: number;
  first_day: number;
  last_day: number;
  /** Net revenue of the 12 months ending at asOf. */
  trailing_revenue: number;
}

export interface PurchaseDayRow extends Row {
  customer_id: string;
  day: number;
  amount: number;
}

export const customerPurchaseSummary = fromFile<{ asOf: string; unitDays: number }, CustomerPurchaseSummaryRow>(
  'customer-purchase-summary',
  customerPurchaseSummarySql,
  ({ asOf, unitDays }) => [asOf, unitDays],
);

export const purchaseDays = fromFile<{ endDate: string }, PurchaseDayRow>('purchase-days', purchaseDaysSql, ({ endDate }) => [endDate]);

// ---------------------------------------------------------------------------------------------------------
// Next best actions (pipeline/actions.ts): category spend, products, order values, prices, co-occurrence counts
// and usual attributes. Imports sit here so that this block can be appended without touching the ones above.
import customerCategorySpendSql from './customer-category-spend.sql?raw';
import customerProductsSql from './customer-products.sql?raw';
import customerOrderValueSql from './customer-order-value.sql?raw';
import productPricesSql from './product-prices.sql?raw';
import categoryPairsSql from './category-pairs.sql?raw';
import productPairsSql from './product-pairs.sql?raw';
import basketPairsSql from './basket-pairs.sql?raw';
import basketItemsSql from './basket-items.sql?raw';
import customerAttributesSql from './customer-attributes.sql?raw';

export interface CustomerCategorySpendRow extends Row {
  customer_id: string;
  category: string;
  /** Net revenue of the category over the 12 months ending at asOf (0 without lines then). */
  revenue12: number;
  /** A purchase line (amount ≥ 0) of the category in those 12 months. */
  is_bought12: boolean;
  /** A purchase line of the category on or before asOf. */
  is_bought: boolean;
}

export interface CustomerProductRow extends Row {
  customer_id: string;
  product: string;
  /** Net revenue of the product over the 12 months ending at asOf. */
  revenue12: number;
}

export interface CustomerOrderValueRow extends Row {
  customer_id: string;
  /** Mean order value of the last 6 months; null without an order then. */
  recent_order_value: number | null;
  /** Mean order value of the 6 months before; null without an order then. */
  previous_order_value: number | null;
  recent_orders: number;
  previous_orders: number;
  /** Calendar months of the last 12 with an order (0–12). */
  active_months12: number;
}

export interface ProductPriceRow extends Row {
  product: string;
  category: string | null;
  /** Median unit price of the product's purchase lines over the last 12 months; null when none has a price. */
  unit_price: number | null;
  /** Distinct customers who bought the product in those 12 months. */
  buyers: number;
}

/** Customers (or, for baskets, orders) holding both items of a pair; item_a < item_b. */
export interface ItemPairRow extends Row {
  item_a: string;
  item_b: string;
  customers: number;
}

export interface BasketPairRow extends Row {
  item_a: string;
  item_b: string;
  baskets: number;
}

export interface BasketItemRow extends Row {
  item: string;
  baskets: number;
  total_baskets: number;
}

export interface CustomerAttributesRow extends Row {
  customer_id: string;
  salesperson: string | null;
  region: string | null;
  channel: string | null;
}

export const customerCategorySpend = fromFile<{ asOf: string }, CustomerCategorySpendRow>(
  'customer-category-spend',
  customerCategorySpendSql,
  ({ asOf }) => [asOf],
);

export const customerProducts = fromFile<{ asOf: string }, CustomerProductRow>('customer-products', customerProductsSql, ({ asOf }) => [asOf]);

export const customerOrderValue = fromFile<{ asOf: string }, CustomerOrderValueRow>(
  'customer-order-value',
  customerOrderValueSql,
  ({ asOf }) => [asOf],
);

export const productPrices = fromFile<{ asOf: string }, ProductPriceRow>('product-prices', productPricesSql, ({ asOf }) => [asOf]);

export const categoryPairs = fromFile<{ asOf: string; minCount: number }, ItemPairRow>(
  'category-pairs',
  categoryPairsSql,
  ({ asOf, minCount }) => [asOf, minCount],
);

export const productPairs = fromFile<{ asOf: string; minCount: number; maxPairs: number }, ItemPairRow>(
  'product-pairs',
  productPairsSql,
  ({ asOf, minCount, maxPairs }) => [asOf, minCount, maxPairs],
);

export const basketPairs = fromFile<{ asOf: string; minCount: number; maxPairs: number }, BasketPairRow>(
  'basket-pairs',
  basketPairsSql,
  ({ asOf, minCount, maxPairs }) => [asOf, minCount, maxPairs],
);

export const basketItems = fromFile<{ asOf: string }, BasketItemRow>('basket-items', basketItemsSql, ({ asOf }) => [asOf]);

export const customerAttributes = fromFile<{ asOf: string }, CustomerAttributesRow>(
  'customer-attributes',
  customerAttributesSql,
  ({ asOf }) => [asOf],
);

// ---------------------------------------------------------------------------------------------------------
// Results of `ciclo analyze` opened in the browser (src/results). The CREATE statements read a buffer registered
// under a fixed name (RESULT_BUFFERS) and take no parameters; the reads run on the tables they make.
import resultCustomersSql from './result-customers.sql?raw';
import resultActionsSql from './result-actions.sql?raw';
import resultCohortsSql from './result-cohorts.sql?raw';
import resultRulesSql from './result-rules.sql?raw';
import resultTrendCountsSql from './result-trend-counts.sql?raw';
import resultStageCountsSql from './result-stage-counts.sql?raw';
import resultCustomerFiguresSql from './result-customer-figures.sql?raw';
import resultActionCountsSql from './result-action-counts.sql?raw';
import resultActionRowsSql from './result-action-rows.sql?raw';
import resultActionTotalSql from './result-action-total.sql?raw';

/** The buffer name each CREATE statement reads (written in its .sql file). */
export const RESULT_BUFFERS = {
  customers: 'ciclo-result-customers.csv',
  actions: 'ciclo-result-actions.csv',
  cohorts: 'ciclo-result-cohorts.csv',
  rules: 'ciclo-result-rules.csv',
} as const;

export const createResultCustomers = fromFile<NoParams, ChangedRows>('result-customers', resultCustomersSql, () => []);
export const createResultActions = fromFile<NoParams, ChangedRows>('result-actions', resultActionsSql, () => []);
export const createResultCohorts = fromFile<NoParams, ChangedRows>('result-cohorts', resultCohortsSql, () => []);
export const createResultRules = fromFile<NoParams, ChangedRows>('result-rules', resultRulesSql, () => []);

export interface ResultLabelCountRow extends Row {
  label: string | null;
  customers: number;
  revenue12: number;
}

export interface ResultStageCountRow extends Row {
  stage: string | null;
  customers: number;
  revenue12: number;
}

export interface ResultCustomerFiguresRow extends Row {
  customers: number;
  revenue: number;
  revenue12: number;
  predicted_clv: number | null;
  key_accounts: number;
  first_order: string | null;
  last_order: string | null;
}

export interface ResultActionCountRow extends Row {
  action: string | null;
  actions: number;
  customers: number;
  value_at_stake: number;
}

export interface ResultActionRow extends Row {
  line: number;
  customer_id: string | null;
  action: string | null;
  offer: string | null;
  reason: string | null;
  priority: number | null;
  value_at_stake: number | null;
  customer_name: string | null;
  offer_category: string | null;
  offer_product: string | null;
  offer_tier: number | null;
  reason_codes: string | null;
  likelihood: number | null;
  timing: string | null;
  stage: string | null;
  trend: string | null;
  p_alive: number | null;
  predicted_clv: number | null;
  key_account: boolean | null;
  relationship_level: number | null;
  salesperson: string | null;
  region: string | null;
  channel: string | null;
}

export interface ResultActionTotalRow extends Row {
  actions: number;
  value_at_stake: number;
}

export const resultTrendCounts = fromFile<NoParams, ResultLabelCountRow>('result-trend-counts', resultTrendCountsSql, () => []);
export const resultStageCounts = fromFile<NoParams, ResultStageCountRow>('result-stage-counts', resultStageCountsSql, () => []);
export const resultCustomerFigures = fromFile<NoParams, ResultCustomerFiguresRow>('result-customer-figures', resultCustomerFiguresSql, () => []);
export const resultActionCounts = fromFile<NoParams, ResultActionCountRow>('result-action-counts', resultActionCountsSql, () => []);

/** `actions` is a list of action types joined by `,` ('' for all). */
export const resultActionRows = fromFile<{ actions: string; limit: number; offset: number }, ResultActionRow>(
  'result-action-rows',
  resultActionRowsSql,
  ({ actions, limit, offset }) => [actions, limit, offset],
);

export const resultActionTotal = fromFile<{ actions: string }, ResultActionTotalRow>('result-action-total', resultActionTotalSql, ({ actions }) => [actions]);

import resultCohortCellsSql from './result-cohort-cells.sql?raw';
import resultRuleCountSql from './result-rule-count.sql?raw';

export interface ResultCohortCellRow extends Row {
  cohort: string;
  age: number;
  customers: number | null;
  revenue: number | null;
  cohort_size: number | null;
}

export interface ResultRuleCountRow extends Row {
  rules: number;
}

export const resultCohortCells = fromFile<NoParams, ResultCohortCellRow>('result-cohort-cells', resultCohortCellsSql, () => []);
export const resultRuleCount = fromFile<NoParams, ResultRuleCountRow>('result-rule-count', resultRuleCountSql, () => []);
