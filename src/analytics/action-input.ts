// action-input.ts: the contract of the action list — what nextBestActions (actions.ts) reads about each
// customer and the book, the row it returns, and its options with their defaults, checked once.
import type { ReasonKey, ReasonParams } from './action-reasons.ts';
import type { AssociationRule } from './association.ts';
import type { KeyAccount } from './key-accounts.ts';
import type { RelationshipLevel } from './relationship.ts';
import type { ProductTier, Tier } from './tiers.ts';
import type { PeriodUnit, RfmResult, Stage, StageResult, TrendEvidence, TrendLabel, ValueResult } from './types.ts';
import type { CustomerPrediction } from './value-model.ts';

export type ActionType =
  | 'cross_sell'
  | 'upgrade'
  | 'downgrade_to_save'
  | 'win_back'
  | 'nurture'
  | 'stabilise'
  | 'protect_key_account';
export const ACTION_TYPES = [
  'cross_sell',
  'upgrade',
  'downgrade_to_save',
  'win_back',
  'nurture',
  'stabilise',
  'protect_key_account',
] as const satisfies readonly ActionType[];

/** What the action list needs to know about one customer (from CustomerAnalysis and CustomerPrediction). */
export interface ActionCustomer {
  customerId: string;
  customerName: string | null;
  /** TrendResult's label, quiet flag, slope (% per period) and evidence (per-period revenue, recent vs window). */
  trend: {
    label: TrendLabel;
    quiet: boolean;
    slopePct: number | null;
    evidence: Pick<TrendEvidence, 'baselinePerPeriod' | 'recentPerPeriod' | 'deltaPerPeriod'> | null;
  };
  stage: Pick<StageResult, 'stage' | 'daysSinceLast' | 'typicalGapDays' | 'overdue'>;
  value: Pick<ValueResult, 'trailing12' | 'historicLtv'>;
  rfm: Pick<RfmResult, 'segment' | 'f' | 'levels'>;
  prediction: Pick<CustomerPrediction, 'pAlive' | 'churnProbability' | 'predictedClv' | 'expectedNextOrderDay'>;
  /** Months from the first order to the analysis date. */
  tenureMonths: number;
  /** Categories ever bought (cross-sell offers the others). */
  categories: ReadonlySet<string>;
  /** Products bought in the last 12 months: the tiers the customer buys are read from them. */
  products: ReadonlySet<string>;
  /** Net revenue per category over the last 12 months; when absent, trailing12 is spread evenly over the categories of `products`. */
  categorySpend?: ReadonlyMap<string, number>;
  /** Mean order value of the recent months and of the months before (e.g. last 6 vs the 6 before); null when unknown. */
  orderValue: { recent: number; previous: number } | null;
  keyAccount: KeyAccount | null;
  relationshipLevel: RelationshipLevel | null;
}

export interface ActionInput {
  /** ISO analysis date: the timing of "now". */
  asOf: string;
  customers: readonly ActionCustomer[];
  /** productTiers(…); without it there are no upgrade or downgrade actions. */
  tiers?: ReadonlyMap<string, ProductTier>;
  /**
   * Customer-level rules (pairRules) between categories or between products, and the typical 12-month spend on
   * each item among the customers who buy it (e.g. the median); without them there are no cross-sell actions.
   */
  crossSell?: { items: 'category' | 'product'; rules: readonly AssociationRule[]; typicalSpend: ReadonlyMap<string, number> };
  /** Customers per product (the item counts of pairRules): the most bought product of a tier is the one offered. */
  productBuyers?: ReadonlyMap<string, number>;
}

/** Prior chance that a customer who is still buying takes up each action (cross-sell uses the rule's confidence). */
export const ACTION_ACCEPTANCE: Readonly<Record<Exclude<ActionType, 'cross_sell'>, number>> = {
  upgrade: 0.3,
  downgrade_to_save: 0.5,
  win_back: 0.2,
  nurture: 0.4,
  stabilise: 0.5,
  protect_key_account: 0.5,
};

export interface ActionOptions {
  /** Cross-sell rules need at least this support (default 0.02), … */
  minSupport?: number;
  /** … this confidence (default 0.25), … */
  minConfidence?: number;
  /** … this lift (default 1.1), … */
  minLift?: number;
  /** … and this many customers buying both sides (default 5), so small books don't produce noise. */
  minRuleCount?: number;
  /** Cross-sell rows per customer (default 1). */
  crossSellPerCustomer?: number;
  /** Upgrade goes to frequent buyers with an F score at least this, on the 5-level scale (default 4). */
  minFrequencyScore?: number;
  /** The average order "falls" when recent ≤ previous × (1 − this) (default 0.1). */
  minOrderValueDrop?: number;
  /** At-risk and lapsed customers are won back when their value reaches this percentile of the book (default 0.5). */
  winBackPercentile?: number;
  /** Lost customers only from this percentile (default 0.8). */
  lostWinBackPercentile?: number;
  /** Key accounts are protected from this risk (default 0.3). */
  keyAccountRisk?: number;
  /** Replaces some of ACTION_ACCEPTANCE. */
  acceptance?: Partial<typeof ACTION_ACCEPTANCE>;
  /** The period of the trend slopes, for the reasons (default month). */
  periodUnit?: PeriodUnit;
}

