// offers.ts: what Ciclo can offer one customer — items their peers buy together with what they already buy
// (cross-sell), and one tier up or down in a category they buy (upgrade, downgrade-to-save). actions.ts decides
// who gets which offer; this file only finds the candidates.
import type { AssociationRule } from './association.ts';
import type { ProductTier, Tier, TierCatalogue } from './tiers.ts';

export interface CrossSellSettings {
  /** Minimums a rule must reach (support, confidence, lift, customers buying both sides). */
  minSupport: number;
  minConfidence: number;
  minLift: number;
  minRuleCount: number;
  /** Offers kept, best first. */
  limit: number;
}

export interface CrossSellOffer {
  item: string;
  /** The rule with the largest confidence × lift among those leading to the item (shortest antecedent on ties). */
  rule: AssociationRule;
  /** Typical 12-month spend on the item among its buyers. */
  typicalSpend: number;
}

/**
 * The cross-sell offers for a customer holding `held` items: for each item not held, the rules whose
 * antecedent is all held, whose consequent is that single item and which reach every minimum; of these the one
 * with the largest confidence × lift (ties: the shortest antecedent, the simpler reason; then the first given). Items are ranked by confidence × lift × typical
 * spend (ties by name) and the first `limit` kept. Items without a positive typical spend are skipped:
 * there is nothing to value them by.
 */
export function crossSellOffers(
  held: ReadonlySet<string>,
  rules: readonly AssociationRule[],
  typicalSpend: ReadonlyMap<string, number>,
  { minSupport, minConfidence, minLift, minRuleCount, limit }: CrossSellSettings,
): CrossSellOffer[] {
  const best = new Map<string, AssociationRule>();
  for (const rule of rules) {
    const item = rule.consequent[0];
    if (rule.consequent.length !== 1 || item === undefined || held.has(item)) continue;
    if (!(reaches(rule.support, minSupport) && reaches(rule.confidence, minConfidence) && reaches(rule.lift, minLift))) continue;
    if (rule.count < minRuleCount) continue;
    if (!rule.antecedent.every((a) => held.has(a))) continue;
    const seen = best.get(item);
    const gain = seen ? rule.confidence * rule.lift - seen.confidence * seen.lift : 1;
    if (gain > 0 || (gain === 0 && rule.antecedent.length < seen!.antecedent.length)) best.set(item, rule);
  }
  const offers: CrossSellOffer[] = [];
  for (const [item, rule] of best) {
    const spend = typicalSpend.get(item) ?? 0;
    if (spend > 0) offers.push({ item, rule, typicalSpend: spend });
  }
  const score = (x: CrossSellOffer): number => x.rule.confidence * x.rule.lift * x.typicalSpend;
  return offers.sort((a, b) => score(b) - score(a) || compareText(a.item, b.item)).slice(0, limit);
}

/** A move of one tier up or down within a category the customer buys. */
export interface TierStep {
  category: string | null;
  /** The highest tier the customer bought in the category. */
  from: Tier;
  to: Tier;
  /** The product offered: the first of the target tier's offer order (tierCatalogue). */
  product: string | null;
  /** Median price of the target tier ÷ that of the current tier (1 when the current one is not > 0). */
  priceRatio: number;
  /** The customer's 12-month spend in the category (≥ 0). */
  spend: number;
}

/**
 * Every one-tier step up and down from the highest tier the customer bought in each category, where the
 * target tier exists. `spend` comes from `categorySpend`; without it (and for products without a category),
 * the customer's trailing revenue is spread evenly over the categories bought.
 */
export function tierSteps(
  products: ReadonlySet<string>,
  tiers: ReadonlyMap<string, ProductTier>,
  catalogue: TierCatalogue,
  trailing12: number,
  categorySpend?: ReadonlyMap<string, number>,
): TierStep[] {
  const highest = new Map<string | null, Tier>();
  for (const product of products) {
    const t = tiers.get(product);
    if (t && t.tier > (highest.get(t.category) ?? 0)) highest.set(t.category, t.tier);
  }
  const evenShare = Math.max(0, trailing12) / Math.max(1, highest.size);
  const steps: TierStep[] = [];
  for (const [category, from] of highest) {
    const levels = catalogue.get(category);
    const fromPrice = levels?.get(from)?.medianPrice ?? 0;
    const known = category !== null && categorySpend !== undefined;
    const spend = Math.max(0, known ? (categorySpend.get(category) ?? 0) : evenShare);
    for (const to of [from + 1, from - 1] as Tier[]) {
      const target = levels?.get(to);
      if (!target) continue;
      const priceRatio = fromPrice > 0 ? target.medianPrice / fromPrice : 1;
      steps.push({ category, from, to, product: target.products[0] ?? null, priceRatio, spend });
    }
  }
  return steps;
}

/**
 * x ≥ min, forgiving the last bits of floating point: a lift of 6/20 ÷ 10/50 is 1.4999999999999998, and a
 * user asking for lift ≥ 1.5 means to keep it.
 */
function reaches(x: number, min: number): boolean {
  return x >= min - 1e-9 * Math.max(1, Math.abs(min));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
