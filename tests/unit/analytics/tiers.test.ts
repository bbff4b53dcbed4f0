import { describe, expect, it } from 'vitest';
import { parseTier, productTiers, tierCatalogue, type ProductTierInput } from '../../../src/analytics/tiers';
import { mulberry32 } from '../../fixtures/seeded-random';

const priced = (category: string | null, prices: readonly number[], prefix = category ?? 'x'): ProductTierInput[] =>
  prices.map((unitPrice, i) => ({ product: `${prefix}-${i}`, category, unitPrice }));

const tiersOf = (rows: readonly ProductTierInput[]): (number | undefined)[] => {
  const tiers = productTiers(rows);
  return rows.map((r) => tiers.get(r.product)?.tier);
};

describe('parseTier', () => {
  it('reads tier numbers and tier words in four languages, ignoring case, spaces and accents', () => {
    expect(['1', ' 2 ', '3.0', 'Premium', 'básico', 'PADRÃO', 'estándar', 'lusso', 'Entry'].map(parseTier)).toEqual([
      1, 2, 3, 3, 1, 2, 2, 3, 1,
    ]);
  });

  it('gives null for empty, unknown and out-of-range values', () => {
    expect([null, undefined, '', '  ', 'gold', '0', '4', '2.5'].map(parseTier)).toEqual([null, null, null, null, null, null, null, null]);
  });
});

describe('productTiers', () => {
  it('cuts six distinct prices of a category into terciles of two products each', () => {
    // Ranks 1..6: (2ρ − 1)·3/12 = 0.25, 0.75, 1.25, 1.75, 2.25, 2.75 → floor + 1.
    expect(tiersOf(priced('Café', [30, 10, 60, 20, 50, 40]))).toEqual([2, 1, 3, 1, 3, 2]);
  });

  it('splits four products 1/2/1 and five products 2/1/2', () => {
    // n = 4: 3/8, 9/8, 15/8, 21/8 → 1, 2, 2, 3. n = 5: 0.3, 0.9, 1.5, 2.1, 2.7 → 1, 1, 2, 3, 3.
    expect(tiersOf(priced('A', [5, 7, 9, 11]))).toEqual([1, 2, 2, 3]);
    expect(tiersOf(priced('B', [1, 2, 3, 4, 5]))).toEqual([1, 1, 2, 3, 3]);
  });

  it('gives tied prices the tier of their average rank', () => {
    // 10 ×3 share rank 2 → 3·3/12 = 0.75 → 1; 20 has rank 4 → 7·3/12 = 1.75 → 2; 30 ×2 share 5.5 → 10·3/12 = 2.5 → 3.
    expect(tiersOf(priced('A', [10, 10, 10, 20, 30, 30]))).toEqual([1, 1, 1, 2, 3, 3]);
    expect(tiersOf(priced('A', [8, 8, 8, 8]))).toEqual([2, 2, 2, 2]);
  });

  it('gives every product of a category with fewer than 3 products tier 2', () => {
    const tiers = productTiers([...priced('Chá', [5, 500]), ...priced('Mel', [12])]);
    expect([...tiers.values()].map((t) => [t.category, t.tier, t.basis])).toEqual([
      ['Chá', 2, 'price_terciles'],
      ['Chá', 2, 'price_terciles'],
      ['Mel', 2, 'price_terciles'],
    ]);
  });

  it('ranks each category on its own and groups products without a category together', () => {
    const rows = [...priced('Açúcar', [1, 2, 3]), ...priced('Café', [100, 300, 200]), ...priced(null, [9, 7, 8])];
    expect(tiersOf(rows)).toEqual([1, 2, 3, 1, 3, 2, 3, 1, 2]);
    expect(productTiers(rows).get('x-0')).toEqual({ category: null, tier: 3, basis: 'price_terciles', unitPrice: 9 });
  });

  it('lets a readable mapped tier win over the price and reads the other products by price', () => {
    const rows: ProductTierInput[] = [
      { product: 'cheap-but-premium', category: 'Café', unitPrice: 1, tier: 'premium' },
      { product: 'b', category: 'Café', unitPrice: 20, tier: 'gold' }, // unreadable: priced
      { product: 'c', category: 'Café', unitPrice: 30, tier: null },
      { product: 'd', category: 'Café', unitPrice: 40 },
    ];
    const tiers = productTiers(rows);
    expect(tiers.get('cheap-but-premium')).toEqual({ category: 'Café', tier: 3, basis: 'mapped', unitPrice: 1 });
    // Priced among all four: 20 has rank 2 → 3·3/8 = 1.125 → 2; 30 → 15/8 → 2; 40 → 21/8 → 3.
    expect(['b', 'c', 'd'].map((p) => [tiers.get(p)?.tier, tiers.get(p)?.basis])).toEqual([
      [2, 'price_terciles'],
      [2, 'price_terciles'],
      [3, 'price_terciles'],
    ]);
  });

  it('matches a rank-counting oracle on a seeded catalogue with ties', () => {
    const random = mulberry32(11);
    const rows: ProductTierInput[] = Array.from({ length: 400 }, (_, i) => ({
      product: `p${i}`,
      category: `c${Math.floor(random() * 9)}`,
      unitPrice: Math.floor(random() * 12) * 5,
    }));
    const tiers = productTiers(rows);
    for (const row of rows) {
      const peers = rows.filter((r) => r.category === row.category);
      const n = peers.length;
      const smaller = peers.filter((r) => r.unitPrice < row.unitPrice).length;
      const equal = peers.filter((r) => r.unitPrice === row.unitPrice).length;
      const expected = n < 3 ? 2 : Math.floor(((2 * smaller + equal) * 3) / (2 * n)) + 1;
      expect(tiers.get(row.product)?.tier).toBe(expected);
    }
  });

  it('returns an empty map for no products and rejects duplicates and missing prices', () => {
    expect(productTiers([]).size).toBe(0);
    expect(() => productTiers([...priced('A', [1]), ...priced('A', [2])])).toThrow('productTiers expects one row per product, got "A-0" twice');
    expect(() => productTiers(priced('A', [1, NaN]))).toThrow('unitPrice must be a finite number, got NaN for "A-1"');
  });
});

describe('tierCatalogue', () => {
  it('holds each tier’s median price and offers its most bought product first, then the cheapest', () => {
    const tiers = productTiers(priced('Café', [10, 12, 20, 22, 30, 50, 40]));
    // Prices ranked: 10, 12 → 1 (0.21, 0.64); 20, 22 → 2 (1.07, 1.5); 30 → 1.93 → 2; 40, 50 → 3.
    const catalogue = tierCatalogue(tiers, new Map([['Café-3', 4], ['Café-2', 1]]));
    const cafe = catalogue.get('Café')!;
    expect(cafe.get(1)).toEqual({ medianPrice: 11, products: ['Café-0', 'Café-1'] });
    expect(cafe.get(2)).toEqual({ medianPrice: 22, products: ['Café-3', 'Café-2', 'Café-4'] });
    expect(cafe.get(3)).toEqual({ medianPrice: 45, products: ['Café-6', 'Café-5'] });
  });

  it('is empty for no tiers', () => {
    expect(tierCatalogue(new Map()).size).toBe(0);
  });
});