export interface ActionRow {
  customerId: string;
  customerName: string | null;
  action: ActionType;
  /** Stable codes of the facts behind the action (translated by code). */
  reasonCodes: string[];
  /** The sentence template (REASON_TEMPLATES) and its parameters, to say the reason in any language. */
  reasonKey: ReasonKey;
  reasonParams: ReasonParams;
  /** The reason in English. */
  reason: string;
  offerCategory: string | null;
  offerProduct: string | null;
  offerTier: Tier | null;
  /** The offer in a few words ("Café Especial, tier 3: Café Gourmet 1 kg"); null for contact-only actions. */
  offer: string | null;
  stage: Stage;
  trend: TrendLabel;
  pAlive: number;
  predictedClv: number;
  /** Revenue the action gains or keeps over the next 12 months (the CLV horizon for nurture and win-back). */
  valueAtStake: number;
  /** In [0, 1]. */
  likelihood: number;
  /** valueAtStake × likelihood. */
  priority: number;
  /** ISO date to act on. */
  timing: string;
  keyAccount: boolean;
  relationshipLevel: RelationshipLevel | null;
}

export type ResolvedActionOptions = Required<Omit<ActionOptions, 'acceptance'>> & { acceptance: typeof ACTION_ACCEPTANCE };

/** The options with their defaults (see ActionOptions), checked. */
export function resolveActionOptions({
  minSupport = 0.02,
  minConfidence = 0.25,
  minLift = 1.1,
  minRuleCount = 5,
  crossSellPerCustomer = 1,
  minFrequencyScore = 4,
  minOrderValueDrop = 0.1,
  winBackPercentile = 0.5,
  lostWinBackPercentile = 0.8,
  keyAccountRisk = 0.3,
  acceptance = {},
  periodUnit = 'month',
}: ActionOptions = {}): ResolvedActionOptions {
  const share = (name: string, x: number): void => {
    if (!(x >= 0 && x <= 1)) throw new Error(`${name} must be a share in [0, 1], got ${x}`);
  };
  share('minSupport', minSupport);
  share('minConfidence', minConfidence);
  if (!(minLift >= 0 && Number.isFinite(minLift))) throw new Error(`minLift must be a finite number ≥ 0, got ${minLift}`);
  if (!(Number.isInteger(minRuleCount) && minRuleCount >= 1)) throw new Error(`minRuleCount must be an integer ≥ 1, got ${minRuleCount}`);
  if (!(Number.isInteger(crossSellPerCustomer) && crossSellPerCustomer >= 0)) {
    throw new Error(`crossSellPerCustomer must be an integer ≥ 0, got ${crossSellPerCustomer}`);
  }
  if (!(Number.isInteger(minFrequencyScore) && minFrequencyScore >= 1 && minFrequencyScore <= 5)) {
    throw new Error(`minFrequencyScore must be an integer from 1 to 5, got ${minFrequencyScore}`);
  }
  if (!(minOrderValueDrop >= 0 && minOrderValueDrop < 1)) throw new Error(`minOrderValueDrop must be a share in [0, 1), got ${minOrderValueDrop}`);
  share('winBackPercentile', winBackPercentile);
  share('lostWinBackPercentile', lostWinBackPercentile);
  share('keyAccountRisk', keyAccountRisk);
  const resolved = { ...ACTION_ACCEPTANCE, ...acceptance };
  for (const [action, rate] of Object.entries(resolved)) {
    if (!(rate > 0 && rate <= 1)) throw new Error(`acceptance.${action} must be a probability in (0, 1], got ${rate}`);
  }
  if (periodUnit !== 'month' && periodUnit !== 'week') throw new Error(`periodUnit must be 'month' or 'week', got ${String(periodUnit)}`);
  return {
    minSupport,
    minConfidence,
    minLift,
    minRuleCount,
    crossSellPerCustomer,
    minFrequencyScore,
    minOrderValueDrop,
    winBackPercentile,
    lostWinBackPercentile,
    keyAccountRisk,
    acceptance: resolved,
    periodUnit,
  };
}

/** Throws with the customer's index and id when a number nextBestActions relies on is missing or out of range. */
export function checkActionCustomer(c: ActionCustomer, i: number): void {
  const at = `customers[${i}] (${c.customerId})`;
  const p = c.prediction;
  if (!(p.pAlive >= 0 && p.pAlive <= 1)) throw new Error(`${at}: pAlive must be a probability in [0, 1], got ${p.pAlive}`);
  const finite: [string, number][] = [
    ['predictedClv', p.predictedClv],
    ['trailing12', c.value.trailing12],
    ['historicLtv', c.value.historicLtv],
    ['daysSinceLast', c.stage.daysSinceLast],
    ['typicalGapDays', c.stage.typicalGapDays],
    ['overdue', c.stage.overdue],
  ];
  for (const [name, x] of finite) if (!Number.isFinite(x)) throw new Error(`${at}: ${name} must be a finite number, got ${x}`);
  if (!(Number.isFinite(c.tenureMonths) && c.tenureMonths >= 0)) throw new Error(`${at}: tenureMonths must be a number ≥ 0, got ${c.tenureMonths}`);
  if (p.expectedNextOrderDay !== null && !Number.isInteger(p.expectedNextOrderDay)) {
    throw new Error(`${at}: expectedNextOrderDay must be a whole day or null, got ${p.expectedNextOrderDay}`);
  }
}
