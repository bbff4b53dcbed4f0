// Association rules for Ciclo's cross-sell: "68 % of customers who buy Café Especial also buy Açúcar
// Orgânico; lift 2.4". Frequent itemsets come from Apriori (Agrawal & Srikant 1994): an itemset can only be
// frequent when all its subsets are, so level k is counted only for candidates built from level k − 1.
// Rule measures, for a rule A → C over N transactions (baskets or customers):
//   support    s(A ∪ C)                     share of transactions holding every item of A and C
//   confidence s(A ∪ C) / s(A)              share of A's transactions that also hold C
//   lift       confidence / s(C)            > 1: C is likelier with A than without knowing A
//   leverage   s(A ∪ C) − s(A)·s(C)         (Piatetsky-Shapiro 1991) co-occurrence above independence
//   conviction (1 − s(C)) / (1 − confidence) (Brin et al. 1997) ∞ when the rule never fails
// Confidence is taken as a ratio of counts, so a rule that always holds has confidence exactly 1.

export interface FrequentItemset {
  /** Item ids, sorted by code unit (the same order whatever order the transactions listed them in). */
  items: string[];
  /** count ÷ number of transactions. */
  support: number;
  /** Transactions holding every item of the set. */
  count: number;
}

export interface AssociationRule {
  antecedent: string[];
  consequent: string[];
  /** s(antecedent ∪ consequent). */
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  /** Infinity when confidence = 1. */
  conviction: number;
  antecedentSupport: number;
  consequentSupport: number;
  /** Transactions (baskets or customers) holding both sides: the "12 customers" behind a reason. */
  count: number;
}

export interface FrequentItemsetOptions {
  /** Minimum share of transactions, in (0, 1]. */
  minSupport: number;
  /** Largest itemset counted (default 3). */
  maxLength?: number;
}

export interface RuleOptions {
  /** Keep rules with confidence ≥ this (default 0). */
  minConfidence?: number;
  /** Keep rules with lift ≥ this (default 0, i.e. all). */
  minLift?: number;
}

/** How many customers bought both items (one row per unordered pair), as the co-occurrence SQL returns. */
export interface PairCount {
  itemA: string;
  itemB: string;
  count: number;
}

/** How many customers bought the item. */
export interface ItemCount {
  item: string;
  count: number;
}

export interface PairRuleOptions extends RuleOptions {
  /** Minimum share of customers buying both items, in (0, 1]. */
  minSupport: number;
  /** Minimum number of customers buying both items (default 1), so small books don't produce noise. */
  minCount?: number;
}

/**
 * All itemsets of at most `maxLength` items held by at least `minSupport` of the transactions (Apriori).
 * An item repeated inside one transaction counts once. Sorted by size, then by items.
 */
export function frequentItemsets(
  transactions: readonly (readonly string[])[],
  { minSupport, maxLength = 3 }: FrequentItemsetOptions,
): FrequentItemset[] {
  checkShare('minSupport', minSupport);
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new Error(`maxLength must be an integer ≥ 1, got ${maxLength}`);
  }
  const n = transactions.length;
  if (n === 0) return [];
  const minCount = countThreshold(minSupport, n);

  const itemCounts = new Map<string, number>();
  const baskets = transactions.map((transaction) => {
    const unique = [...new Set(transaction)];
    for (const item of unique) itemCounts.set(item, (itemCounts.get(item) ?? 0) + 1);
    return unique;
  });
  // Frequent items get indices in sorted order, so a sorted index array is a sorted itemset.
  const items = [...itemCounts]
    .filter(([, count]) => count >= minCount)
    .map(([item]) => item)
    .sort(compareText);
  const indexOf = new Map(items.map((item, i) => [item, i]));
  const result: FrequentItemset[] = items.map((item) => {
    const count = itemCounts.get(item)!;
    return { items: [item], support: count / n, count };
  });

  let encoded = baskets
    .map((basket) => basket.flatMap((item) => indexOf.get(item) ?? []).sort((a, b) => a - b))
    .filter((basket) => basket.length >= 2);
  let level: number[][] = items.map((_, i) => [i]);
  for (let k = 2; k <= maxLength && level.length >= k; k++) {
    const candidates = aprioriCandidates(level);
    if (candidates.size === 0) break;
    // Only items of a frequent (k−1)-set can sit in a frequent k-set.
    const alive = new Set(level.flat());
    encoded = encoded.map((basket) => basket.filter((i) => alive.has(i))).filter((basket) => basket.length >= k);
    for (const basket of encoded) countCandidates(basket, k, candidates);
    level = [];
    for (const candidate of candidates.values()) {
      if (candidate.count < minCount) continue;
      level.push(candidate.items);
      result.push({
        items: candidate.items.map((i) => items[i]!),
        support: candidate.count / n,
        count: candidate.count,
      });
    }
    level.sort(compareIndices);
  }
  return result.sort((a, b) => a.items.length - b.items.length || compareLists(a.items, b.items));
}

