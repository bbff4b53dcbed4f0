import { describe, expect, it } from 'vitest';
import { fillReason, groupThousands, REASON_TEMPLATES } from '../../../src/analytics/action-reasons';
import { ACTION_TYPES, nextBestActions, type ActionCustomer, type ActionInput, type ActionRow } from '../../../src/analytics/actions';
import { pairRules } from '../../../src/analytics/association';
import { dayOf, isoOfDay } from '../../../src/analytics/days';
import { keyAccounts } from '../../../src/analytics/key-accounts';
import { productTiers } from '../../../src/analytics/tiers';
import { STAGES, TREND_LABELS } from '../../../src/analytics/types';
import { mulberry32 } from '../../fixtures/seeded-random';

const asOf = '2025-06-30';
const today = dayOf(asOf);

/** A customer who triggers nothing: active, stable, average frequency, no categories or products. */
function customer(id: string, overrides: Partial<ActionCustomer> = {}): ActionCustomer {
  return {
    customerId: id,
    customerName: `Customer ${id}`,
    trend: { label: 'stable', quiet: false, slopePct: 0, evidence: null },
    stage: { stage: 'active', daysSinceLast: 10, typicalGapDays: 30, overdue: 1 / 3 },
    value: { trailing12: 1200, historicLtv: 2400 },
    rfm: { segment: 'loyal', f: 3, levels: 5 },
    prediction: { pAlive: 0.9, churnProbability: 0.1, predictedClv: 1000, expectedNextOrderDay: null },
    tenureMonths: 24,
    categories: new Set(),
    products: new Set(),
    orderValue: null,
    keyAccount: null,
    relationshipLevel: null,
    ...overrides,
  };
}

const only = (rows: ActionRow[], action: string): ActionRow[] => rows.filter((r) => r.action === action);

// Café has 7 products: by price tiers 1 (10, 12 → median 11), 2 (20, 22, 30 → 22), 3 (40, 50 → 45).
// Chá has 2 products: a single tier 2, nothing to step to.
const tiers = productTiers([
  ...[10, 12, 20, 22, 30, 50, 40].map((unitPrice, i) => ({ product: `café-${i + 1}`, category: 'Café', unitPrice })),
  { product: 'chá-1', category: 'Chá', unitPrice: 5 },
  { product: 'chá-2', category: 'Chá', unitPrice: 9 },
]);

