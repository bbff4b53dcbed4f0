import { describe, expect, it } from 'vitest';
import { associationRules, frequentItemsets } from '../../../src/analytics/association';
import { crossSellOffers, tierSteps } from '../../../src/analytics/offers';
import { productTiers, tierCatalogue } from '../../../src/analytics/tiers';

// The classic five baskets (see association.test.ts): at support 0.6, Eggs → Onion has confidence 0.75 and
// lift 1.25, Eggs → Kidney Beans confidence 1 and lift 1, Onion → Eggs confidence 1 and lift 1.25.
const baskets = [
  ['Milk', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Dill', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Milk', 'Apple', 'Kidney Beans', 'Eggs'],
  ['Milk', 'Unicorn', 'Corn', 'Kidney Beans', 'Yogurt'],
  ['Corn', 'Onion', 'Kidney Beans', 'Ice cream', 'Eggs'],
];
const rules = associationRules(frequentItemsets(baskets, { minSupport: 0.6 }));
const spend = new Map([
  ['Onion', 10],
  ['Kidney Beans', 10],
  ['Milk', 10],
  ['Yogurt', 10],
  ['Eggs', 10],
]);
const open = { minSupport: 0, minConfidence: 0, minLift: 0, minRuleCount: 1, limit: 10 };

describe('crossSellOffers', () => {
  it('ranks items by confidence × lift × typical spend', () => {
    // Kidney Beans 1 × 1 × 10 = 10 before Onion 0.75 × 1.25 × 10 = 9.375; the two-item consequent is not offered.
    const offers = crossSellOffers(new Set(['Eggs']), rules, spend, open);
    expect(offers.map((o) => [o.item, o.rule.antecedent, o.rule.confidence])).toEqual([
      ['Kidney Beans', ['Eggs'], 1],
      ['Onion', ['Eggs'], 0.75],
    ]);
    expect(crossSellOffers(new Set(['Eggs']), rules, spend, { ...open, minLift: 1.1 }).map((o) => o.item)).toEqual(['Onion']);
    expect(crossSellOffers(new Set(['Eggs']), rules, spend, { ...open, limit: 1 }).map((o) => o.item)).toEqual(['Kidney Beans']);
  });

  it('uses rules whose whole antecedent is held, preferring the shorter of equal strength', () => {
    const offers = crossSellOffers(new Set(['Onion', 'Kidney Beans']), rules, spend, open);
    // Eggs: {Kidney Beans, Onion} → Eggs (listed first) and Onion → Eggs both have confidence 1 and lift 1.25.
    expect(offers.map((o) => [o.item, o.rule.antecedent])).toEqual([
      ['Eggs', ['Onion']],
      ['Milk', ['Kidney Beans']],
      ['Yogurt', ['Kidney Beans']],
    ]);
    expect(offers[0]!.rule.lift).toBeCloseTo(1.25, 12);
  });

  it('skips items without a typical spend and returns nothing for nothing held', () => {
    expect(crossSellOffers(new Set(['Eggs']), rules, new Map([['Onion', 10]]), open).map((o) => o.item)).toEqual(['Onion']);
    expect(crossSellOffers(new Set(), rules, spend, open)).toEqual([]);
  });
});

describe('tierSteps', () => {
  const tiers = productTiers([
    { product: 'a', category: 'Café', unitPrice: 10 },
    { product: 'b', category: 'Café', unitPrice: 20 },
    { product: 'c', category: 'Café', unitPrice: 40 },
    { product: 'x', category: null, unitPrice: 0 },
    { product: 'y', category: null, unitPrice: 5 },
    { product: 'z', category: null, unitPrice: 9 },
  ]);
  const catalogue = tierCatalogue(tiers);

  it('steps up and down from the highest tier bought in each category', () => {
    const steps = tierSteps(new Set(['a', 'b']), tiers, catalogue, 900, new Map([['Café', 300]]));
    expect(steps).toEqual([
      { category: 'Café', from: 2, to: 3, product: 'c', priceRatio: 2, spend: 300 },
      { category: 'Café', from: 2, to: 1, product: 'a', priceRatio: 0.5, spend: 300 },
    ]);
  });

  it('spreads trailing revenue over the categories when the spend is unknown, and guards a zero price', () => {
    // Two groups (Café and no category): 900 / 2 each; no category is never looked up in categorySpend.
    const steps = tierSteps(new Set(['c', 'x']), tiers, catalogue, 900, new Map([['Café', 300]]));
    expect(steps).toEqual([
      { category: 'Café', from: 3, to: 2, product: 'b', priceRatio: 0.5, spend: 300 },
      { category: null, from: 1, to: 2, product: 'y', priceRatio: 1, spend: 450 },
    ]);
    expect(tierSteps(new Set(['a']), tiers, catalogue, -50).map((s) => s.spend)).toEqual([0]);
    expect(tierSteps(new Set(['unknown']), tiers, catalogue, 100)).toEqual([]);
  });
});
