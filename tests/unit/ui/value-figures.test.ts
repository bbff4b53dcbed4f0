// The predicted-value figures of the screens: rounding for "about" sentences, the holdout sentence's numbers,
// the parameter rows, the book's totals, the top customers by predicted value and the settings fields.
import { describe, expect, it } from 'vitest';
import {
  aboutValue,
  bookTotals,
  holdoutSentenceFacts,
  isApproximatePAlive,
  nextOrderDate,
  parameterRows,
  parseDiscountPercent,
  parseHorizonMonths,
  predictionSentenceFacts,
  predictionsById,
  topByPredictedClv,
} from '../../../src/ui/analysis/value-figures.ts';
import { prediction } from './value-fixtures.ts';

describe('aboutValue', () => {
  it('keeps three significant digits from 100 up', () => {
    expect(aboutValue(1243.6)).toBe(1240);
    expect(aboutValue(12_345)).toBe(12_300);
    expect(aboutValue(999.4)).toBe(999);
  });

  it('keeps whole units from 10 and two significant digits below', () => {
    expect(aboutValue(87.4)).toBe(87);
    expect(aboutValue(4.56)).toBe(4.6);
    expect(aboutValue(0.0123)).toBe(0.012);
  });

  it('gives a plain zero and refuses what is not a number', () => {
    expect(Object.is(aboutValue(-0), 0)).toBe(true);
    expect(() => aboutValue(Number.NaN)).toThrow(/finite/);
  });
});

describe('predictionSentenceFacts', () => {
  it('rounds orders to one decimal, value to "about" and P(alive) to whole percent', () => {
    const facts = predictionSentenceFacts(prediction({ id: 'A', purchases: 2.34, clv: 1243.6, pAlive: 0.7841 }));
    expect(facts).toEqual({ kind: 'orders', purchases: 2.3, value: 1240, pAlive: 0.78, isApproximate: false });
  });

  it('says no order when fewer than 0.05 are expected, and never a negative value', () => {
    const facts = predictionSentenceFacts(prediction({ id: 'B', purchases: 0.049, clv: -3, pAlive: 0.1 }));
    expect(facts.kind).toBe('none');
    expect(facts.value).toBe(0);
    expect(predictionSentenceFacts(prediction({ id: 'C', purchases: 0.05 })).kind).toBe('orders');
  });

  it('marks a one-time buyer and a rule-of-thumb customer as approximate', () => {
    expect(predictionSentenceFacts(prediction({ id: 'D', method: 'one_time_heuristic' })).isApproximate).toBe(true);
    expect(isApproximatePAlive({ pAliveMethod: 'recency_heuristic' })).toBe(true);
    expect(isApproximatePAlive({ pAliveMethod: 'bgnbd' })).toBe(false);
  });
});

describe('holdoutSentenceFacts', () => {
  it('gives the change against the actual count in whole percent', () => {
    // (1240.4 − 1187) / 1187 = +4.5 % → +4 after rounding of 4.499
    expect(holdoutSentenceFacts({ predictedRepeatPurchases: 1240.4, actualRepeatPurchases: 1187, holdoutLength: 26 })).toEqual({
      predicted: 1240,
      actual: 1187,
      changePct: 4,
      span: 26,
    });
    // (1140 − 1187) / 1187 = −3.96 % → −4
    expect(holdoutSentenceFacts({ predictedRepeatPurchases: 1140, actualRepeatPurchases: 1187, holdoutLength: 19.43 }).changePct).toBe(-4);
  });

  it('has no change without holdout purchases and a span of at least one unit', () => {
    expect(holdoutSentenceFacts({ predictedRepeatPurchases: 3.2, actualRepeatPurchases: 0, holdoutLength: 0.4 })).toEqual({
      predicted: 3,
      actual: 0,
      changePct: null,
      span: 1,
    });
  });
});

describe('parameterRows', () => {
  it('lists BG/NBD then Gamma-Gamma parameters in the papers’ order', () => {
    const bgnbd = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4, logLikelihood: -9582.4, converged: true, iterations: 1, customers: 1, groups: 1, penalizer: 0 };
    const gammaGamma = { p: 6.2, q: 3.7, gamma: 15.4, logLikelihood: -1, converged: true, iterations: 1, customers: 1, penalizer: 0 };
    const rows = parameterRows({ bgnbd, gammaGamma });
    expect(rows.map((row) => `${row.model}:${row.id}=${row.value}`)).toEqual([
      'bgnbd:r=0.24',
      'bgnbd:alpha=4.4',
      'bgnbd:a=0.79',
      'bgnbd:b=2.4',
      'bgnbd:logLikelihood=-9582.4',
      'gammaGamma:p=6.2',
      'gammaGamma:q=3.7',
      'gammaGamma:gamma=15.4',
    ]);
  });

  it('has none on the rule of thumb', () => {
    expect(parameterRows({ bgnbd: null, gammaGamma: null })).toEqual([]);
  });
});

describe('bookTotals and the lookups', () => {
  const book = [
    prediction({ id: '10', pAlive: 0.5, purchases: 1.5, clv: 100 }),
    prediction({ id: '2', pAlive: 0.49, purchases: 0.5, clv: 300, method: 'one_time_heuristic' }),
    prediction({ id: '1', pAlive: 0.9, purchases: 2, clv: 300, nextOrderDay: 10_000 }),
    prediction({ id: '3', pAlive: 0.05, purchases: 0, clv: -5, method: 'recency_heuristic' }),
  ];

  it('adds up value (negative counted as nothing), orders, the likely active and the approximate', () => {
    expect(bookTotals(book)).toEqual({ customers: 4, predictedClv: 700, expectedPurchases: 4, likelyActive: 2, approximate: 2 });
    expect(bookTotals([])).toEqual({ customers: 0, predictedClv: 0, expectedPurchases: 0, likelyActive: 0, approximate: 0 });
  });

  it('ranks by predicted value with ties by numeric id', () => {
    expect(topByPredictedClv(book, 3)).toEqual(['1', '2', '10']);
    expect(topByPredictedClv(book, 0)).toEqual([]);
    expect(topByPredictedClv(book, 9)).toEqual(['1', '2', '10', '3']);
  });

  it('finds a prediction by customer id and writes the next order day as a date', () => {
    const byId = predictionsById(book);
    expect(byId.get('2')?.pAlive).toBe(0.49);
    // Day 10,000 after 1970-01-01 is 1997-05-19.
    expect(nextOrderDate(byId.get('1')!)).toBe('1997-05-19');
    expect(nextOrderDate(byId.get('10')!)).toBeNull();
  });
});

describe('the settings fields', () => {
  it('takes a whole horizon from 1 to 120 months', () => {
    expect(parseHorizonMonths('12')).toBe(12);
    expect(parseHorizonMonths(' 1 ')).toBe(1);
    expect(parseHorizonMonths('120')).toBe(120);
    for (const bad of ['0', '121', '6.5', '', 'twelve', '-3']) expect(parseHorizonMonths(bad)).toBeNull();
  });

  it('reads the discount as a percentage per month, with a decimal comma too', () => {
    expect(parseDiscountPercent('1')).toBe(0.01);
    expect(parseDiscountPercent('0,5')).toBe(0.005);
    expect(parseDiscountPercent('1.1')).toBe(0.011);
    expect(parseDiscountPercent('0')).toBe(0);
    for (const bad of ['100', '-1', '', '1%', 'abc', '1,2,3']) expect(parseDiscountPercent(bad)).toBeNull();
  });
});