describe('cross-sell', () => {
  // 50 customers: Café 20, Açúcar 15, Chá 10; Café & Açúcar 12, Café & Chá 6.
  // Café → Açúcar: confidence 12/20 = 0.6, lift 0.6 / (15/50) = 2, support 0.24.
  // Café → Chá: confidence 6/20 = 0.3, lift 0.3 / (10/50) = 1.5, support 0.12.
  const rules = pairRules(
    [
      { itemA: 'Café', itemB: 'Açúcar', count: 12 },
      { itemA: 'Café', itemB: 'Chá', count: 6 },
    ],
    [
      { item: 'Café', count: 20 },
      { item: 'Açúcar', count: 15 },
      { item: 'Chá', count: 10 },
    ],
    50,
    { minSupport: 0.01 },
  );
  const crossSell = { items: 'category' as const, rules, typicalSpend: new Map([['Açúcar', 500], ['Chá', 2000]]) };
  const input = (c: ActionCustomer): ActionInput => ({ asOf, customers: [c], crossSell });
  const buyer = customer('padaria', { categories: new Set(['Café']), prediction: { pAlive: 0.9, churnProbability: 0.1, predictedClv: 1000, expectedNextOrderDay: today + 10 } });

  it('ranks never-bought categories by confidence × lift × typical spend and prices the best one', () => {
    // Chá: 0.3 × 1.5 × 2000 = 900 beats Açúcar: 0.6 × 2 × 500 = 600.
    const [row] = nextBestActions(input(buyer));
    expect(row).toMatchObject({ action: 'cross_sell', offerCategory: 'Chá', offer: 'Chá', valueAtStake: 2000, timing: isoOfDay(today + 10) });
    // likelihood = pAlive × confidence = 0.9 × 0.3; priority = 2000 × 0.27 = 540.
    expect(row!.likelihood).toBeCloseTo(0.27, 12);
    expect(row!.priority).toBeCloseTo(540, 9);
    expect(row!.reason).toBe('30 % of customers who buy Café also buy Chá; lift 1.5. Its buyers spend about 2,000 a year on it.');
    expect(row!.reasonParams).toMatchObject({ antecedent: 'Café', consequent: 'Chá', confidence: 0.3, customers: 6, typicalSpend: 2000 });
    expect(row!.reasonParams.lift).toBeCloseTo(1.5, 12);
  });

  it('offers several categories when asked, by priority', () => {
    const rows = nextBestActions(input(buyer), { crossSellPerCustomer: 2 });
    expect(rows.map((r) => [r.offerCategory, Math.round(r.priority)])).toEqual([
      ['Chá', 540],
      ['Açúcar', 270], // 500 × 0.9 × 0.6
    ]);
    expect(rows[1]!.reason).toBe('60 % of customers who buy Café also buy Açúcar; lift 2.0. Its buyers spend about 500 a year on it.');
  });

  it('drops a rule just below each minimum and keeps it exactly at it', () => {
    const offered = (options: Parameters<typeof nextBestActions>[1]): (string | null)[] =>
      nextBestActions(input(buyer), { ...options, crossSellPerCustomer: 2 }).map((r) => r.offerCategory);
    expect(offered({ minConfidence: 0.3 })).toEqual(['Chá', 'Açúcar']);
    expect(offered({ minConfidence: 0.31 })).toEqual(['Açúcar']);
    expect(offered({ minLift: 1.5 })).toEqual(['Chá', 'Açúcar']);
    expect(offered({ minLift: 1.51 })).toEqual(['Açúcar']);
    expect(offered({ minSupport: 0.12 })).toEqual(['Chá', 'Açúcar']);
    expect(offered({ minSupport: 0.13 })).toEqual(['Açúcar']);
    expect(offered({ minRuleCount: 6 })).toEqual(['Chá', 'Açúcar']);
    expect(offered({ minRuleCount: 7 })).toEqual(['Açúcar']);
  });

  it('offers nothing already bought, nothing without a held antecedent or a typical spend, and nothing to lapsed customers', () => {
    const hasTea = { ...buyer, categories: new Set(['Café', 'Chá']) };
    expect(nextBestActions(input(hasTea)).map((r) => r.offerCategory)).toEqual(['Açúcar']);
    expect(nextBestActions(input({ ...buyer, categories: new Set(['Açúcar']) }))).toEqual([]);
    expect(nextBestActions({ ...input(buyer), crossSell: { ...crossSell, typicalSpend: new Map([['Açúcar', 500]]) } }).map((r) => r.offerCategory)).toEqual(['Açúcar']);
    for (const stage of ['lapsed', 'lost'] as const) {
      expect(only(nextBestActions(input({ ...buyer, stage: { ...buyer.stage, stage } })), 'cross_sell')).toEqual([]);
    }
  });

  it('offers products with their category when the rules are between products', () => {
    const productRules = pairRules(
      [{ itemA: 'chá-1', itemB: 'café-7', count: 8 }],
      [
        { item: 'chá-1', count: 10 },
        { item: 'café-7', count: 16 },
      ],
      40,
      { minSupport: 0.01 },
    );
    const rows = nextBestActions({
      asOf,
      customers: [customer('bar', { products: new Set(['chá-1']) })],
      tiers,
      crossSell: { items: 'product', rules: productRules, typicalSpend: new Map([['café-7', 300]]) },
    });
    // confidence 8/10, lift 0.8 / (16/40) = 2.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ offerProduct: 'café-7', offerCategory: 'Café', offer: 'Café: café-7' });
    expect(rows[0]!.reason).toBe('80 % of customers who buy chá-1 also buy café-7; lift 2.0. Its buyers spend about 300 a year on it.');
  });
});