/**
 * Every rule A → C with A ∪ C one of `itemsets` (A, C non-empty and disjoint). The supports of A and C are
 * read from `itemsets`, so it must hold every subset of each itemset, as `frequentItemsets` returns.
 * Sorted by lift, then confidence, then support (highest first).
 */
export function associationRules(
  itemsets: readonly FrequentItemset[],
  { minConfidence = 0, minLift = 0 }: RuleOptions = {},
): AssociationRule[] {
  checkRuleOptions(minConfidence, minLift);
  const byKey = new Map<string, FrequentItemset>();
  for (const itemset of itemsets) byKey.set(keyOf([...itemset.items].sort(compareText)), itemset);
  const lookup = (items: string[]): FrequentItemset => {
    const found = byKey.get(keyOf(items));
    if (!found) {
      throw new Error(`associationRules needs the support of every subset, missing [${items.join(', ')}]`);
    }
    return found;
  };

  const rules: AssociationRule[] = [];
  for (const itemset of itemsets) {
    const items = [...itemset.items].sort(compareText);
    const size = items.length;
    if (size < 2) continue;
    if (size > 20) throw new Error(`associationRules takes itemsets of at most 20 items, got ${size}`);
    // Each mask of the items (other than none and all) picks an antecedent; the rest is the consequent.
    for (let mask = 1; mask < (1 << size) - 1; mask++) {
      const antecedent = items.filter((_, i) => mask & (1 << i));
      const consequent = items.filter((_, i) => !(mask & (1 << i)));
      const a = lookup(antecedent);
      const c = lookup(consequent);
      const rule = ruleOf(antecedent, consequent, itemset.count, itemset.support, a.count, a.support, c.support);
      if (rule.confidence >= minConfidence && rule.lift >= minLift) rules.push(rule);
    }
  }
  return rules.sort(compareRules);
}

/**
 * Customer-level rules between single items from co-occurrence counts (customers × item, computed in DuckDB):
 * both directions of every pair bought together by at least `minSupport` of the `total` customers and at
 * least `minCount` customers. Each unordered pair may appear once (or twice with the same count).
 */
export function pairRules(
  pairCounts: readonly PairCount[],
  itemCounts: readonly ItemCount[],
  total: number,
  { minSupport, minCount = 1, minConfidence = 0, minLift = 0 }: PairRuleOptions,
): AssociationRule[] {
  checkShare('minSupport', minSupport);
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new Error(`minCount must be an integer ≥ 1, got ${minCount}`);
  }
  checkRuleOptions(minConfidence, minLift);
  if (!Number.isInteger(total) || total < 0) throw new Error(`total must be a whole number of customers, got ${total}`);
  if (total === 0) return [];

  const countOf = new Map<string, number>();
  for (const { item, count } of itemCounts) {
    if (!Number.isInteger(count) || count < 0 || count > total) {
      throw new Error(`item count must be an integer in 0..${total}, got ${count} for "${item}"`);
    }
    if (countOf.has(item)) throw new Error(`item "${item}" appears twice in itemCounts`);
    countOf.set(item, count);
  }
  const pairs = new Map<string, PairCount>();
  for (const pair of pairCounts) {
    const { itemA, itemB, count } = pair;
    if (itemA === itemB) throw new Error(`a pair needs two different items, got "${itemA}" twice`);
    const countA = countOf.get(itemA);
    const countB = countOf.get(itemB);
    if (countA === undefined || countB === undefined) {
      throw new Error(`pair ("${itemA}", "${itemB}") names an item missing from itemCounts`);
    }
    if (!Number.isInteger(count) || count < 0 || count > Math.min(countA, countB)) {
      throw new Error(
        `pair count must be an integer in 0..${Math.min(countA, countB)}, got ${count} for ("${itemA}", "${itemB}")`,
      );
    }
    const [first, second] = compareText(itemA, itemB) < 0 ? [itemA, itemB] : [itemB, itemA];
    const key = keyOf([first, second]);
    const seen = pairs.get(key);
    if (seen && seen.count !== count) {
      throw new Error(`pair ("${first}", "${second}") appears twice with different counts, ${seen.count} and ${count}`);
    }
    pairs.set(key, { itemA: first, itemB: second, count });
  }

  const threshold = Math.max(minCount, countThreshold(minSupport, total));
  const rules: AssociationRule[] = [];
  for (const { itemA, itemB, count } of pairs.values()) {
    if (count < threshold) continue;
    const countA = countOf.get(itemA)!;
    const countB = countOf.get(itemB)!;
    const support = count / total;
    for (const rule of [
      ruleOf([itemA], [itemB], count, support, countA, countA / total, countB / total),
      ruleOf([itemB], [itemA], count, support, countB, countB / total, countA / total),
    ]) {
      if (rule.confidence >= minConfidence && rule.lift >= minLift) rules.push(rule);
    }
  }
  return rules.sort(compareRules);
}

