// relationship.ts: how deep the relationship with a customer runs, on five levels from a first, transactional
// contact to a partnership in which the supplier helps plan the customer's budget. Levels 1–4 are read from
// sales (tenure, regularity, breadth, share of the book's revenue) by rules kept as data, so the account plan
// can show which rule gave the level; level 5 cannot be seen in sales, so only the user can set it.

export type RelationshipLevel = 1 | 2 | 3 | 4 | 5;

/** Stable names of the levels, used as translation keys. */
export const RELATIONSHIP_LEVEL_NAMES = {
  1: 'transactional',
  2: 'recurring',
  3: 'preferred',
  4: 'strategic',
  5: 'partnership',
} as const satisfies Record<RelationshipLevel, string>;

export interface RelationshipInput {
  /** Months from the first order to the analysis date (fractions allowed). */
  tenureMonths: number;
  /** Share of the last 12 months with at least one order, in [0, 1]. */
  regularity: number;
  /** Distinct categories bought in the last 12 months (products when no category is mapped). */
  categories: number;
  /** The customer's share of the book's trailing-12-month revenue (KeyAccount.revenueShare). */
  revenueShare: number;
  /** ABC class A (KeyAccount.keyAccount): among the top customers making most of the revenue (default false). */
  keyAccount?: boolean;
}

/** One row of the level table; an absent condition holds for every customer. */
export interface RelationshipRule {
  /** Stable key in plain English, to translate the row and to say why a customer has the level. */
  id: string;
  /** Levels 1–4 only: level 5 is never inferred. */
  level: 1 | 2 | 3 | 4;
  minTenureMonths?: number;
  minRegularity?: number;
  minCategories?: number;
  minRevenueShare?: number;
  /** The customer must be a key account (class A). */
  keyAccount?: true;
}

/**
 * The level table, read top-down: the first rule a customer meets gives the level.
 * - 4 strategic: a year and a half or more, orders in at least 9 of the last 12 months, 3+ categories, and a
 *   key account (class A). Class A rather than a fixed share of revenue, because a share means different things
 *   in books of 100 and of 10,000 customers; `minRevenueShare` is there for a table of one's own.
 * - 3 preferred: a year or more, orders in at least 6 of the last 12 months, 2+ categories.
 * - 2 recurring: three months or more and orders in at least 3 of the last 12 months.
 * - 1 transactional: everyone else (first contact, occasional buyers).
 */
export const RELATIONSHIP_RULES: readonly RelationshipRule[] = [
  { id: 'long_regular_broad_key_account', level: 4, minTenureMonths: 18, minRegularity: 0.75, minCategories: 3, keyAccount: true },
  { id: 'established_regular_and_broad', level: 3, minTenureMonths: 12, minRegularity: 0.5, minCategories: 2 },
  { id: 'buys_again_through_the_year', level: 2, minTenureMonths: 3, minRegularity: 0.25 },
  { id: 'first_contact_or_occasional', level: 1 },
];

export interface InferredRelationship {
  level: 1 | 2 | 3 | 4;
  /** The id of the rule that gave the level; null when no rule of a custom table matched (level 1). */
  rule: string | null;
}

export interface Relationship {
  level: RelationshipLevel;
  source: 'inferred' | 'override';
  /** The level read from sales, kept so the screen can show "set to 5 (sales say 3)". */
  inferredLevel: 1 | 2 | 3 | 4;
  /** The rule behind the inferred level. */
  rule: string | null;
}

/** Whether a customer meets every condition of a rule (small slack so 9/12 meets 0.75 despite rounding). */
export function matchesRelationshipRule(rule: RelationshipRule, c: RelationshipInput): boolean {
  const meets = (value: number, min: number | undefined): boolean => min === undefined || value >= min - 1e-12;
  return (
    meets(c.tenureMonths, rule.minTenureMonths) &&
    meets(c.regularity, rule.minRegularity) &&
    meets(c.categories, rule.minCategories) &&
    meets(c.revenueShare, rule.minRevenueShare) &&
    (rule.keyAccount !== true || c.keyAccount === true)
  );
}

/** The inferred level (1–4) and the rule behind it: the first rule of `rules` the customer meets. */
export function relationshipLevel(
  c: RelationshipInput,
  rules: readonly RelationshipRule[] = RELATIONSHIP_RULES,
): InferredRelationship {
  if (!(Number.isFinite(c.tenureMonths) && c.tenureMonths >= 0)) {
    throw new Error(`tenureMonths must be a number ≥ 0, got ${c.tenureMonths}`);
  }
  if (!(c.regularity >= 0 && c.regularity <= 1)) throw new Error(`regularity must be a share in [0, 1], got ${c.regularity}`);
  if (!(Number.isInteger(c.categories) && c.categories >= 0)) {
    throw new Error(`categories must be an integer ≥ 0, got ${c.categories}`);
  }
  if (!Number.isFinite(c.revenueShare)) throw new Error(`revenueShare must be a finite number, got ${c.revenueShare}`);
  for (const rule of rules) {
    if (![1, 2, 3, 4].includes(rule.level)) {
      throw new Error(`rule "${rule.id}": level must be 1, 2, 3 or 4 (level 5 is set by the user only), got ${rule.level}`);
    }
  }
  const rule = rules.find((r) => matchesRelationshipRule(r, c));
  return rule ? { level: rule.level, rule: rule.id } : { level: 1, rule: null };
}

/** The level shown: the user's override when there is one (the only way to level 5), else the inferred one. */
export function applyOverride(inferred: InferredRelationship, override: RelationshipLevel | null): Relationship {
  if (override !== null && ![1, 2, 3, 4, 5].includes(override)) {
    throw new Error(`override must be a level from 1 to 5 or null, got ${override}`);
  }
  return {
    level: override ?? inferred.level,
    source: override === null ? 'inferred' : 'override',
    inferredLevel: inferred.level,
    rule: inferred.rule,
  };
}