describe('upgrade', () => {
  const uptrader = customer('emporio', {
    trend: { label: 'uptrader', quiet: false, slopePct: 5, evidence: null },
    products: new Set(['café-1', 'chá-1']),
    categorySpend: new Map([['Café', 600], ['Chá', 400]]),
  });
  const run = (c: ActionCustomer, buyers?: Map<string, number>): ActionRow[] =>
    only(nextBestActions({ asOf, customers: [c], tiers, productBuyers: buyers }), 'upgrade');

  it('offers an uptrader buying only tier 1 the next tier, valued at the price step on their category spend', () => {
    const [row] = run(uptrader, new Map([['café-4', 9]]));
    // Median tier-2 price 22 ÷ tier-1 11 = 2: value = 600 × (2 − 1) = 600; likelihood 0.9 × 0.3 → priority 162.
    expect(row).toMatchObject({ offerCategory: 'Café', offerTier: 2, offerProduct: 'café-4', offer: 'Café, tier 2: café-4', valueAtStake: 600 });
    expect(row!.priority).toBeCloseTo(162, 9);
    expect(row!.reasonCodes).toEqual(['uptrader', 'buys_lower_tier']);
    expect(row!.reason).toBe('Spending rises 5.0 % a month, yet buys only tier 1 or below in Café; tier 2 costs 100 % more per unit, about 600 more a year.');
    // Without buyer counts the cheapest product of the tier is offered.
    expect(run(uptrader)[0]!.offerProduct).toBe('café-3');
  });

  it('goes to frequent buyers (F ≥ 4, or the top tercile on 3 levels) and not to F = 3', () => {
    const stable = { ...uptrader, trend: { label: 'stable' as const, quiet: false, slopePct: 1, evidence: null } };
    expect(run({ ...stable, rfm: { segment: 'loyal', f: 4, levels: 5 } })[0]).toMatchObject({ reasonKey: 'upgrade.frequent', offerTier: 2 });
    expect(run({ ...stable, rfm: { segment: 'loyal', f: 4, levels: 5 } })[0]!.reason).toContain('Orders often (frequency score 4 of 5)');
    expect(run({ ...stable, rfm: { segment: 'loyal', f: 3, levels: 5 } })).toEqual([]);
    expect(run({ ...stable, rfm: { segment: 'loyal', f: 3, levels: 3 } })).toHaveLength(1);
    expect(run({ ...stable, rfm: { segment: 'loyal', f: 2, levels: 3 } })).toEqual([]);
  });

  it('steps from the highest tier bought and skips categories already at the top or with a single tier', () => {
    // Tier 2 → 3: 45 / 22 − 1 of 600.
    expect(run({ ...uptrader, products: new Set(['café-1', 'café-3']) })[0]!.valueAtStake).toBeCloseTo(600 * (45 / 22 - 1), 9);
    expect(run({ ...uptrader, products: new Set(['café-1', 'café-6', 'chá-1']) })).toEqual([]);
  });

  it('leaves out downtraders, customers who are not active, and books without tiers', () => {
    expect(run({ ...uptrader, trend: { label: 'downtrader', quiet: false, slopePct: -5, evidence: null }, rfm: { segment: 'loyal', f: 5, levels: 5 } })).toEqual([]);
    expect(run({ ...uptrader, stage: { ...uptrader.stage, stage: 'at_risk' } })).toEqual([]);
    expect(run({ ...uptrader, stage: { ...uptrader.stage, stage: 'reactivated' } })).toHaveLength(1);
    expect(only(nextBestActions({ asOf, customers: [uptrader] }), 'upgrade')).toEqual([]);
  });

  it('spreads trailing revenue evenly over the categories bought when category spend is unknown', () => {
    // 1200 over Café and Chá = 600 in Café → the same 600 as above.
    expect(run({ ...uptrader, categorySpend: undefined })[0]!.valueAtStake).toBeCloseTo(600, 9);
  });
});

