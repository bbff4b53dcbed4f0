// The holdout check on CDNOW as in Fader, Hardie & Lee (2005): calibration to 1997-09-30, holdout to 1998-06-30.
// Actual counts are recounted here from the raw CSV text; expectations come from the papers' formulas in plain
// form (eq. 9 and 10) and from published results (BTYD walkthrough, lifetimes' tests, Hardie's spreadsheet).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCalibrationSplit, holdoutValidation, type HoldoutReport } from '../../../src/analytics/holdout';
import { CALIBRATION_END, cdnowLines, dayOf, hardieSummary } from '../../fixtures/cdnow/cdnow';

interface Params {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** 2F1(A, B; C; z) by its plain power series. */
function hypergeometric(A: number, B: number, C: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; Math.abs(term) > 1e-17 * sum; k++) {
    term *= ((A + k) * (B + k) * z) / ((C + k) * (k + 1));
    sum += term;
  }
  return sum;
}

/** E[Y(t) | x, tₓ, T], FHL (2005) eq. 10 as printed. */
function oracleConditional({ r, alpha, a, b }: Params, t: number, x: number, tx: number, T: number): number {
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hypergeometric(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const pAlive = x === 0 ? 1 : 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
  return ((a + b + x - 1) / (a - 1)) * bracket * pAlive;
}

/** E[X(t)], FHL (2005) eq. 9 as printed. */
function oracleUnconditional({ r, alpha, a, b }: Params, t: number): number {
  return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hypergeometric(r, b, a + b - 1, t / (alpha + t)));
}

/** The raw CSV, recounted without Ciclo's code: each customer's distinct order dates (ISO strings), sorted. */
function orderDatesById(): Map<string, string[]> {
  const text = readFileSync(fileURLToPath(new URL('../../fixtures/cdnow/cdnow_sample.csv', import.meta.url)), 'utf8');
  const dates = new Map<string, Set<string>>();
  for (const row of text.trim().split('\n').slice(1)) {
    const [id, date] = row.split(',');
    if (!dates.has(id!)) dates.set(id!, new Set());
    dates.get(id!)!.add(date!);
  }
  return new Map([...dates].map(([id, set]) => [id, [...set].sort()]));
}

const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const HOLDOUT_END = '1998-06-30';

let report: HoldoutReport;
let dates: Map<string, string[]>;
beforeAll(() => {
  report = holdoutValidation(cdnowLines(), { calibrationEndDay: dayOf(CALIBRATION_END), holdoutEndDay: dayOf(HOLDOUT_END), unitDays: 7 });
  dates = orderDatesById();
});

