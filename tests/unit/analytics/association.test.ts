import { describe, expect, it } from 'vitest';
import {
  associationRules,
  frequentItemsets,
  pairRules,
  type AssociationRule,
  type FrequentItemset,
} from '../../../src/analytics/association';

// The classic five-basket example (as in Raschka's mlxtend user guide), worked by hand below.
const BASKETS = [
  ['Milk', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Dill', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Milk', 'Apple', 'Kidney Beans', 'Eggs'],
  ['Milk', 'Unicorn', 'Corn', 'Kidney Beans', 'Yogurt'],
  ['Corn', 'Onion', 'Kidney Beans', 'Ice cream', 'Eggs'],
];

function findRule(rules: readonly AssociationRule[], antecedent: string[], consequent: string[]): AssociationRule {
  const rule = rules.find(
    (r) => r.antecedent.join('|') === antecedent.join('|') && r.consequent.join('|') === consequent.join('|'),
  );
  if (!rule) throw new Error(`no rule ${antecedent.join(', ')} → ${consequent.join(', ')}`);
  return rule;
}

describe('frequentItemsets on the five-basket example', () => {
  it('finds the 11 itemsets held by at least 3 of the 5 baskets', () => {
    // Item counts: Kidney Beans 5, Eggs 4, Milk 3, Onion 3, Yogurt 3; Nutmeg 2, Corn 2, the rest 1.
    // Pairs of those five reaching 3: Eggs+KB 4 (1,2,3,5), Eggs+Onion 3 (1,2,5), KB+Milk 3 (1,3,4),
    // KB+Onion 3 (1,2,5), KB+Yogurt 3 (1,2,4); Eggs+Milk 2, Eggs+Yogurt 2, Milk+Onion 1, Milk+Yogurt 2,
    // Onion+Yogurt 2 fall short. The only triple whose three pairs are all frequent is Eggs+KB+Onion: 3 (1,2,5).
    const expected: [string[], number][] = [
      [['Eggs'], 4],
      [['Kidney Beans'], 5],
      [['Milk'], 3],
      [['Onion'], 3],
      [['Yogurt'], 3],
      [['Eggs', 'Kidney Beans'], 4],
      [['Eggs', 'Onion'], 3],
      [['Kidney Beans', 'Milk'], 3],
      [['Kidney Beans', 'Onion'], 3],
      [['Kidney Beans', 'Yogurt'], 3],
      [['Eggs', 'Kidney Beans', 'Onion'], 3],
    ];
    const itemsets = frequentItemsets(BASKETS, { minSupport: 0.6 });
    expect(itemsets).toHaveLength(11);
    expect(itemsets).toEqual(expected.map(([items, count]) => ({ items, count, support: count / 5 })));
  });

  it('stops at maxLength', () => {
    const pairsOnly = frequentItemsets(BASKETS, { minSupport: 0.6, maxLength: 2 });
    expect(pairsOnly).toHaveLength(10);
    expect(pairsOnly.every((s) => s.items.length <= 2)).toBe(true);
  });

  it('counts an item repeated within a basket once, whatever the order of the items', () => {
    const itemsets = frequentItemsets(
      [
        ['b', 'a', 'a'],
        ['a', 'b'],
        ['c', 'a'],
      ],
      { minSupport: 0.5 },
    );
    expect(itemsets).toEqual([
      { items: ['a'], count: 3, support: 1 },
      { items: ['b'], count: 2, support: 2 / 3 },
      { items: ['a', 'b'], count: 2, support: 2 / 3 },
    ]);
  });

  it('returns nothing for no transactions and rejects nonsense options', () => {
    expect(frequentItemsets([], { minSupport: 0.1 })).toEqual([]);
    expect(() => frequentItemsets(BASKETS, { minSupport: 0 })).toThrow('minSupport must be a share in (0, 1], got 0');
    expect(() => frequentItemsets(BASKETS, { minSupport: 60 })).toThrow('got 60');
    expect(() => frequentItemsets(BASKETS, { minSupport: 0.5, maxLength: 1.5 })).toThrow(
      'maxLength must be an integer ≥ 1, got 1.5',
    );
  });
});