describe('downgrade-to-save', () => {
  const downtrader = customer('hotel', {
    trend: { label: 'downtrader', quiet: false, slopePct: -6, evidence: null },
    products: new Set(['café-6']),
    categorySpend: new Map([['Café', 900]]),
  });
  const run = (c: ActionCustomer): ActionRow[] => only(nextBestActions({ asOf, customers: [c], tiers }), 'downgrade_to_save');

  it('offers a premium buyer the next tier down, valued at the revenue kept', () => {
    const [row] = run(downtrader);
    // 1200 − 900 × (1 − 22/45) = 1200 − 460 = 740; likelihood 0.9 × 0.5 → priority 333.
    expect(row).toMatchObject({ offerCategory: 'Café', offerTier: 2, offerProduct: 'café-3', reasonKey: 'downgrade_to_save.premium', timing: asOf });
    expect(row!.valueAtStake).toBeCloseTo(740, 9);
    expect(row!.priority).toBeCloseTo(333, 9);
    expect(row!.reason).toBe('Spending falls 6.0 % a month while buying premium tier 3 of Café; offer tier 2 to keep 740 a year.');
  });

  it('offers a step down from tier 2 once the average order falls by 10 % or more', () => {
    const mid = { ...downtrader, products: new Set(['café-3']) };
    const [row] = run({ ...mid, orderValue: { recent: 90, previous: 100 } });
    // Tier 1 median 11 ÷ 22: 1200 − 900 × 0.5 = 750.
    expect(row).toMatchObject({ offerTier: 1, reasonCodes: ['downtrader', 'order_value_falling'] });
    expect(row!.valueAtStake).toBeCloseTo(750, 9);
    expect(row!.reason).toBe('Spending falls 6.0 % a month and the average order fell from 100 to 90; offer tier 1 of Café (buys tier 2) to keep 750 a year.');
    expect(run({ ...mid, orderValue: { recent: 91, previous: 100 } })).toEqual([]);
    expect(run({ ...mid, orderValue: null })).toEqual([]);
    expect(run({ ...mid, trend: { ...mid.trend, quiet: true } })[0]).toMatchObject({ offerTier: 1, reasonKey: 'downgrade_to_save.quiet' });
  });

  it('leaves out customers who are not downtraders or no longer buy, and tier-1 buyers', () => {
    expect(run({ ...downtrader, trend: { label: 'stable', quiet: false, slopePct: -1, evidence: null } })).toEqual([]);
    expect(run({ ...downtrader, stage: { ...downtrader.stage, stage: 'lapsed' } })).toEqual([]);
    expect(run({ ...downtrader, stage: { ...downtrader.stage, stage: 'at_risk' } })).toHaveLength(1);
    expect(run({ ...downtrader, products: new Set(['café-1']), orderValue: { recent: 10, previous: 100 } })).toEqual([]);
  });
});

