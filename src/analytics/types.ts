// The analytics contract: what Ciclo computes for each customer, as plain records.
// Everything in analytics/ is a pure function over these records: no DuckDB, no DOM, no clock.
// Dates cross this boundary as ISO `YYYY-MM-DD` strings or as whole days since 1970-01-01 (UTC),
// named `…Day` (see dates.ts).

/** Why an analysis could not run (pipeline/analyze.ts throws them; the screens translate them by code). */
export type AnalysisErrorCode = 'ANALYSIS_BAD_DATE' | 'ANALYSIS_BAD_UNIT' | 'ANALYSIS_NO_SALES';

/** The period of the customer × period panel. Weeks start on Monday (ISO weeks). */
export type PeriodUnit = 'month' | 'week';
export const PERIOD_UNITS = ['month', 'week'] as const satisfies readonly PeriodUnit[];

/** The four consumption signals a trend is read from. */
export const SIGNALS = ['revenue', 'items', 'orders', 'breadth'] as const;
export type Signal = (typeof SIGNALS)[number];

/**
 * One customer's dense period series, oldest first. It starts at the customer's first period (or at the
 * start of the history window when the customer is older than it) and ends with the last complete period
 * on or before the analysis date. Periods without orders hold 0; returns net out inside their period, so
 * revenue may be negative.
 */
export interface CustomerSeries {
  customerId: string;
  /** ISO start date of each period; all arrays below have this length. */
  periods: readonly string[];
  /** Net amount per period. */
  revenue: readonly number[];
  /** Net quantity per period (0 when quantity is not mapped). */
  items: readonly number[];
  /** Distinct orders per period (order ids when mapped, else distinct order days). */
  orders: readonly number[];
  /** Distinct product categories bought per period (falls back to products, then 0). */
  breadth: readonly number[];
  /** Periods from the customer's first period to the last one, inclusive (≥ periods.length). */
  tenurePeriods: number;
}

// ---------------------------------------------------------------------------------------------------------
// Trend

export type TrendLabel = 'uptrader' | 'downtrader' | 'stable' | 'new' | 'insufficient_data' | 'inactive';
export const TREND_LABELS = [
  'uptrader',
  'downtrader',
  'stable',
  'new',
  'insufficient_data',
  'inactive',
] as const satisfies readonly TrendLabel[];

export type Direction = 'up' | 'down' | 'flat';

/** The statistics of one signal over the trend window. */
export interface SignalTrend {
  signal: Signal;
  /** Theil–Sen slope of log(1 + max(0, value)), as % change per period: (e^slope − 1) × 100. */
  slopePct: number;
  /** Two-sided Mann–Kendall p-value (tie-corrected variance, continuity correction). */
  pValue: number;
  /** Mann–Kendall S. */
  s: number;
  /** Mean of the last 3 periods ÷ mean of the 3 before; null when the prior 3 are all 0. */
  recentRatio: number | null;
  direction: Direction;
}

/** The money behind a label: "−R$ 420/month vs its own 12-month baseline, −6 %/month, p = 0.03". */
export interface TrendEvidence {
  /** Mean revenue per period over the trend window. */
  baselinePerPeriod: number;
  /** Mean revenue per period over the last 3 periods. */
  recentPerPeriod: number;
  /** recentPerPeriod − baselinePerPeriod. */
  deltaPerPeriod: number;
  /** deltaPerPeriod ÷ baselinePerPeriod × 100; null when the baseline is 0. */
  deltaPct: number | null;
  slopePct: number;
  pValue: number;
}

export type TrendChangeKind = 'up_to_down' | 'down_to_up';

/** A reversal: the series rose then fell (or the reverse), turning at `period`. */
export interface TrendChange {
  kind: TrendChangeKind;
  /** ISO start of the first period of the new direction. */
  period: string;
  slopeBeforePct: number;
  slopeAfterPct: number;
}

