import { describe, expect, it } from 'vitest';
import {
  customerStage,
  populationGapDays,
  resolveStageOptions,
  typicalGapDays,
  type StageOptions,
} from '../../../src/analytics/lifecycle';

/** `count` order days from `start`, `step` days apart. */
function every(start: number, step: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i * step);
}

/** A customer who ordered every 10 days from day 0 to day 200: own gap 10, first order long ago. */
const TEN_DAY_BUYER = every(0, 10, 21);

describe('typicalGapDays', () => {
  it('is the median gap between consecutive order days', () => {
    expect(typicalGapDays([0, 10, 30, 60])).toBe(20); // gaps 10, 20, 30
    expect(typicalGapDays([0, 30, 31, 41])).toBe(10); // gaps 30, 1, 10 → sorted 1, 10, 30
  });

  it('takes the mean of the two middle gaps when their number is even', () => {
    expect(typicalGapDays([0, 10, 30])).toBe(15); // gaps 10, 20
    expect(typicalGapDays([0, 4, 10, 40, 100])).toBe(18); // gaps 4, 6, 30, 60 → (6 + 30) / 2
  });

  it('is null with fewer than minGaps gaps', () => {
    expect(typicalGapDays([])).toBeNull();
    expect(typicalGapDays([7])).toBeNull();
    expect(typicalGapDays([0, 5])).toBeNull();
    expect(typicalGapDays([0, 5], { minGaps: 1 })).toBe(5);
    expect(typicalGapDays([0, 5, 9], { minGaps: 3 })).toBeNull();
  });

  it('rejects order days that are not ascending and distinct, and a bad minGaps', () => {
    expect(() => typicalGapDays([0, 10, 10])).toThrow('ascending and distinct, got 10 then 10');
    expect(() => typicalGapDays([5, 3])).toThrow('got 5 then 3');
    expect(() => typicalGapDays([0, NaN])).toThrow('got 0 then NaN');
    expect(() => typicalGapDays([0, 1, 2], { minGaps: 0 })).toThrow('minGaps must be an integer ≥ 1, got 0');
    expect(() => typicalGapDays([0, 1, 2], { minGaps: 1.5 })).toThrow('got 1.5');
  });
});

describe('populationGapDays', () => {
  it('is the median of the typical gaps of customers who have one', () => {
    const book = [every(0, 10, 3), every(0, 20, 4), every(0, 30, 3), [0, 5], [42]];
    expect(populationGapDays(book)).toBe(20); // 10, 20, 30; the last two have too few gaps
    expect(populationGapDays([every(0, 10, 3), every(0, 20, 3)])).toBe(15);
  });

  it('falls back when no customer has a typical gap', () => {
    expect(populationGapDays([])).toBe(30);
    expect(populationGapDays([[1], [3, 9]])).toBe(30);
    expect(populationGapDays([[1]], { fallback: 12 })).toBe(12);
    expect(() => populationGapDays([], { fallback: 0 })).toThrow('fallback must be a number of days > 0, got 0');
  });

  it('sees the book as it was on asOfDay', () => {
    const book = [[0, 10, 50, 90]]; // gaps 10, 40, 40
    expect(populationGapDays(book)).toBe(40);
    expect(populationGapDays(book, { asOfDay: 50 })).toBe(25); // gaps 10, 40
    expect(populationGapDays(book, { asOfDay: 49 })).toBe(30); // one gap: fallback
    expect(() => populationGapDays(book, { asOfDay: 1.5 })).toThrow('asOfDay must be a whole day number, got 1.5');
  });
});

describe('resolveStageOptions', () => {
  it('fills the documented defaults', () => {
    expect(resolveStageOptions()).toEqual({
      minGapDays: 7,
      minGaps: 2,
      newDays: 90,
      lostDays: 365,
      minLapseDays: 60,
      activeUpTo: 1.5,
      atRiskUpTo: 3,
      lapsedUpTo: 6,
    });
    expect(resolveStageOptions({ newDays: 60 }).newDays).toBe(60);
  });

  it('rejects thresholds out of order or out of range, saying what came', () => {
    expect(() => resolveStageOptions({ atRiskUpTo: 1.5 })).toThrow('atRiskUpTo must be a number > activeUpTo (1.5), got 1.5');
    expect(() => resolveStageOptions({ lapsedUpTo: 2 })).toThrow('lapsedUpTo must be a number > atRiskUpTo (3), got 2');
    expect(() => resolveStageOptions({ activeUpTo: 0 })).toThrow('activeUpTo must be a number > 0, got 0');
    expect(() => resolveStageOptions({ minGapDays: -1 })).toThrow('minGapDays must be a number > 0, got -1');
    expect(() => resolveStageOptions({ newDays: 30.5 })).toThrow('newDays must be an integer ≥ 0, got 30.5');
    expect(() => resolveStageOptions({ lostDays: 0 })).toThrow('lostDays must be an integer ≥ 1, got 0');
    expect(() => resolveStageOptions({ minGaps: 0 })).toThrow('minGaps must be an integer ≥ 1, got 0');
  });
});