describe('win-back', () => {
  // Value = max(predictedClv, historicLtv × 12 ÷ max(12, tenure)): 1200, 300, 3000, 1000, 800.
  // Sorted 300, 800, 1000, 1200, 3000: the median is 1000; the 80th percentile 1200 + 0.2 × 1800 = 1560.
  const book = [
    customer('a', { stage: { stage: 'at_risk', daysSinceLast: 90, typicalGapDays: 30, overdue: 3 }, prediction: { pAlive: 0.6, churnProbability: 0.4, predictedClv: 100, expectedNextOrderDay: null }, value: { trailing12: 200, historicLtv: 4800 }, tenureMonths: 48 }),
    customer('b', { stage: { stage: 'lapsed', daysSinceLast: 150, typicalGapDays: 30, overdue: 5 }, prediction: { pAlive: 0.3, churnProbability: 0.7, predictedClv: 50, expectedNextOrderDay: null }, value: { trailing12: 0, historicLtv: 300 }, tenureMonths: 6 }),
    customer('c', { stage: { stage: 'lost', daysSinceLast: 400, typicalGapDays: 30, overdue: 13 }, prediction: { pAlive: 0.05, churnProbability: 0.95, predictedClv: 10, expectedNextOrderDay: null }, value: { trailing12: 0, historicLtv: 6000 }, tenureMonths: 24 }),
    customer('d', { stage: { stage: 'lost', daysSinceLast: 400, typicalGapDays: 30, overdue: 13 }, prediction: { pAlive: 0.05, churnProbability: 0.95, predictedClv: 0, expectedNextOrderDay: null }, value: { trailing12: 0, historicLtv: 1000 }, tenureMonths: 12 }),
    customer('e', { prediction: { pAlive: 0.9, churnProbability: 0.1, predictedClv: 800, expectedNextOrderDay: null }, value: { trailing12: 800, historicLtv: 800 }, tenureMonths: 12 }),
  ];

  it('wins back at-risk and lapsed customers from the median value and lost ones from the 80th percentile', () => {
    const rows = only(nextBestActions({ asOf, customers: book }), 'win_back');
    expect(rows.map((r) => [r.customerId, r.valueAtStake])).toEqual([
      ['a', 1200], // 1200 × 0.6 × 0.2 = 144
      ['c', 3000], // 3000 × 0.05 × 0.2 = 30
    ]);
    expect(rows[0]!.priority).toBeCloseTo(144, 9);
    expect(rows[0]!.reasonCodes).toEqual(['at_risk', 'high_historic_value']);
    expect(rows[0]!.timing).toBe(asOf);
    expect(rows[0]!.reason).toBe('No order for 90 days, 3.0× the usual gap of 30 days; predicted value 100, 1,200 a year so far; P(alive) 60 %.');
  });

  it('includes a customer exactly at the percentile and not just above it', () => {
    // The 75th percentile is exactly 1200 (a's value); the 76th is 1200 + 0.04 × 1800 = 1272.
    expect(only(nextBestActions({ asOf, customers: book }, { winBackPercentile: 0.75 }), 'win_back').map((r) => r.customerId)).toEqual(['a', 'c']);
    expect(only(nextBestActions({ asOf, customers: book }, { winBackPercentile: 0.76 }), 'win_back').map((r) => r.customerId)).toEqual(['c']);
    expect(only(nextBestActions({ asOf, customers: book }, { lostWinBackPercentile: 0 }), 'win_back').map((r) => r.customerId)).toEqual(['a', 'c', 'd']);
  });

  it('names predicted value when it is the larger one', () => {
    const rich = { ...book[0]!, prediction: { ...book[0]!.prediction, predictedClv: 5000 } };
    expect(only(nextBestActions({ asOf, customers: [rich, ...book.slice(1)] }), 'win_back')[0]).toMatchObject({ customerId: 'a', valueAtStake: 5000, reasonCodes: ['at_risk', 'high_predicted_value'] });
  });
});

describe('nurture', () => {
  const newcomer = customer('novo', {
    stage: { stage: 'new', daysSinceLast: 10, typicalGapDays: 30, overdue: 1 / 3 },
    prediction: { pAlive: 0.8, churnProbability: 0.2, predictedClv: 400, expectedNextOrderDay: today + 25 },
    trend: { label: 'new', quiet: false, slopePct: null, evidence: null },
  });
  const run = (c: ActionCustomer): ActionRow[] => only(nextBestActions({ asOf, customers: [c] }), 'nurture');

  it('nudges the second order at the expected next order date', () => {
    const [row] = run(newcomer);
    // 400 × 0.8 × 0.4 = 128.
    expect(row).toMatchObject({ valueAtStake: 400, timing: isoOfDay(today + 25), offer: null });
    expect(row!.priority).toBeCloseTo(128, 9);
    expect(row!.reason).toBe(`First order 10 days ago; nudge the second order by ${isoOfDay(today + 25)} (P(alive) 80 %, predicted value 400).`);
  });

  it('falls back to the last order plus the usual gap, never before today', () => {
    const noDate = { ...newcomer, prediction: { ...newcomer.prediction, expectedNextOrderDay: null } };
    expect(run(noDate)[0]!.timing).toBe(isoOfDay(today - 10 + 30));
    expect(run({ ...noDate, stage: { ...noDate.stage, daysSinceLast: 40 } })[0]!.timing).toBe(asOf);
  });

  it('is only for new customers', () => {
    expect(run({ ...newcomer, stage: { ...newcomer.stage, stage: 'active' } })).toEqual([]);
  });
});

