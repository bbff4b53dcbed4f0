// What `analyzeCustomers` (pipeline/analyze.ts) hands to the screens and to `ciclo analyze`:
// one record per customer, plus the population views (cohorts, stage history). Plain data only,
// so it crosses workers and goes into tests and exports as it is.
import type {
  CohortCell,
  CustomerSeries,
  FunnelStep,
  PeriodUnit,
  RfmResult,
  Stage,
  StageResult,
  TrendOptions,
  TrendResult,
  ValueResult,
} from '../analytics/types.ts';

export interface AnalysisSettings {
  /** ISO analysis date: everything is computed as of this day, ignoring later rows. */
  asOf: string;
  unit: PeriodUnit;
  trend: Required<TrendOptions>;
}

export interface CustomerAnalysis {
  customerId: string;
  /** The most frequent name seen for the customer, when a name column is mapped. */
  customerName: string | null;
  /** ISO dates of the first and last order on or before the analysis date. */
  firstOrder: string;
  lastOrder: string;
  /** Distinct orders (order ids when mapped, else distinct order days) to date. */
  orders: number;
  /** Net revenue to date. */
  revenue: number;
  /** Net quantity to date (0 when quantity is not mapped). */
  items: number;
  /** Distinct categories ever bought (0 when category is not mapped). */
  categories: number;
  /** The panel series the trend was read from (history window, up to 24 periods). */
  series: CustomerSeries;
  trend: TrendResult;
  stage: StageResult;
  rfm: RfmResult;
  value: ValueResult;
  funnel: FunnelStep;
}

/** Customers per stage at the end of each month, for the stage-flow chart. */
export interface StageHistoryPoint {
  /** ISO month-end date the stages were computed at. */
  date: string;
  stage: Stage;
  customers: number;
}

export interface Analysis {
  settings: AnalysisSettings;
  customers: CustomerAnalysis[];
  cohorts: CohortCell[];
  stageHistory: StageHistoryPoint[];
}

/** One customer's detail for the customer page. */
export interface CustomerDetail {
  customerId: string;
  /** Orders on or before the analysis date, oldest first. */
  orders: { date: string; orderId: string | null; amount: number; items: number; lines: number }[];
  /** Revenue per category per month, for "categories bought over time". */
  categoryMonths: { month: string; category: string; revenue: number }[];
}

/**
 * The first columns of `ciclo analyze`'s customers.csv, in this order: a contract other tools read (later
 * versions only add columns at the end). The CLI writes them and the browser recognises the file by them.
 */
export const CUSTOMER_CONTRACT_COLUMNS = [
  'customer_id',
  'first_order',
  'last_order',
  'orders',
  'revenue',
  'trend',
  'trend_slope_pct',
  'trend_p_value',
  'stage',
  'rfm_segment',
  'historic_ltv',
] as const;