describe('associationRules on the five-basket example', () => {
  const rules = associationRules(frequentItemsets(BASKETS, { minSupport: 0.6 }));

  it('scores Onion → Eggs as a rule that never fails', () => {
    const rule = findRule(rules, ['Onion'], ['Eggs']);
    expect(rule.support).toBeCloseTo(0.6, 12);
    expect(rule.confidence).toBe(1);
    expect(rule.lift).toBeCloseTo(1.25, 12); // 1 / 0.8
    expect(rule.leverage).toBeCloseTo(0.12, 12); // 0.6 − 0.6 × 0.8
    expect(rule.conviction).toBe(Infinity);
    expect(rule.antecedentSupport).toBeCloseTo(0.6, 12);
    expect(rule.consequentSupport).toBeCloseTo(0.8, 12);
    expect(rule.count).toBe(3);
  });

  it('scores Eggs → Onion with confidence 0.75 and conviction 1.6', () => {
    const rule = findRule(rules, ['Eggs'], ['Onion']);
    expect(rule.confidence).toBeCloseTo(0.75, 12); // 3 / 4
    expect(rule.lift).toBeCloseTo(1.25, 12); // 0.75 / 0.6
    expect(rule.leverage).toBeCloseTo(0.12, 12);
    expect(rule.conviction).toBeCloseTo(1.6, 12); // (1 − 0.6) / (1 − 0.75)
  });

  it('scores Eggs → Kidney Beans as certain but uninformative (lift 1, leverage 0)', () => {
    const rule = findRule(rules, ['Eggs'], ['Kidney Beans']);
    expect(rule.confidence).toBe(1);
    expect(rule.lift).toBeCloseTo(1, 12);
    expect(rule.leverage).toBeCloseTo(0, 12);
    expect(rule.conviction).toBe(Infinity);
  });

  it('builds every split of the frequent itemsets: 2 per pair and 6 for the triple', () => {
    expect(rules).toHaveLength(5 * 2 + 6);
    const rule = findRule(rules, ['Eggs', 'Kidney Beans'], ['Onion']);
    expect(rule.confidence).toBeCloseTo(0.75, 12); // 3 / 4
    expect(rule.lift).toBeCloseTo(1.25, 12);
    const reverse = findRule(rules, ['Onion'], ['Eggs', 'Kidney Beans']);
    expect(reverse.confidence).toBe(1);
    expect(reverse.lift).toBeCloseTo(1.25, 12); // 1 / 0.8
  });

  it('filters by confidence and lift and sorts by lift', () => {
    const strong = associationRules(frequentItemsets(BASKETS, { minSupport: 0.6 }), {
      minConfidence: 0.8,
      minLift: 1.1,
    });
    expect(strong.every((r) => r.confidence >= 0.8 && r.lift >= 1.1)).toBe(true);
    // By hand: only Onion → Eggs, Onion → Eggs+KB and KB+Onion → Eggs reach confidence 1 with lift 1/0.8;
    // the other certain rules (Eggs → KB, Milk → KB, …) have lift 1. Ties on lift, confidence and support
    // are ordered by antecedent, then consequent.
    expect(strong.map((r) => `${r.antecedent.join('+')}→${r.consequent.join('+')}`)).toEqual([
      'Kidney Beans+Onion→Eggs',
      'Onion→Eggs',
      'Onion→Eggs+Kidney Beans',
    ]);
    for (let i = 1; i < rules.length; i++) expect(rules[i - 1]!.lift).toBeGreaterThanOrEqual(rules[i]!.lift - 1e-12);
  });

  it('refuses itemsets whose subsets are missing', () => {
    const lone: FrequentItemset[] = [{ items: ['Eggs', 'Onion'], support: 0.6, count: 3 }];
    expect(() => associationRules(lone)).toThrow('missing [Eggs]');
    expect(() => associationRules([], { minConfidence: 2 })).toThrow('minConfidence must be in [0, 1], got 2');
  });
});

