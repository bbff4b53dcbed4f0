// key-accounts.ts: the customers who make up most of the last 12 months' revenue (ABC classes) and how much
// of that revenue is at risk. The risk score is a weighted sum of five signals in [0, 1], each reported as a
// reason so the account plan can say why an account is at risk and how much each signal adds.
import type { Direction, TrendLabel } from './types.ts';

export type AbcClass = 'A' | 'B' | 'C';

export interface AbcOptions {
  /** Class A: the top customers whose cumulative revenue first reaches this share (default 0.8). */
  aShare?: number;
  /** Class B: the next customers, up to this cumulative share (default 0.95); the rest are C. */
  bShare?: number;
}

/**
 * ABC class of every revenue, in input order (Pareto analysis of trailing-12-month revenue). Customers are
 * ranked by revenue, highest first; a customer is A when the revenue of the customers strictly above them is
 * below aShare of the total, so A is the smallest top group reaching aShare (the customer who crosses the
 * line is A, one who starts exactly on it is B); B likewise below bShare; C the rest. Tied revenues share the
 * class of the best-placed of them. Zero and negative revenues are always C and do not count in the total;
 * when no revenue is positive, everyone is C.
 */
export function abcClasses(revenues: readonly number[], { aShare = 0.8, bShare = 0.95 }: AbcOptions = {}): AbcClass[] {
  if (!(aShare > 0 && aShare < 1)) throw new Error(`aShare must be a share in (0, 1), got ${aShare}`);
  if (!(bShare >= aShare && bShare <= 1)) throw new Error(`bShare must be a share from aShare (${aShare}) to 1, got ${bShare}`);
  revenues.forEach((r, i) => {
    if (!Number.isFinite(r)) throw new Error(`revenues[${i}] must be a finite number, got ${r}`);
  });
  const classes: AbcClass[] = revenues.map(() => 'C');
  const order = revenues.flatMap((r, i) => (r > 0 ? [i] : [])).sort((a, b) => revenues[b]! - revenues[a]!);
  const total = order.reduce((sum, i) => sum + revenues[i]!, 0);
  // A relative tolerance keeps 50 + 30 of 100 exactly on the 80 % line despite floating point.
  const slack = 1e-9 * total;
  let above = 0;
  for (let start = 0; start < order.length; ) {
    const revenue = revenues[order[start]!]!;
    let end = start;
    let group = 0;
    while (end < order.length && revenues[order[end]!] === revenue) group += revenues[order[end++]!]!;
    const abc: AbcClass = above < aShare * total - slack ? 'A' : above < bShare * total - slack ? 'B' : 'C';
    for (let k = start; k < end; k++) classes[order[k]!] = abc;
    above += group;
    start = end;
  }
  return classes;
}

export type RiskReasonCode = 'downtrend' | 'falling_p_alive' | 'overdue' | 'shrinking_breadth' | 'category_dependence';

export type RiskWeights = Record<RiskReasonCode, number>;

/**
 * Default weights (sum 1): a labelled downtrend is the article's first warning and weighs most; P(alive) and
 * being overdue read the same silence from two sides (the model and the customer's own rhythm); fewer
 * categories and dependence on one category are slower, structural signals.
 */
export const RISK_WEIGHTS: Readonly<RiskWeights> = {
  downtrend: 0.3,
  falling_p_alive: 0.25,
  overdue: 0.2,
  shrinking_breadth: 0.15,
  category_dependence: 0.1,
};

/** A decline of this many % per period (revenue or breadth) counts fully; smaller ones count in proportion. */
export const FULL_DECLINE_PCT = 10;
/** Overdue (days since last ÷ usual gap) at which the overdue signal is full: three missed cycles, as lifecycle's at_risk limit. */
export const FULL_OVERDUE = 3;
/** Share of revenue in the top category above which dependence starts to count (full at 1). */
export const DEPENDENCE_FROM = 0.5;

export interface KeyAccountInput {
  customerId: string;
  /** Net revenue over the last 12 months. */
  trailing12: number;
  trendLabel: TrendLabel;
  /** Revenue slope, % per period (TrendResult.slopePct); null when the trend has none. */
  slopePct: number | null;
  pAlive: number;
  /** Days since the last order ÷ the usual gap (StageResult.overdue). */
  overdue: number;
  /** The breadth signal's trend (TrendResult.signals.breadth); null when breadth has no trend. */
  breadth: { direction: Direction; slopePct: number } | null;
  /** Share of the trailing revenue in the customer's top category; null or absent when categories are not mapped. */
  topCategoryShare?: number | null;
}

export interface RiskReason {
  code: RiskReasonCode;
  /** The signal, in [0, 1]. */
  value: number;
  /** Its weight after renormalising over the signals available for this customer; Σ value × weight = risk. */
  weight: number;
}

export interface KeyAccount {
  customerId: string;
  /** Class A. */
  keyAccount: boolean;
  abc: AbcClass;
  /** trailing12 ÷ the book's positive trailing revenue (0 when there is none). */
  revenueShare: number;
  /** In [0, 1]. */
  risk: number;
  /** Every available signal, largest contribution (value × weight) first. */
  reasons: RiskReason[];
  /** max(0, trailing12) × risk. */
  revenueAtRisk: number;
}

