// tiers.ts: each product's price tier within its category — 1 (entry), 2 (middle), 3 (premium) — which the
// upgrade and downgrade-to-save actions step through. A tier column mapped at import wins; otherwise the tier
// is the product's price tercile among the products of its category.
import { scoreByRank } from './rfm.ts';
import { percentile } from './value.ts';

export type Tier = 1 | 2 | 3;
export type TierBasis = 'mapped' | 'price_terciles';

export interface ProductTierInput {
  product: string;
  /** Null when no category is mapped or the product has none: such products form one group together. */
  category: string | null;
  /** The product's typical unit price, e.g. the median unit price of its sales lines (SQL MEDIAN). */
  unitPrice: number;
  /** The value of a mapped tier column ("1".."3" or a word such as "premium"; see parseTier). */
  tier?: string | null;
}

export interface ProductTier {
  category: string | null;
  tier: Tier;
  basis: TierBasis;
  /** The unit price given, so that actions can say how much dearer the next tier is. */
  unitPrice: number;
}

/** Tier words accepted in a mapped tier column, lower case and without accents (in Ciclo's four languages). */
const TIER_WORDS: Readonly<Record<string, Tier>> = {
  low: 1, basic: 1, entry: 1, economy: 1, budget: 1, baixo: 1, basico: 1, economico: 1, bajo: 1, basso: 1, base: 1,
  mid: 2, middle: 2, medium: 2, standard: 2, medio: 2, padrao: 2, estandar: 2, intermedio: 2, normal: 2,
  high: 3, premium: 3, top: 3, luxury: 3, alto: 3, superior: 3, lusso: 3, lujo: 3, luxo: 3,
};

/**
 * The tier a mapped tier cell stands for: `1`, `2`, `3` (also `1.0`, ` 2 `), or a tier word in English,
 * Portuguese, Spanish or Italian (`basic`, `padrão`, `premium`, …; case and accents ignored). Null for an
 * empty or unrecognised value, so the import screen can list the values it could not read.
 */
export function parseTier(value: string | null | undefined): Tier | null {
  if (value === null || value === undefined) return null;
  const text = value.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (text === '') return null;
  const number = Number(text);
  if (number === 1 || number === 2 || number === 3) return number;
  return TIER_WORDS[text] ?? null;
}

/**
 * The tier of every product, keyed by product. A product whose mapped tier parses (parseTier) keeps it
 * (`basis: 'mapped'`). Every other product gets the price tercile of its unitPrice among all products of its
 * category: with the products ranked by price (ties sharing their average rank ρ, as RFM scores are),
 * tier = ⌊(ρ − ½) / n × 3⌋ + 1 — so 6 products split 2/2/2, 4 split 1/2/1 and 5 split 2/1/2, and a category
 * whose products all cost the same is all tier 2. A category with fewer than 3 products cannot be cut into
 * terciles: its unmapped products all get tier 2 (nothing to step up or down to).
 * Throws when a product appears twice or a unit price is not a finite number.
 */
export function productTiers(products: readonly ProductTierInput[]): Map<string, ProductTier> {
  const byCategory = new Map<string | null, ProductTierInput[]>();
  const seen = new Set<string>();
  for (const p of products) {
    if (seen.has(p.product)) throw new Error(`productTiers expects one row per product, got "${p.product}" twice`);
    seen.add(p.product);
    if (!Number.isFinite(p.unitPrice)) {
      throw new Error(`unitPrice must be a finite number, got ${p.unitPrice} for "${p.product}"`);
    }
    const group = byCategory.get(p.category);
    if (group) group.push(p);
    else byCategory.set(p.category, [p]);
  }

  const tiers = new Map<string, ProductTier>();
  for (const [category, group] of byCategory) {
    const terciles = group.length >= 3 ? scoreByRank(group.map((p) => p.unitPrice), 3) : null;
    group.forEach((p, i) => {
      const mapped = parseTier(p.tier);
      const tier = mapped ?? ((terciles?.[i] ?? 2) as Tier);
      tiers.set(p.product, { category, tier, basis: mapped === null ? 'price_terciles' : 'mapped', unitPrice: p.unitPrice });
    });
  }
  return tiers;
}

/** One tier of one category, as the upgrade and downgrade actions offer it. */
export interface TierLevel {
  /** Median unit price of the tier's products. */
  medianPrice: number;
  /** The tier's products in offer order: most buyers first (when counts are given), then cheapest, then by name. */
  products: string[];
}

/** Tiers by category (null: products without a category), each tier with its median price and products. */
export type TierCatalogue = Map<string | null, Map<Tier, TierLevel>>;

/** Groups the tiers of productTiers by category and tier, for stepping a customer one tier up or down. */
export function tierCatalogue(
  tiers: ReadonlyMap<string, ProductTier>,
  productBuyers: ReadonlyMap<string, number> = new Map(),
): TierCatalogue {
  const groups = new Map<string | null, Map<Tier, string[]>>();
  for (const [product, { category, tier }] of tiers) {
    let byTier = groups.get(category);
    if (!byTier) groups.set(category, (byTier = new Map()));
    const list = byTier.get(tier);
    if (list) list.push(product);
    else byTier.set(tier, [product]);
  }
  const catalogue: TierCatalogue = new Map();
  for (const [category, byTier] of groups) {
    const levels = new Map<Tier, TierLevel>();
    for (const [tier, products] of byTier) {
      const price = (p: string): number => tiers.get(p)!.unitPrice;
      products.sort(
        (a, b) =>
          (productBuyers.get(b) ?? 0) - (productBuyers.get(a) ?? 0) || price(a) - price(b) || (a < b ? -1 : a > b ? 1 : 0),
      );
      const prices = Float64Array.from(products, price).sort();
      levels.set(tier, { medianPrice: percentile(prices, 0.5), products });
    }
    catalogue.set(category, levels);
  }
  return catalogue;
}