describe('stabilise', () => {
  const evidence = { baselinePerPeriod: 100, recentPerPeriod: 150, deltaPerPeriod: 50 };
  const uptrader = customer('cafe', { trend: { label: 'uptrader', quiet: false, slopePct: 5, evidence } });
  const run = (c: ActionCustomer): ActionRow[] => only(nextBestActions({ asOf, customers: [c] }), 'stabilise');

  it('asks to keep an uptrader’s growth, valued at the growth a year', () => {
    const [row] = run(uptrader);
    // (150 − 100) × 12 = 600 a year; × 0.9 × 0.5 = 270.
    expect(row).toMatchObject({ valueAtStake: 600, timing: asOf, reasonCodes: ['uptrader'], offer: null });
    expect(row!.priority).toBeCloseTo(270, 9);
    expect(row!.reason).toBe(
      'Spending rises 5.0 % a month: 150 a month lately against 100 over the trend window; keep the growth, about 600 a year, and make it a stable client.',
    );
  });

  it('counts weeks in a year of 365.25 days for weekly trends', () => {
    const [row] = only(nextBestActions({ asOf, customers: [uptrader] }, { periodUnit: 'week' }), 'stabilise');
    expect(row!.valueAtStake).toBeCloseTo((50 * 365.25) / 7, 9);
    expect(row!.reason).toContain('5.0 % a week: 150 a week lately');
  });

  it('is not for stable customers or uptraders who stopped buying', () => {
    expect(run({ ...uptrader, trend: { label: 'stable', quiet: false, slopePct: 5, evidence } })).toEqual([]);
    expect(run({ ...uptrader, stage: { ...uptrader.stage, stage: 'lapsed' } })).toEqual([]);
    expect(run({ ...uptrader, stage: { ...uptrader.stage, stage: 'at_risk' } })).toHaveLength(1);
  });
});

describe('protect key account', () => {
  const [account] = keyAccounts([
    {
      customerId: 'rede',
      trailing12: 1000,
      trendLabel: 'downtrader',
      slopePct: -4,
      pAlive: 0.8,
      overdue: 2,
      breadth: { direction: 'down', slopePct: -20 },
      topCategoryShare: 0.9,
    },
  ]);
  const rede = customer('rede', { value: { trailing12: 1000, historicLtv: 3000 }, keyAccount: account! });
  const run = (c: ActionCustomer, keyAccountRisk?: number): ActionRow[] =>
    only(nextBestActions({ asOf, customers: [c] }, { keyAccountRisk }), 'protect_key_account');

  it('protects a class-A account at risk, valued at its revenue at risk', () => {
    const [row] = run(rede);
    // risk 0.59 (key-accounts test), revenue at risk 590, × 0.5 = 295; downtrend gives 0.21 of 0.59 = 36 %.
    expect(row!.valueAtStake).toBeCloseTo(590, 9);
    expect(row!.priority).toBeCloseTo(295, 9);
    expect(row!.keyAccount).toBe(true);
    expect(row!.reasonCodes).toEqual(['key_account', 'downtrend', 'shrinking_breadth', 'overdue', 'category_dependence', 'falling_p_alive']);
    expect(row!.reason).toBe('Key account with 1,000 in the last 12 months and risk 59 %, mostly from a falling trend (36 % of the score); 590 at risk.');
  });

  it('starts exactly at the risk threshold and skips accounts that are not class A', () => {
    expect(run(rede, 0.59)).toHaveLength(1);
    expect(run(rede, 0.6)).toEqual([]);
    expect(run({ ...rede, keyAccount: { ...account!, keyAccount: false, abc: 'B' } })).toEqual([]);
    expect(run({ ...rede, keyAccount: { ...account!, risk: 0, reasons: [], revenueAtRisk: 0 } }, 0)).toEqual([]);
  });
});

