// funnel.ts: the customer funnel — acquisition → development → retention → advocacy, plus win-back —
// read from a customer's lifecycle stage, spend trend, basket breadth and tenure. The rules are data,
// so the screen that shows a customer's step can also show why.
import type { Direction, FunnelStep, Stage, TrendLabel } from './types';

export interface FunnelInput {
  stage: Stage;
  trend: TrendLabel;
  /** Direction of the breadth signal (distinct categories per period); null when it has no trend. */
  breadthDirection: Direction | null;
  /** Months from the first order to the analysis date (fractions allowed). */
  tenureMonths: number;
  /** Distinct product categories bought in the last 12 months. */
  categories: number;
}

/** A breadth condition: a direction, or `unknown` for a customer whose breadth has no trend. */
export type BreadthCondition = Direction | 'unknown';

/** One row of the funnel table. A condition that is absent holds for every customer. */
export interface FunnelRule {
  /** Stable key in plain English, used to translate the row and to say why a customer is on a step. */
  id: string;
  step: FunnelStep;
  stages: readonly Stage[];
  trends?: readonly TrendLabel[];
  breadth?: readonly BreadthCondition[];
  tenureMonths?: { atLeast?: number; below?: number };
  minCategories?: number;
}

/** A customer is established after a year; the first year is for developing the account. */
export const ESTABLISHED_MONTHS = 12;
/** Buying from this many categories makes a relationship deep enough for advocacy. */
export const DEEP_CATEGORIES = 3;

/**
 * The funnel, read top-down: the first rule that holds gives the step. Stages decide first — new
 * customers are being acquired, lapsed and lost ones are to be won back, a reactivated customer is
 * being developed again, and an at-risk customer must be retained whatever the trend. Active
 * customers whose spend or breadth is shrinking are to be retained; active customers established for
 * a year, not shrinking, with a stable or rising spend across at least three categories are
 * advocates; in their first year, or with rising spend or breadth, they are being developed; the
 * rest are retained.
 */
export const FUNNEL_RULES: readonly FunnelRule[] = [
  { id: 'first_order_recently', step: 'acquisition', stages: ['new'] },
  { id: 'stopped_ordering', step: 'win_back', stages: ['lapsed', 'lost'] },
  { id: 'came_back_after_a_lapse', step: 'development', stages: ['reactivated'] },
  { id: 'overdue_for_the_next_order', step: 'retention', stages: ['at_risk'] },
  { id: 'spending_less', step: 'retention', stages: ['active'], trends: ['downtrader', 'inactive'] },
  { id: 'buying_fewer_categories', step: 'retention', stages: ['active'], breadth: ['down'] },
  {
    id: 'established_broad_and_not_shrinking',
    step: 'advocacy',
    stages: ['active'],
    trends: ['uptrader', 'stable'],
    tenureMonths: { atLeast: ESTABLISHED_MONTHS },
    minCategories: DEEP_CATEGORIES,
  },
  { id: 'in_the_first_year', step: 'development', stages: ['active'], tenureMonths: { below: ESTABLISHED_MONTHS } },
  { id: 'spending_more', step: 'development', stages: ['active'], trends: ['uptrader'] },
  { id: 'buying_more_categories', step: 'development', stages: ['active'], breadth: ['up'] },
  { id: 'established_and_steady', step: 'retention', stages: ['active'] },
];

/** Whether a customer meets every condition of a funnel rule. */
export function matchesFunnelRule(rule: FunnelRule, c: FunnelInput): boolean {
  if (!rule.stages.includes(c.stage)) return false;
  if (rule.trends && !rule.trends.includes(c.trend)) return false;
  if (rule.breadth && !rule.breadth.includes(c.breadthDirection ?? 'unknown')) return false;
  const { atLeast = -Infinity, below = Infinity } = rule.tenureMonths ?? {};
  if (!(c.tenureMonths >= atLeast && c.tenureMonths < below)) return false;
  return c.categories >= (rule.minCategories ?? 0);
}

/** The first rule of `FUNNEL_RULES` a customer meets (the last rule for each stage takes everyone left). */
export function funnelRule(c: FunnelInput): FunnelRule {
  if (!(Number.isFinite(c.tenureMonths) && c.tenureMonths >= 0)) {
    throw new Error(`tenureMonths must be a number ≥ 0, got ${c.tenureMonths}`);
  }
  if (!(Number.isInteger(c.categories) && c.categories >= 0)) {
    throw new Error(`categories must be an integer ≥ 0, got ${c.categories}`);
  }
  const rule = FUNNEL_RULES.find((r) => matchesFunnelRule(r, c));
  if (!rule) throw new Error(`no funnel rule for stage ${c.stage}`);
  return rule;
}

/** The customer's funnel step (see `FUNNEL_RULES` for the rules, in order). */
export function funnelStep(c: FunnelInput): FunnelStep {
  return funnelRule(c).step;
}