// A seeded generator, so the random baskets are the same on every run.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBaskets(seed: number, count: number, catalogue: readonly string[]): string[][] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    // Skewed popularity: early items are common, late ones rare; the second item often comes with the
    // first, so some pairs and triples are more frequent than chance; sometimes a duplicate line.
    const basket = catalogue.filter((_, i) => random() < 0.75 / (1 + i * 0.2));
    if (basket[0] === catalogue[0] && !basket.includes(catalogue[1]!) && random() < 0.5) basket.push(catalogue[1]!);
    if (basket.length > 0 && random() < 0.2) basket.push(basket[0]!);
    return basket;
  });
}

/** Brute force: every subset of size 1..3 of the catalogue, counted against every basket. */
function bruteForceCounts(baskets: readonly string[][], catalogue: readonly string[]): Map<string, number> {
  const sorted = [...catalogue].sort();
  const subsets: string[][] = [];
  for (let i = 0; i < sorted.length; i++) {
    subsets.push([sorted[i]!]);
    for (let j = i + 1; j < sorted.length; j++) {
      subsets.push([sorted[i]!, sorted[j]!]);
      for (let k = j + 1; k < sorted.length; k++) subsets.push([sorted[i]!, sorted[j]!, sorted[k]!]);
    }
  }
  const counts = new Map<string, number>();
  for (const subset of subsets) {
    const count = baskets.filter((basket) => subset.every((item) => basket.includes(item))).length;
    counts.set(subset.join('|'), count);
  }
  return counts;
}

describe('frequentItemsets against a brute-force oracle', () => {
  const catalogue = ['café', 'açúcar', 'leite', 'pão', 'queijo', 'manteiga', 'chá', 'mel', 'biscoito', 'suco'];

  for (const [seed, minSupport] of [
    [1, 0.05],
    [7, 0.1],
    [42, 0.15],
    [2024, 0.25],
  ] as const) {
    it(`finds exactly the subsets of up to 3 items with support ≥ ${minSupport} (seed ${seed})`, () => {
      const baskets = randomBaskets(seed, 120, catalogue);
      const oracle = bruteForceCounts(baskets, catalogue);
      const expected = [...oracle]
        .filter(([, count]) => count / baskets.length >= minSupport)
        .map(([key, count]) => [key, count] as const)
        .sort();
      const found = frequentItemsets(baskets, { minSupport, maxLength: 3 })
        .map((s) => [s.items.join('|'), s.count] as const)
        .sort();
      // Not trivial: some triples are frequent and some subsets are not.
      expect(expected.some(([key]) => key.split('|').length === 3)).toBe(true);
      expect(expected.length).toBeLessThan(oracle.size);
      expect(found).toEqual(expected);

      // Every rule's measures agree with the brute-force counts.
      const n = baskets.length;
      for (const rule of associationRules(frequentItemsets(baskets, { minSupport }))) {
        const both = oracle.get([...rule.antecedent, ...rule.consequent].sort().join('|'))!;
        const a = oracle.get(rule.antecedent.join('|'))!;
        const c = oracle.get(rule.consequent.join('|'))!;
        expect(rule.support).toBeCloseTo(both / n, 12);
        expect(rule.confidence).toBeCloseTo(both / a, 12);
        expect(rule.lift).toBeCloseTo(both / a / (c / n), 12);
        expect(rule.leverage).toBeCloseTo(both / n - (a / n) * (c / n), 12);
        if (both === a) expect(rule.conviction).toBe(Infinity);
        else expect(rule.conviction).toBeCloseTo((1 - c / n) / (1 - both / a), 10);
      }
    });
  }
});