export interface TrendResult {
  label: TrendLabel;
  /** Revenue slope, %/period; null when no label could be computed (new, insufficient_data). */
  slopePct: number | null;
  pValue: number | null;
  /** The signals whose direction agrees with the label (empty for stable and the no-label labels). */
  drivers: Signal[];
  signals: Record<Signal, SignalTrend | null>;
  /** A downtrader still ordering on its usual rhythm: spend falls while the visits do not. */
  quiet: boolean;
  evidence: TrendEvidence | null;
  change: TrendChange | null;
}

export interface TrendOptions {
  /** Periods in the trend window (default 12). */
  window?: number;
  /** Mann–Kendall significance level (default 0.05). */
  alpha?: number;
  /** Minimum periods of history before a label is given (default 6). */
  minPeriods?: number;
  /** Minimum periods with orders inside the window (default 3). */
  minActive?: number;
  /** Minimum |slope| in %/period for up or down (default 2). */
  minSlopePct?: number;
  /** Last-3 ÷ prior-3 must exceed 1 + this for up, or fall below 1 − this for down (default 0). */
  minRatioChange?: number;
  /** Trailing periods without orders that make a customer `inactive` (default 6). */
  inactivePeriods?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Lifecycle

export type Stage = 'new' | 'active' | 'at_risk' | 'lapsed' | 'lost' | 'reactivated';
export const STAGES = ['new', 'active', 'at_risk', 'lapsed', 'lost', 'reactivated'] as const satisfies readonly Stage[];

export interface StageResult {
  stage: Stage;
  /** Days from the last order to the analysis date. */
  daysSinceLast: number;
  /** The customer's usual days between orders (median gap), or the population's when too few orders. */
  typicalGapDays: number;
  gapSource: 'own' | 'population';
  /** daysSinceLast ÷ typicalGapDays. */
  overdue: number;
}

/** The article's funnel, mapped from stage, trend and breadth (funnel.ts). */
export type FunnelStep = 'acquisition' | 'development' | 'retention' | 'advocacy' | 'win_back';

// ---------------------------------------------------------------------------------------------------------
// RFM

export type RfmSegment =
  | 'champions'
  | 'loyal'
  | 'potential_loyalists'
  | 'new'
  | 'promising'
  | 'need_attention'
  | 'about_to_sleep'
  | 'at_risk'
  | 'cant_lose'
  | 'hibernating';

/** The segments from best to worst, the order every table and chart lists them in. */
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential_loyalists',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
] as const satisfies readonly RfmSegment[];

export interface RfmResult {
  /** Scores 1 (worst) .. `levels` (best). */
  r: number;
  f: number;
  m: number;
  /** 5 for quintiles, 3 for terciles (small books). */
  levels: 3 | 5;
  segment: RfmSegment;
}

// ---------------------------------------------------------------------------------------------------------
// Value

export interface ValueResult {
  /** Net revenue to date. */
  historicLtv: number;
  /** Net revenue minus cost to date; null when no cost column is mapped. */
  historicMargin: number | null;
  /** Net revenue over the 12 months ending at the analysis date. */
  trailing12: number;
  /** What the customer could be worth per 12 months. */
  potential: number;
  potentialBasis: 'peers' | 'own_best';
  /** max(0, potential − trailing12). */
  headroom: number;
}

// ---------------------------------------------------------------------------------------------------------
// Cohorts and migration

/** Monthly acquisition cohort × months since first order. */
export interface CohortCell {
  /** ISO first day of the acquisition month. */
  cohort: string;
  /** 0 = the acquisition month. */
  age: number;
  /** Customers of the cohort with an order in that month. */
  customers: number;
  revenue: number;
  /** Customers acquired in the cohort month. */
  cohortSize: number;
}

/** How many customers moved from one state to another between two analysis dates. */
export interface Migration<S extends string> {
  from: S | 'none';
  to: S;
  customers: number;
}