export interface KeyAccountOptions extends AbcOptions {
  /** Replaces some of RISK_WEIGHTS; each weight must be ≥ 0 and at least one > 0. */
  weights?: Partial<RiskWeights>;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * The risk signals, each in [0, 1]:
 * - downtrend: 0 unless the trend label is `downtrader` or `inactive`; a downtrader scores
 *   ½ + ½ × min(1, −slopePct / FULL_DECLINE_PCT) (the label says whether, the slope how fast); inactive scores 1.
 * - falling_p_alive: 1 − pAlive.
 * - overdue: (overdue − 1) / (FULL_OVERDUE − 1), clamped: 0 on rhythm, 1 at three usual gaps.
 * - shrinking_breadth: 0 unless the breadth direction is down; then ½ + ½ × min(1, −slopePct / FULL_DECLINE_PCT).
 * - category_dependence: (topCategoryShare − ½) / ½, clamped; left out (not 0) when the share is unknown.
 */
export function riskSignals(c: KeyAccountInput): Partial<Record<RiskReasonCode, number>> {
  const decline = (slopePct: number | null): number => 0.5 + 0.5 * clamp01(-(slopePct ?? 0) / FULL_DECLINE_PCT);
  const signals: Partial<Record<RiskReasonCode, number>> = {
    downtrend: c.trendLabel === 'inactive' ? 1 : c.trendLabel === 'downtrader' ? decline(c.slopePct) : 0,
    falling_p_alive: clamp01(1 - c.pAlive),
    overdue: clamp01((c.overdue - 1) / (FULL_OVERDUE - 1)),
    shrinking_breadth: c.breadth?.direction === 'down' ? decline(c.breadth.slopePct) : 0,
  };
  if (c.topCategoryShare !== null && c.topCategoryShare !== undefined) {
    signals.category_dependence = clamp01((c.topCategoryShare - DEPENDENCE_FROM) / (1 - DEPENDENCE_FROM));
  }
  return signals;
}

/**
 * Key accounts and their risk, in input order. keyAccount = ABC class A of trailing12 (abcClasses).
 * risk = Σ weight × signal / Σ weight over the signals available (riskSignals), so a book without categories
 * spreads the dependence weight over the other four; revenueAtRisk = max(0, trailing12) × risk.
 */
export function keyAccounts(
  customers: readonly KeyAccountInput[],
  { aShare = 0.8, bShare = 0.95, weights = {} }: KeyAccountOptions = {},
): KeyAccount[] {
  const w: RiskWeights = { ...RISK_WEIGHTS, ...weights };
  for (const [code, weight] of Object.entries(w)) {
    if (!(Number.isFinite(weight) && weight >= 0)) throw new Error(`weights.${code} must be a finite number ≥ 0, got ${weight}`);
  }
  if (Object.values(w).every((x) => x === 0)) throw new Error('weights must include at least one weight > 0, got all 0');
  customers.forEach(checkInput);

  const classes = abcClasses(
    customers.map((c) => c.trailing12),
    { aShare, bShare },
  );
  const total = customers.reduce((sum, c) => sum + Math.max(0, c.trailing12), 0);
  return customers.map((c, i): KeyAccount => {
    const signals = Object.entries(riskSignals(c)) as [RiskReasonCode, number][];
    const weightSum = signals.reduce((sum, [code]) => sum + w[code], 0);
    const reasons = signals
      .map(([code, value]): RiskReason => ({ code, value, weight: weightSum > 0 ? w[code] / weightSum : 0 }))
      .sort((a, b) => b.value * b.weight - a.value * a.weight);
    const risk = clamp01(reasons.reduce((sum, r) => sum + r.value * r.weight, 0));
    return {
      customerId: c.customerId,
      keyAccount: classes[i] === 'A',
      abc: classes[i]!,
      revenueShare: total > 0 ? Math.max(0, c.trailing12) / total : 0,
      risk,
      reasons,
      revenueAtRisk: Math.max(0, c.trailing12) * risk,
    };
  });
}

function checkInput(c: KeyAccountInput, i: number): void {
  const at = `customers[${i}] (${c.customerId})`;
  if (!Number.isFinite(c.trailing12)) throw new Error(`${at}: trailing12 must be a finite number, got ${c.trailing12}`);
  if (!(c.pAlive >= 0 && c.pAlive <= 1)) throw new Error(`${at}: pAlive must be a probability in [0, 1], got ${c.pAlive}`);
  if (!(c.overdue >= 0)) throw new Error(`${at}: overdue must be a number ≥ 0, got ${c.overdue}`);
  if (c.slopePct !== null && Number.isNaN(c.slopePct)) throw new Error(`${at}: slopePct must be a number or null, got NaN`);
  if (c.breadth && Number.isNaN(c.breadth.slopePct)) throw new Error(`${at}: breadth.slopePct must be a number, got NaN`);
  const share = c.topCategoryShare;
  if (share !== null && share !== undefined && !(share >= 0 && share <= 1)) {
    throw new Error(`${at}: topCategoryShare must be a share in [0, 1] or null, got ${share}`);
  }
}