describe('holdoutValidation on CDNOW, weekly', () => {
  it('fits the paper’s calibration period: r, α, a, b = 0.2426, 4.4136, 0.7929, 2.4259 within 0.5 %', () => {
    const { r, alpha, a, b } = report.fit;
    expect(Math.abs(r / 0.2426 - 1)).toBeLessThan(0.005);
    expect(Math.abs(alpha / 4.4136 - 1)).toBeLessThan(0.005);
    expect(Math.abs(a / 0.7929 - 1)).toBeLessThan(0.005);
    expect(Math.abs(b / 2.4259 - 1)).toBeLessThan(0.005);
    expect(report.holdoutLength).toBe(39);
    expect(report.calibrationCustomers).toBe(2357);
    expect(report.newInHoldout).toBe(0);
  });

  it('counts the actual holdout repeat purchases as distinct order days in the raw CSV', () => {
    let actual = 0;
    for (const list of dates.values()) actual += list.filter((d) => d > CALIBRATION_END && d <= HOLDOUT_END).length;
    expect(report.actualRepeatPurchases).toBe(actual);
    const byId = new Map(report.customers.map((c) => [c.customerId, c.actual]));
    for (const [id, list] of dates) expect(byId.get(id)).toBe(list.filter((d) => d > CALIBRATION_END).length);
  });

  it('forecasts the holdout as Σ E[Y(39) | x, tₓ, T] over Hardie’s calibration summary', () => {
    let predicted = 0;
    for (const { x, tx, T } of hardieSummary()) predicted += oracleConditional(report.fit, 39, x, tx, T);
    // Hardie's file rounds tₓ and T to 2 decimals.
    expect(Math.abs(report.predictedRepeatPurchases / predicted - 1)).toBeLessThan(1e-4);
    expect(report.relativeError).toBeCloseTo((report.predictedRepeatPurchases - report.actualRepeatPurchases) / report.actualRepeatPurchases, 12);
    // Customer 1 (x = 2, tₓ = 30.43, T = 38.86): 1.226 in Hardie's spreadsheet.
    expect(report.customers[0]!.customerId).toBe('1');
    expect(Math.abs(report.customers[0]!.predicted - 1.226)).toBeLessThan(0.001);
  });

  it('tabulates mean actual vs conditional expected holdout purchases by calibration frequency 0..7+', () => {
    const hardie = hardieSummary();
    const rows = Array.from({ length: 8 }, () => ({ n: 0, actual: 0, predicted: 0 }));
    for (const { id, x, tx, T } of hardie) {
      const row = rows[Math.min(x, 7)]!;
      row.n++;
      row.actual += dates.get(id)!.filter((d) => d > CALIBRATION_END && d <= HOLDOUT_END).length;
      row.predicted += oracleConditional(report.fit, 39, x, tx, T);
    }
    expect(report.byFrequency.map((r) => r.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(report.byFrequency.map((r) => r.isOpenEnded)).toEqual([false, false, false, false, false, false, false, true]);
    // 1,411 one-time buyers (FHL 2005; the data README).
    expect(report.byFrequency[0]!.customers).toBe(1411);
    report.byFrequency.forEach((r, x) => {
      expect(r.customers).toBe(rows[x]!.n);
      expect(r.actualMean).toBeCloseTo(rows[x]!.actual / rows[x]!.n, 12);
      expect(Math.abs(r.predictedMean / (rows[x]!.predicted / rows[x]!.n) - 1)).toBeLessThan(1e-3);
    });
  });

  it('tracks cumulative repeat purchases week by week over the 78 weeks, like the paper’s figure', () => {
    expect(report.tracking).toHaveLength(78);
    expect(report.tracking.filter((p) => !p.isHoldout)).toHaveLength(39);
    expect(isoOf(report.tracking[38]!.endDay)).toBe(CALIBRATION_END);
    expect(isoOf(report.tracking[77]!.endDay)).toBe(HOLDOUT_END);
    // Week k ends the day before 1997-01-01 + 7k; repeat purchases are all order days after the first.
    const start = dayOf('1997-01-01');
    report.tracking.forEach((point, k) => {
      const boundary = isoOf(start + 7 * (k + 1));
      let actual = 0;
      for (const list of dates.values()) actual += list.slice(1).filter((d) => d < boundary).length;
      expect(point.actualCumulative).toBe(actual);
      expect(point.endDay).toBe(start + 7 * (k + 1) - 1);
    });
    // BTYD walkthrough, cum.tracking[, 20:25].
    expect(report.tracking.slice(19, 25).map((p) => p.actualCumulative)).toEqual([1359, 1414, 1484, 1517, 1573, 1672]);
    expect(report.tracking[77]!.actualCumulative).toBe(
      [...dates.values()].reduce((sum, list) => sum + list.filter((d) => d <= HOLDOUT_END).length - 1, 0),
    );
  });

  it('expects Σ over customers of E[X(weeks since their first purchase)] at each week’s end', () => {
    const firstDays = [...dates.values()].map((list) => dayOf(list[0]!));
    const start = dayOf('1997-01-01');
    for (const k of [1, 2, 12, 39, 40, 60, 78]) {
      const boundary = start + 7 * k;
      let expected = 0;
      for (const f of firstDays) if (f < boundary) expected += oracleUnconditional(report.fit, (boundary - f) / 7);
      expect(Math.abs(report.tracking[k - 1]!.expectedCumulative / expected - 1)).toBeLessThan(1e-9);
    }
    // Incremental = difference of cumulative.
    for (let k = 1; k < 78; k++) {
      const [before, now] = [report.tracking[k - 1]!, report.tracking[k]!];
      expect(now.expected).toBeCloseTo(now.expectedCumulative - before.expectedCumulative, 9);
      expect(now.actual).toBe(now.actualCumulative - before.actualCumulative);
    }
  });

  it('reproduces lifetimes’ daily tracking: 10.67, 12.67, 14.87, 17.24 expected (actual 11, 12, 15, 19) on 1997-01-11..14', () => {
    const daily = holdoutValidation(cdnowLines(), { calibrationEndDay: dayOf(CALIBRATION_END), holdoutEndDay: dayOf(HOLDOUT_END), unitDays: 1 });
    const points = daily.tracking.filter((p) => ['1997-01-11', '1997-01-12', '1997-01-13', '1997-01-14'].includes(isoOf(p.endDay)));
    expect(points.map((p) => p.actualCumulative)).toEqual([11, 12, 15, 19]);
    const expected = [10.67, 12.67, 14.87, 17.24];
    points.forEach((p, i) => expect(Math.abs(p.expectedCumulative - expected[i]!)).toBeLessThan(0.01));
    expect(daily.actualRepeatPurchases).toBe(report.actualRepeatPurchases);
  });

  it('leaves customers first seen in the holdout out of both sides', () => {
    const lines = cdnowLines();
    const extra = [
      { customerId: 'late', day: dayOf('1997-11-01'), amount: 10 },
      { customerId: 'late', day: dayOf('1998-01-01'), amount: 10 },
    ];
    const withLate = holdoutValidation([...lines, ...extra], {
      calibrationEndDay: dayOf(CALIBRATION_END),
      holdoutEndDay: dayOf(HOLDOUT_END),
      unitDays: 7,
    });
    expect(withLate.newInHoldout).toBe(1);
    expect(withLate.calibrationCustomers).toBe(2357);
    expect(withLate.actualRepeatPurchases).toBe(report.actualRepeatPurchases);
    expect(withLate.tracking.at(-1)!.actualCumulative).toBe(report.tracking.at(-1)!.actualCumulative);
  });

  it('ignores orders after the holdout end, and same-day orders count once', () => {
    const lines = cdnowLines();
    const shorter = holdoutValidation(lines, { calibrationEndDay: dayOf(CALIBRATION_END), holdoutEndDay: dayOf('1997-12-31'), unitDays: 7 });
    let actual = 0;
    for (const list of dates.values()) actual += list.filter((d) => d > CALIBRATION_END && d <= '1997-12-31').length;
    expect(shorter.actualRepeatPurchases).toBe(actual);
    // 92 holdout days are 13 weeks and 1 day: the last period is the single day 1997-12-31.
    expect(isoOf(shorter.tracking.at(-1)!.endDay)).toBe('1997-12-31');
    expect(isoOf(shorter.tracking.at(-2)!.endDay)).toBe('1997-12-30');
  });

  it('says what was expected and what came', () => {
    const lines = cdnowLines();
    expect(() => holdoutValidation(lines, { calibrationEndDay: 10, holdoutEndDay: 10, unitDays: 7 })).toThrow(
      'holdoutEndDay must be a whole number of days after calibrationEndDay (10), got 10',
    );
    expect(() => holdoutValidation(lines, { calibrationEndDay: 1.5, holdoutEndDay: 10, unitDays: 7 })).toThrow(
      'calibrationEndDay must be a whole number of days, got 1.5',
    );
    expect(() => holdoutValidation(lines, { calibrationEndDay: 1, holdoutEndDay: 10, unitDays: -7 })).toThrow('unitDays must be a finite number of days > 0');
    expect(() => holdoutValidation(lines, { calibrationEndDay: 1, holdoutEndDay: 10, unitDays: 7, maxFrequencyRow: 0 })).toThrow(
      'maxFrequencyRow must be an integer ≥ 1, got 0',
    );
  });

  it('throws the model’s MODEL_NO_DATA when nobody bought in the calibration period', () => {
    expect(() => holdoutValidation(cdnowLines(), { calibrationEndDay: dayOf('1996-12-31'), holdoutEndDay: dayOf(HOLDOUT_END), unitDays: 7 })).toThrow(
      expect.objectContaining({ code: 'MODEL_NO_DATA' }),
    );
  });
});

describe('defaultCalibrationSplit', () => {
  it('holds out the last 26 weeks of a history of a year or more', () => {
    expect(defaultCalibrationSplit(dayOf('1997-01-01'), dayOf(HOLDOUT_END))).toEqual({
      calibrationEndDay: dayOf('1997-12-30'),
      holdoutEndDay: dayOf(HOLDOUT_END),
    });
    // Exactly 364 days: 182 + 182.
    expect(defaultCalibrationSplit(0, 363)).toEqual({ calibrationEndDay: 181, holdoutEndDay: 363 });
  });

  it('cuts a shorter history in half, the calibration taking the odd day', () => {
    expect(defaultCalibrationSplit(0, 362)).toEqual({ calibrationEndDay: 181, holdoutEndDay: 362 });
    expect(defaultCalibrationSplit(100, 127)).toEqual({ calibrationEndDay: 113, holdoutEndDay: 127 });
  });

  it('does not split under four weeks, and checks its days', () => {
    expect(defaultCalibrationSplit(100, 126)).toBeNull();
    expect(() => defaultCalibrationSplit(10, 5)).toThrow('firstDay and lastDay must be whole days with firstDay ≤ lastDay, got 10 and 5');
  });
});
