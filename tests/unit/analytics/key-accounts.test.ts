import { describe, expect, it } from 'vitest';
import { abcClasses, keyAccounts, riskSignals, type KeyAccountInput } from '../../../src/analytics/key-accounts';

const customer = (overrides: Partial<KeyAccountInput> = {}): KeyAccountInput => ({
  customerId: 'c',
  trailing12: 1000,
  trendLabel: 'stable',
  slopePct: 0,
  pAlive: 1,
  overdue: 0.5,
  breadth: null,
  topCategoryShare: null,
  ...overrides,
});

describe('abcClasses', () => {
  it('puts in A the smallest top group reaching 80 % of revenue, then B up to 95 %, then C', () => {
    // Revenue above each: 0, 40, 70, 85, 95 (of 100). 15 crosses 80 % → A; 5 starts on 95 % → C.
    expect(abcClasses([40, 30, 15, 10, 5])).toEqual(['A', 'A', 'A', 'B', 'C']);
    // 10 starts exactly on the 80 % line → B.
    expect(abcClasses([50, 30, 10, 5, 5])).toEqual(['A', 'A', 'B', 'B', 'B']);
  });

  it('does not depend on input order', () => {
    expect(abcClasses([5, 15, 40, 10, 30])).toEqual(['C', 'A', 'A', 'B', 'A']);
  });

  it('gives tied revenues the class of the best placed of them', () => {
    // The three 30s start at 0 → A; 10 starts at 90 → B.
    expect(abcClasses([30, 30, 30, 10])).toEqual(['A', 'A', 'A', 'B']);
    // The 20s start at 50 (< 80) → both A, though the second starts at 70 only by list order.
    expect(abcClasses([20, 50, 20, 10])).toEqual(['A', 'A', 'A', 'B']);
    expect(abcClasses([7, 7, 7, 7])).toEqual(['A', 'A', 'A', 'A']);
  });

  it('keeps zero and negative revenue in C and out of the total', () => {
    // Total 100 (not 90): 60 → A, 40 starts at 60 → A.
    expect(abcClasses([60, 0, 40, -10])).toEqual(['A', 'C', 'A', 'C']);
    expect(abcClasses([0, 0, -5])).toEqual(['C', 'C', 'C']);
    expect(abcClasses([])).toEqual([]);
  });

  it('takes editable thresholds and keeps a decimal boundary on the line despite rounding', () => {
    expect(abcClasses([40, 30, 15, 10, 5], { aShare: 0.5, bShare: 0.9 })).toEqual(['A', 'A', 'B', 'B', 'C']);
    // 0.6 is exactly half of 1.2, though 0.5 × (0.6 + 0.5 + 0.1) is 0.6000000000000001 in floating point:
    // 0.5 starts on the line → B.
    expect(abcClasses([0.6, 0.5, 0.1], { aShare: 0.5 })).toEqual(['A', 'B', 'B']);
  });

  it('rejects thresholds outside (0, 1) or out of order, and revenues that are not numbers', () => {
    expect(() => abcClasses([1], { aShare: 1 })).toThrow('aShare must be a share in (0, 1), got 1');
    expect(() => abcClasses([1], { aShare: 0 })).toThrow('aShare must be a share in (0, 1), got 0');
    expect(() => abcClasses([1], { aShare: 0.8, bShare: 0.7 })).toThrow('bShare must be a share from aShare (0.8) to 1, got 0.7');
    expect(() => abcClasses([1, NaN])).toThrow('revenues[1] must be a finite number, got NaN');
  });
});

describe('riskSignals', () => {
  it('reads each signal by hand', () => {
    const signals = riskSignals(
      customer({ trendLabel: 'downtrader', slopePct: -4, pAlive: 0.8, overdue: 2, breadth: { direction: 'down', slopePct: -20 }, topCategoryShare: 0.9 }),
    );
    // ½ + ½·(4/10) = 0.7; 1 − 0.8; (2 − 1)/2; ½ + ½·min(1, 2); (0.9 − 0.5)/0.5.
    expect(signals.downtrend).toBeCloseTo(0.7, 12);
    expect(signals.falling_p_alive).toBeCloseTo(0.2, 12);
    expect(signals.overdue).toBe(0.5);
    expect(signals.shrinking_breadth).toBe(1);
    expect(signals.category_dependence).toBeCloseTo(0.8, 12);
  });

  it('is zero at each boundary and full beyond it', () => {
    const calm = riskSignals(customer({ trendLabel: 'uptrader', slopePct: 5, overdue: 1, breadth: { direction: 'flat', slopePct: -3 }, topCategoryShare: 0.5 }));
    expect(calm).toEqual({ downtrend: 0, falling_p_alive: 0, overdue: 0, shrinking_breadth: 0, category_dependence: 0 });
    const worst = riskSignals(customer({ trendLabel: 'inactive', slopePct: null, pAlive: 0, overdue: 3, topCategoryShare: 1 }));
    expect(worst).toEqual({ downtrend: 1, falling_p_alive: 1, overdue: 1, shrinking_breadth: 0, category_dependence: 1 });
    expect(riskSignals(customer({ overdue: 40 })).overdue).toBe(1);
    // A downtrader without a slope still counts half: the label alone is a warning.
    expect(riskSignals(customer({ trendLabel: 'downtrader', slopePct: null })).downtrend).toBe(0.5);
  });

  it('leaves category dependence out when the share is unknown', () => {
    expect('category_dependence' in riskSignals(customer({ topCategoryShare: null }))).toBe(false);
    expect('category_dependence' in riskSignals(customer({ topCategoryShare: undefined }))).toBe(false);
  });
});