describe('nextBestActions', () => {
  it('sorts by priority, then customer id, then action type', () => {
    const growth = (deltaPerPeriod: number) => ({ baselinePerPeriod: 100, recentPerPeriod: 100 + deltaPerPeriod, deltaPerPeriod });
    const up = (id: string): ActionCustomer =>
      customer(id, { trend: { label: 'uptrader', quiet: false, slopePct: 5, evidence: growth(100) }, products: new Set(['café-1']), categorySpend: new Map([['Café', 2000]]) });
    // Upgrade: 2000 × (2 − 1) × 0.27 = 540 ties stabilise: 100 × 12 × 0.45 = 540; z: 500 × 12 × 0.45 = 2700.
    const z = customer('z', { trend: { label: 'uptrader', quiet: false, slopePct: 2, evidence: growth(500) } });
    const rows = nextBestActions({ asOf, customers: [up('b'), up('a'), z], tiers });
    expect(rows.map((r) => [r.customerId, r.action, Math.round(r.priority)])).toEqual([
      ['z', 'stabilise', 2700],
      ['a', 'upgrade', 540],
      ['a', 'stabilise', 540],
      ['b', 'upgrade', 540],
      ['b', 'stabilise', 540],
    ]);
    expect(rows[1]).toMatchObject({ customerName: 'Customer a', stage: 'active', trend: 'uptrader', pAlive: 0.9, predictedClv: 1000, keyAccount: false });
  });

  it('gives an empty list for an empty book and no NaN on degenerate customers', () => {
    expect(nextBestActions({ asOf, customers: [] })).toEqual([]);
    const zero = customer('0', {
      stage: { stage: 'new', daysSinceLast: 0, typicalGapDays: 7, overdue: 0 },
      value: { trailing12: 0, historicLtv: 0 },
      prediction: { pAlive: 0, churnProbability: 1, predictedClv: 0, expectedNextOrderDay: null },
      tenureMonths: 0,
    });
    const rows = nextBestActions({ asOf, customers: [zero] });
    expect(rows.map((r) => [r.action, r.valueAtStake, r.likelihood, r.priority])).toEqual([['nurture', 0, 0, 0]]);
  });

  it('keeps every number finite, priority = value × likelihood and the order on a seeded random book', () => {
    const random = mulberry32(5);
    const pickOf = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const products = [...tiers.keys()];
    const customers = Array.from({ length: 300 }, (_, i) =>
      customer(`r${i}`, {
        trend: {
          label: pickOf(TREND_LABELS),
          quiet: random() < 0.3,
          slopePct: random() < 0.1 ? null : (random() - 0.5) * 20,
          evidence: random() < 0.2 ? null : { baselinePerPeriod: 100, recentPerPeriod: 100, deltaPerPeriod: (random() - 0.3) * 300 },
        },
        stage: { stage: pickOf(STAGES), daysSinceLast: Math.floor(random() * 400), typicalGapDays: 7 + random() * 60, overdue: random() * 8 },
        value: { trailing12: (random() - 0.1) * 5000, historicLtv: random() * 20000 },
        rfm: { segment: 'loyal', f: 1 + Math.floor(random() * 5), levels: 5 },
        prediction: { pAlive: random(), churnProbability: 0, predictedClv: random() * 3000, expectedNextOrderDay: random() < 0.5 ? null : today + Math.floor(random() * 90) },
        tenureMonths: random() * 60,
        products: new Set(products.filter(() => random() < 0.2)),
        orderValue: random() < 0.5 ? null : { recent: random() * 100, previous: random() * 100 },
      }),
    );
    const rows = nextBestActions({ asOf, customers, tiers });
    expect(new Set(rows.map((r) => r.action)).size).toBeGreaterThanOrEqual(5);
    for (const [i, r] of rows.entries()) {
      for (const x of [r.valueAtStake, r.likelihood, r.priority, r.pAlive, r.predictedClv]) expect(Number.isFinite(x)).toBe(true);
      expect(r.valueAtStake).toBeGreaterThanOrEqual(0);
      expect(r.likelihood).toBeGreaterThanOrEqual(0);
      expect(r.likelihood).toBeLessThanOrEqual(1);
      expect(r.priority).toBe(r.valueAtStake * r.likelihood);
      expect(r.reason).not.toMatch(/NaN|undefined|\{/);
      expect(r.timing >= asOf).toBe(true);
      if (i > 0) expect(rows[i - 1]!.priority).toBeGreaterThanOrEqual(r.priority);
    }
  });

  it('rejects bad options and inputs with clear messages', () => {
    const one = { asOf, customers: [customer('x')] };
    expect(() => nextBestActions(one, { minSupport: 2 })).toThrow('minSupport must be a share in [0, 1], got 2');
    expect(() => nextBestActions(one, { minLift: -1 })).toThrow('minLift must be a finite number ≥ 0, got -1');
    expect(() => nextBestActions(one, { minRuleCount: 0 })).toThrow('minRuleCount must be an integer ≥ 1, got 0');
    expect(() => nextBestActions(one, { crossSellPerCustomer: 1.5 })).toThrow('crossSellPerCustomer must be an integer ≥ 0, got 1.5');
    expect(() => nextBestActions(one, { minFrequencyScore: 6 })).toThrow('minFrequencyScore must be an integer from 1 to 5, got 6');
    expect(() => nextBestActions(one, { minOrderValueDrop: 1 })).toThrow('minOrderValueDrop must be a share in [0, 1), got 1');
    expect(() => nextBestActions(one, { keyAccountRisk: NaN })).toThrow('keyAccountRisk must be a share in [0, 1], got NaN');
    expect(() => nextBestActions(one, { acceptance: { win_back: 0 } })).toThrow('acceptance.win_back must be a probability in (0, 1], got 0');
    expect(() => nextBestActions(one, { periodUnit: 'day' as never })).toThrow("periodUnit must be 'month' or 'week', got day");
    expect(() => nextBestActions({ ...one, asOf: '30/06/2025' })).toThrow('expects an ISO date YYYY-MM-DD');
    const bad = customer('y', { prediction: { pAlive: NaN, churnProbability: 0, predictedClv: 0, expectedNextOrderDay: null } });
    expect(() => nextBestActions({ asOf, customers: [bad] })).toThrow('customers[0] (y): pAlive must be a probability in [0, 1], got NaN');
    const noValue = customer('z', { value: { trailing12: NaN, historicLtv: 0 } });
    expect(() => nextBestActions({ asOf, customers: [noValue] })).toThrow('customers[0] (z): trailing12 must be a finite number, got NaN');
  });

  it('lists action types in a fixed order', () => {
    expect(ACTION_TYPES).toEqual(['cross_sell', 'upgrade', 'downgrade_to_save', 'win_back', 'nurture', 'stabilise', 'protect_key_account']);
  });
});

describe('reasons', () => {
  it('formats money with thousands separators, shares as percentages and one-decimal numbers', () => {
    expect(groupThousands(1234567.891, 1)).toBe('1,234,567.9');
    expect(groupThousands(-1234.5, 0)).toBe('-1,235');
    expect(groupThousands(-0.4, 0)).toBe('0');
    expect(fillReason('{a|pct} % · {b|money} · {c|1} · {d} · {e} · {f|risk}', { a: 0.675, b: 12345.4, c: 2.44, d: 3.6, e: 'Café', f: 'overdue' })).toBe(
      '68 % · 12,345 · 2.4 · 4 · Café · an overdue order',
    );
  });

  it('throws when a template names a parameter that is missing', () => {
    expect(() => fillReason('{lift|1}', {})).toThrow('reason parameter "lift" is missing');
  });

  it('has a template for every reason key the actions use', () => {
    expect(Object.keys(REASON_TEMPLATES).sort()).toEqual(
      [
        'cross_sell',
        'downgrade_to_save.order_value',
        'downgrade_to_save.premium',
        'downgrade_to_save.quiet',
        'nurture',
        'protect_key_account',
        'stabilise',
        'upgrade.frequent',
        'upgrade.uptrader',
        'win_back',
      ].sort(),
    );
  });
});