function ruleOf(
  antecedent: string[],
  consequent: string[],
  count: number,
  support: number,
  antecedentCount: number,
  antecedentSupport: number,
  consequentSupport: number,
): AssociationRule {
  const confidence = count / antecedentCount;
  return {
    antecedent,
    consequent,
    support,
    confidence,
    lift: confidence / consequentSupport,
    leverage: support - antecedentSupport * consequentSupport,
    conviction: confidence === 1 ? Infinity : (1 - consequentSupport) / (1 - confidence),
    antecedentSupport,
    consequentSupport,
    count,
  };
}

interface Candidate {
  items: number[];
  count: number;
}

/** Apriori-gen: join (k−1)-sets sharing their first k−2 items, then drop joins with an infrequent subset. */
function aprioriCandidates(level: readonly number[][]): Map<string, Candidate> {
  const frequent = new Set(level.map((items) => items.join(',')));
  const candidates = new Map<string, Candidate>();
  const prefixLength = level[0]!.length - 1;
  for (let i = 0; i < level.length; i++) {
    const left = level[i]!;
    for (let j = i + 1; j < level.length; j++) {
      const right = level[j]!;
      // `level` is sorted, so sets sharing a prefix are contiguous.
      if (!samePrefix(left, right, prefixLength)) break;
      const items = [...left, right[prefixLength]!];
      const isClosed = items.every((_, drop) =>
        frequent.has(items.filter((__, at) => at !== drop).join(',')),
      );
      if (isClosed) candidates.set(items.join(','), { items, count: 0 });
    }
  }
  return candidates;
}

/** Adds one to every candidate held by `basket` (sorted indices), enumerating whichever side is smaller. */
function countCandidates(basket: readonly number[], k: number, candidates: Map<string, Candidate>): void {
  if (binomial(basket.length, k) <= candidates.size) {
    forEachCombination(basket, k, (combination) => {
      const candidate = candidates.get(combination.join(','));
      if (candidate) candidate.count++;
    });
    return;
  }
  const held = new Set(basket);
  for (const candidate of candidates.values()) {
    if (candidate.items.every((i) => held.has(i))) candidate.count++;
  }
}

function forEachCombination(values: readonly number[], k: number, visit: (combination: number[]) => void): void {
  const chosen: number[] = [];
  const walk = (start: number): void => {
    if (chosen.length === k) {
      visit(chosen);
      return;
    }
    for (let i = start; i <= values.length - (k - chosen.length); i++) {
      chosen.push(values[i]!);
      walk(i + 1);
      chosen.pop();
    }
  };
  walk(0);
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/** The smallest count reaching `share` of `n`, robust to 0.6 × 5 landing a hair above 3 in floating point. */
function countThreshold(share: number, n: number): number {
  return Math.max(1, Math.ceil(share * n - 1e-9));
}

function checkShare(name: string, value: number): void {
  if (!(value > 0 && value <= 1)) throw new Error(`${name} must be a share in (0, 1], got ${value}`);
}

function checkRuleOptions(minConfidence: number, minLift: number): void {
  if (!(minConfidence >= 0 && minConfidence <= 1)) {
    throw new Error(`minConfidence must be in [0, 1], got ${minConfidence}`);
  }
  if (!(minLift >= 0) || minLift === Infinity) throw new Error(`minLift must be a finite number ≥ 0, got ${minLift}`);
}

function samePrefix(a: readonly number[], b: readonly number[], length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function keyOf(items: readonly string[]): string {
  return items.join('\u0000');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareText(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareIndices(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function compareRules(a: AssociationRule, b: AssociationRule): number {
  return (
    b.lift - a.lift ||
    b.confidence - a.confidence ||
    b.support - a.support ||
    compareLists(a.antecedent, b.antecedent) ||
    compareLists(a.consequent, b.consequent)
  );
}