describe('keyAccounts', () => {
  const atRisk = customer({
    customerId: 'padaria',
    trendLabel: 'downtrader',
    slopePct: -4,
    pAlive: 0.8,
    overdue: 2,
    breadth: { direction: 'down', slopePct: -20 },
    topCategoryShare: 0.9,
  });

  it('sums the weighted signals into the risk and lists the reasons by contribution', () => {
    const [account] = keyAccounts([atRisk]);
    // 0.3·0.7 + 0.25·0.2 + 0.2·0.5 + 0.15·1 + 0.1·0.8 = 0.21 + 0.05 + 0.10 + 0.15 + 0.08 = 0.59.
    expect(account!.risk).toBeCloseTo(0.59, 12);
    expect(account!.revenueAtRisk).toBeCloseTo(590, 9);
    expect(account!.reasons.map((r) => r.code)).toEqual(['downtrend', 'shrinking_breadth', 'overdue', 'category_dependence', 'falling_p_alive']);
    expect(account!.reasons.map((r) => r.weight)).toEqual([0.3, 0.15, 0.2, 0.1, 0.25]);
    expect(account!.reasons[0]!.value).toBeCloseTo(0.7, 12);
  });

  it('renormalises the weights over the signals available', () => {
    const [account] = keyAccounts([{ ...atRisk, topCategoryShare: null }]);
    // (0.21 + 0.05 + 0.10 + 0.15) / 0.9.
    expect(account!.risk).toBeCloseTo(0.51 / 0.9, 12);
    expect(account!.reasons.find((r) => r.code === 'downtrend')!.weight).toBeCloseTo(1 / 3, 12);
    expect(account!.reasons.reduce((sum, r) => sum + r.weight, 0)).toBeCloseTo(1, 12);
  });

  it('marks class A as key accounts with their share of the book', () => {
    const book = [40, 30, 15, 10, 5].map((trailing12, i) => customer({ customerId: `c${i}`, trailing12 }));
    const accounts = keyAccounts(book);
    expect(accounts.map((a) => [a.abc, a.keyAccount])).toEqual([
      ['A', true],
      ['A', true],
      ['A', true],
      ['B', false],
      ['C', false],
    ]);
    expect(accounts.map((a) => a.revenueShare)).toEqual([0.4, 0.3, 0.15, 0.1, 0.05]);
    expect(keyAccounts(book, { aShare: 0.5 }).filter((a) => a.keyAccount)).toHaveLength(2);
  });

  it('takes custom weights', () => {
    const [account] = keyAccounts([atRisk], { weights: { downtrend: 1, falling_p_alive: 0, overdue: 0, shrinking_breadth: 0, category_dependence: 0 } });
    expect(account!.risk).toBeCloseTo(0.7, 12);
  });

  it('gives no NaN for an empty book, a zero book or negative revenue', () => {
    expect(keyAccounts([])).toEqual([]);
    const accounts = keyAccounts([customer({ trailing12: 0 }), customer({ trailing12: -50, pAlive: 0.5 })]);
    expect(accounts.map((a) => [a.abc, a.revenueShare, a.revenueAtRisk])).toEqual([
      ['C', 0, 0],
      ['C', 0, 0],
    ]);
    expect(accounts[1]!.risk).toBeCloseTo(0.125 / 0.9, 12);
  });

  it('rejects bad weights and inputs with clear messages', () => {
    expect(() => keyAccounts([], { weights: { overdue: -1 } })).toThrow('weights.overdue must be a finite number ≥ 0, got -1');
    expect(() =>
      keyAccounts([], { weights: { downtrend: 0, falling_p_alive: 0, overdue: 0, shrinking_breadth: 0, category_dependence: 0 } }),
    ).toThrow('weights must include at least one weight > 0, got all 0');
    expect(() => keyAccounts([customer({ pAlive: 1.2 })])).toThrow('customers[0] (c): pAlive must be a probability in [0, 1], got 1.2');
    expect(() => keyAccounts([customer({ overdue: NaN })])).toThrow('overdue must be a number ≥ 0, got NaN');
    expect(() => keyAccounts([customer({ topCategoryShare: 1.5 })])).toThrow('topCategoryShare must be a share in [0, 1] or null, got 1.5');
    expect(() => keyAccounts([customer({ trailing12: Infinity })])).toThrow('trailing12 must be a finite number, got Infinity');
  });
});