describe('customerStage', () => {
  const stageOn = (days: readonly number[], asOf: number, populationGap = 30, options?: StageOptions) =>
    customerStage(days, asOf, populationGap, options).stage;
  /** The return rules on their own, without the minimum length of a lapse. */
  const anyLapse: StageOptions = { minLapseDays: 0 };

  it('reads overdue = days since the last order ÷ own typical gap, boundaries going to the milder stage', () => {
    expect(customerStage(TEN_DAY_BUYER, 215, 30)).toEqual({
      stage: 'active',
      daysSinceLast: 15,
      typicalGapDays: 10,
      gapSource: 'own',
      overdue: 1.5,
    });
    expect(stageOn(TEN_DAY_BUYER, 200)).toBe('active');
    expect(stageOn(TEN_DAY_BUYER, 216)).toBe('at_risk');
    expect(stageOn(TEN_DAY_BUYER, 230)).toBe('at_risk'); // overdue exactly 3
    expect(stageOn(TEN_DAY_BUYER, 231)).toBe('lapsed');
    expect(stageOn(TEN_DAY_BUYER, 260)).toBe('lapsed'); // overdue exactly 6
    expect(stageOn(TEN_DAY_BUYER, 261)).toBe('lost');
    expect(customerStage(TEN_DAY_BUYER, 261, 30).overdue).toBeCloseTo(6.1, 12);
  });

  it('is lost after more than lostDays without an order, whatever the rhythm', () => {
    const yearly = [0, 300, 600]; // own gap 300
    expect(customerStage(yearly, 965, 30)).toMatchObject({ stage: 'active', daysSinceLast: 365 });
    expect(customerStage(yearly, 966, 30)).toMatchObject({ stage: 'lost', daysSinceLast: 366 });
    expect(customerStage(yearly, 966, 30, { lostDays: 400 }).stage).toBe('active');
  });

  it('floors the typical gap at minGapDays', () => {
    const daily = every(0, 1, 201); // own gap 1 day
    expect(customerStage(daily, 210, 30)).toMatchObject({ stage: 'active', typicalGapDays: 7, gapSource: 'own' });
    expect(stageOn(daily, 211)).toBe('at_risk'); // 11 / 7 > 1.5
    expect(customerStage(daily, 211, 30, { minGapDays: 8 }).stage).toBe('active'); // 11 / 8 ≤ 1.5
    expect(customerStage([0], 100, 5)).toMatchObject({ typicalGapDays: 7, gapSource: 'population' });
  });

  it('uses the population gap for customers with fewer than minGaps gaps', () => {
    expect(customerStage([0], 100, 30)).toEqual({
      stage: 'lapsed',
      daysSinceLast: 100,
      typicalGapDays: 30,
      gapSource: 'population',
      overdue: 100 / 30,
    });
    expect(customerStage([0, 40], 180, 50)).toMatchObject({ stage: 'at_risk', gapSource: 'population', overdue: 2.8 });
    expect(customerStage([0, 40, 50], 200, 50)).toMatchObject({ stage: 'lapsed', gapSource: 'own', typicalGapDays: 25 });
    expect(customerStage([0, 40], 180, 50, { minGaps: 1 })).toMatchObject({ gapSource: 'own', typicalGapDays: 40 });
  });

  it('calls a customer new for newDays after the first order while they are not overdue beyond at risk', () => {
    expect(stageOn([0], 0)).toBe('new');
    expect(stageOn([0, 20, 40], 60)).toBe('new'); // own gap 20, overdue 1
    expect(stageOn([0], 90, 40)).toBe('new'); // first order exactly newDays ago, overdue 2.25
    expect(stageOn([0], 91, 40)).toBe('at_risk'); // one day later: no longer new
    expect(stageOn([0], 90, 30)).toBe('new'); // overdue exactly 3
    expect(stageOn([0], 89, 29)).toBe('lapsed'); // overdue 3.07: a new customer who stopped is not new
    expect(customerStage([0], 89, 29, { newDays: 60 }).stage).toBe('lapsed');
    expect(customerStage([0], 61, 40, { newDays: 60 }).stage).toBe('at_risk');
  });

  it('calls a customer reactivated after returning from a lapse, while active and for newDays after the return', () => {
    // Every 10 days to day 200, nothing for 100 days (10 × the gap), then back every 10 days.
    const returning = [...TEN_DAY_BUYER, ...every(300, 10, 11)];
    expect(customerStage(returning, 300, 30)).toMatchObject({ stage: 'reactivated', daysSinceLast: 0, typicalGapDays: 10 });
    const returnedOnce = [...TEN_DAY_BUYER, 300];
    expect(stageOn(returnedOnce, 315)).toBe('reactivated'); // overdue exactly 1.5
    expect(stageOn(returnedOnce, 316)).toBe('at_risk'); // a returned customer who is late again
    expect(stageOn(returning, 390)).toBe('reactivated'); // the return was exactly newDays ago
    expect(stageOn(returning, 391)).toBe('active'); // and now it is older than that
    expect(customerStage(returning, 391, 30, { newDays: 91 }).stage).toBe('reactivated');
  });

  it('counts as a return only a gap beyond atRiskUpTo × the gap before it', () => {
    expect(stageOn([...TEN_DAY_BUYER, 230], 230, 30, anyLapse)).toBe('active'); // gap 30 = 3 × 10: was at risk, not lapsed
    expect(stageOn([...TEN_DAY_BUYER, 231], 231, 30, anyLapse)).toBe('reactivated'); // gap 31 > 3 × 10
    // Gaps 10, 10, 40, 40: the last gap is 4 × the median gap before it (10), though only 1.6 × today's (25).
    expect(customerStage([0, 10, 20, 60, 100], 100, 30, anyLapse)).toMatchObject({ stage: 'reactivated', typicalGapDays: 25 });
    // With one order before the return, the population gap is the yardstick: 200 / 30 > 3.
    expect(stageOn([0, 200], 200, 30)).toBe('reactivated');
    expect(stageOn([0, 200], 200, 70)).toBe('active'); // 200 / 70 < 3
    // A gap over lostDays is a return even for a customer whose rhythm is that slow.
    expect(stageOn([0, 400, 800, 1200], 1200)).toBe('reactivated');
  });

  it('needs a silence longer than minLapseDays (default 60) before a return counts', () => {
    // A ten-day buyer silent for 31, then 60 days: late, not lost and won back.
    expect(stageOn([...TEN_DAY_BUYER, 231], 231)).toBe('active');
    expect(stageOn([...TEN_DAY_BUYER, 260], 260)).toBe('active'); // gap exactly 60
    expect(stageOn([...TEN_DAY_BUYER, 261], 261)).toBe('reactivated'); // gap 61 > 60 and > 3 × 10
    expect(stageOn([...TEN_DAY_BUYER, 261], 261, 30, { minLapseDays: 61 })).toBe('active');
    expect(() => resolveStageOptions({ minLapseDays: -1 })).toThrow('minLapseDays must be an integer ≥ 0, got -1');
  });

  it('does not call a customer new who lapsed within the first newDays', () => {
    // Gaps 5 and 5 (floored to 7), then 50 days: 50 / 7 > 3 was a lapse, so the order on day 60 is a return.
    expect(stageOn([0, 5, 10, 60], 60, 30, anyLapse)).toBe('reactivated');
    expect(stageOn([0, 5, 10, 60], 75, 30, anyLapse)).toBe('at_risk'); // 15 / 7 > 1.5
    expect(stageOn([0, 5, 10, 80], 80)).toBe('reactivated'); // a 70-day silence is a lapse with the default too
    expect(stageOn([0, 5, 10, 20], 25)).toBe('new');
  });

  it('ignores orders after asOfDay, so the past can be replayed', () => {
    const history = [...TEN_DAY_BUYER, ...every(300, 10, 11)];
    expect(customerStage(history, 231, 30)).toEqual(customerStage(TEN_DAY_BUYER, 231, 30));
    expect(stageOn(history, 231)).toBe('lapsed');
    expect(stageOn(history, 299)).toBe('lost'); // 99 / 10 > 6
    expect(stageOn(history, 45)).toBe('new');
    for (const asOf of [0, 55, 150, 205, 250, 300, 333, 390, 500]) {
      const known = history.filter((d) => d <= asOf);
      expect(customerStage(history, asOf, 30)).toEqual(customerStage(known, asOf, 30));
    }
  });

  it('needs an order on or before asOfDay and valid arguments', () => {
    expect(() => customerStage([10, 20], 9, 30)).toThrow('needs an order on or before day 9');
    expect(() => customerStage([], 9, 30)).toThrow('needs an order on or before day 9');
    expect(() => customerStage([10], 20, 0)).toThrow('populationGap must be a number of days > 0, got 0');
    expect(() => customerStage([10], 20.5, 30)).toThrow('asOfDay must be a whole day number, got 20.5');
    expect(() => customerStage([10, 5], 20, 30)).toThrow('ascending and distinct');
    expect(() => customerStage([10], 20, 30, { activeUpTo: 4 })).toThrow('atRiskUpTo must be a number > activeUpTo (4), got 3');
  });

  it('follows custom thresholds', () => {
    const strict = { activeUpTo: 1, atRiskUpTo: 2, lapsedUpTo: 4 };
    expect(customerStage(TEN_DAY_BUYER, 210, 30, strict).stage).toBe('active');
    expect(customerStage(TEN_DAY_BUYER, 211, 30, strict).stage).toBe('at_risk');
    expect(customerStage(TEN_DAY_BUYER, 221, 30, strict).stage).toBe('lapsed');
    expect(customerStage(TEN_DAY_BUYER, 241, 30, strict).stage).toBe('lost');
  });
});