describe('pairRules from customer co-occurrence counts', () => {
  it('matches the basket rules of every frequent pair when given the same counts', () => {
    const baskets = randomBaskets(99, 80, ['a', 'b', 'c', 'd', 'e', 'f']);
    const oracle = bruteForceCounts(baskets, ['a', 'b', 'c', 'd', 'e', 'f']);
    const itemCounts = ['a', 'b', 'c', 'd', 'e', 'f'].map((item) => ({ item, count: oracle.get(item)! }));
    const pairCounts = [...oracle]
      .filter(([key]) => key.split('|').length === 2)
      .map(([key, count]) => ({ itemA: key.split('|')[0]!, itemB: key.split('|')[1]!, count }));
    const fromPairs = pairRules(pairCounts, itemCounts, baskets.length, { minSupport: 0.1 });
    const fromBaskets = associationRules(frequentItemsets(baskets, { minSupport: 0.1, maxLength: 2 }));
    expect(fromPairs.length).toBeGreaterThan(4);
    expect(fromPairs).toEqual(fromBaskets);
  });

  it('reproduces Onion → Eggs from counts and drops pairs below the minimum support or count', () => {
    const itemCounts = [
      { item: 'Onion', count: 3 },
      { item: 'Eggs', count: 4 },
      { item: 'Milk', count: 3 },
    ];
    const pairCounts = [
      { itemA: 'Onion', itemB: 'Eggs', count: 3 },
      { itemA: 'Eggs', itemB: 'Onion', count: 3 }, // the same pair listed both ways is accepted once
      { itemA: 'Eggs', itemB: 'Milk', count: 2 },
    ];
    const rules = pairRules(pairCounts, itemCounts, 5, { minSupport: 0.6 });
    expect(rules.map((r) => `${r.antecedent[0]}→${r.consequent[0]}`).sort()).toEqual(['Eggs→Onion', 'Onion→Eggs']);
    const onionEggs = findRule(rules, ['Onion'], ['Eggs']);
    expect(onionEggs.confidence).toBe(1);
    expect(onionEggs.lift).toBeCloseTo(1.25, 12);
    expect(onionEggs.leverage).toBeCloseTo(0.12, 12);
    expect(onionEggs.conviction).toBe(Infinity);
    expect(findRule(rules, ['Eggs'], ['Onion']).conviction).toBeCloseTo(1.6, 12);

    // 2 of 5 customers is 40 %: kept at minSupport 0.4, dropped when at least 3 customers are required.
    expect(pairRules(pairCounts, itemCounts, 5, { minSupport: 0.4 })).toHaveLength(4);
    expect(pairRules(pairCounts, itemCounts, 5, { minSupport: 0.4, minCount: 3 })).toHaveLength(2);
    // Confidences: Onion → Eggs 1, Eggs → Onion 3/4, Milk → Eggs 2/3, Eggs → Milk 2/4.
    expect(pairRules(pairCounts, itemCounts, 5, { minSupport: 0.4, minConfidence: 0.6 })).toHaveLength(3);
  });

  it('rejects counts that cannot come from real customers', () => {
    const items = [
      { item: 'x', count: 2 },
      { item: 'y', count: 2 },
    ];
    expect(() => pairRules([{ itemA: 'x', itemB: 'y', count: 3 }], items, 4, { minSupport: 0.1 })).toThrow(
      'pair count must be an integer in 0..2, got 3',
    );
    expect(() => pairRules([{ itemA: 'x', itemB: 'z', count: 1 }], items, 4, { minSupport: 0.1 })).toThrow(
      'missing from itemCounts',
    );
    expect(() =>
      pairRules(
        [
          { itemA: 'x', itemB: 'y', count: 1 },
          { itemA: 'y', itemB: 'x', count: 2 },
        ],
        items,
        4,
        { minSupport: 0.1 },
      ),
    ).toThrow('different counts, 1 and 2');
    expect(() => pairRules([], items, 1.5, { minSupport: 0.1 })).toThrow('total must be a whole number');
    expect(pairRules([], [], 0, { minSupport: 0.1 })).toEqual([]);
  });
});
