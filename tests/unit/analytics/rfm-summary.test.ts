// The purchase summary the BG/NBD and Gamma-Gamma models read, checked against Hardie's own CDNOW summary
// (tests/fixtures/cdnow/README.md) and against a history small enough to summarise by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import { summarizePurchases, UNIT_DAYS, type PurchaseSummary } from '../../../src/analytics/rfm-summary';
import { CALIBRATION_END, cdnowLines, dayOf, hardieFrequencySummary, hardieSummary } from '../../fixtures/cdnow/cdnow';

describe('summarizePurchases on a hand-made history', () => {
  const lines = [
    { customerId: 'A', day: 10, amount: 5 },
    { customerId: 'B', day: 12, amount: 7 },
    { customerId: 'A', day: 10, amount: 3 }, // same day as the first: one purchase of 8
    { customerId: 'A', day: 20, amount: 4 },
    { customerId: 'C', day: 40, amount: 100 }, // only after the analysis day
    { customerId: 'A', day: 17, amount: 10 }, // out of order
    { customerId: 'A', day: 20, amount: 6 }, // same day: one repeat purchase of 10
    { customerId: 'B', day: 31, amount: 1 }, // after the analysis day
    { customerId: 'A', day: 30, amount: 2 }, // on the analysis day: counted
  ];

  it('merges same-day lines, ignores later lines, and uses repeat days only for the monetary value', () => {
    expect(summarizePurchases(lines, { asOfDay: 30, unitDays: UNIT_DAYS.week })).toEqual([
      { customerId: 'A', x: 3, tx: 20 / 7, T: 20 / 7, mx: (10 + 10 + 2) / 3, firstDay: 10, lastDay: 30 },
      { customerId: 'B', x: 0, tx: 0, T: 18 / 7, mx: 0, firstDay: 12, lastDay: 12 },
    ]);
  });

  it('measures times in days or average months when asked', () => {
    const [a] = summarizePurchases(lines, { asOfDay: 30, unitDays: UNIT_DAYS.month });
    expect(a).toMatchObject({ x: 3, tx: 20 / 30.4375, T: 20 / 30.4375 });
    const [, b] = summarizePurchases(lines, { asOfDay: 35, unitDays: UNIT_DAYS.day });
    expect(b).toMatchObject({ customerId: 'B', x: 1, tx: 19, T: 23, mx: 1 });
  });

  it('returns customers in order of first appearance and nothing for an empty input', () => {
    const order = summarizePurchases(lines, { asOfDay: 50, unitDays: 1 }).map((s) => s.customerId);
    expect(order).toEqual(['A', 'B', 'C']);
    expect(summarizePurchases([], { asOfDay: 50, unitDays: 1 })).toEqual([]);
  });

  it('says what it expected when given bad options or lines', () => {
    expect(() => summarizePurchases(lines, { asOfDay: 30, unitDays: 0 })).toThrow('unitDays must be a finite number of days > 0 (1, 7 or 30.4375), got 0');
    expect(() => summarizePurchases(lines, { asOfDay: 30.5, unitDays: 7 })).toThrow('asOfDay must be a whole number of days since 1970-01-01, got 30.5');
    expect(() => summarizePurchases([{ customerId: 'A', day: 1, amount: Number.NaN }], { asOfDay: 30, unitDays: 7 })).toThrow(
      'line 0: amount must be a finite number, got NaN',
    );
  });
});

// Fader, Hardie & Lee (2005): weeks with day resolution, calibration ending 1997-09-30, same-day orders merged;
// the result must equal Hardie's summary files (lifetimes `cdnow_customers_summary*.csv`).
describe('summarizePurchases on the CDNOW sample (2,357 customers, weekly, as of 1997-09-30)', () => {
  let summary: PurchaseSummary[];
  beforeAll(() => {
    summary = summarizePurchases(cdnowLines(), { asOfDay: dayOf(CALIBRATION_END), unitDays: UNIT_DAYS.week });
  });

  it('gives every customer Hardie’s frequency, and his recency and T to 2 decimals', () => {
    const hardie = hardieFrequencySummary();
    expect(summary).toHaveLength(2357);
    expect(summary.map((s) => s.customerId)).toEqual(hardie.map((h) => h.id));
    expect(summary.map((s) => s.x)).toEqual(hardie.map((h) => h.frequency));
    expect(summary.map((s) => Math.round(s.tx * 100) / 100)).toEqual(hardie.map((h) => h.recency));
    expect(summary.map((s) => Math.round(s.T * 100) / 100)).toEqual(hardie.map((h) => h.T));
  });

  it('gives the 946 repeat buyers Hardie’s mean repeat spend zbar within its 2-decimal rounding, and 0 to the rest', () => {
    const hardie = hardieSummary();
    let repeaters = 0;
    summary.forEach((s, i) => {
      const { zbar, x } = hardie[i]!;
      if (x > 0) repeaters++;
      expect(Math.abs(s.mx - zbar), `customer ${s.customerId}`).toBeLessThanOrEqual(0.006);
      if (x === 0) expect(s.mx).toBe(0);
    });
    expect(repeaters).toBe(946);
  });

  it('matches the published statistics of the repeaters’ spend: mean 35, std 30, min 3, median 27, max 300', () => {
    // lifetimes test_summary_statistics_are_indentical_to_hardies_paper (pandas describe, rounded)
    const spends = summary.filter((s) => s.x > 0).map((s) => s.mx).sort((p, q) => p - q);
    const mean = spends.reduce((sum, v) => sum + v, 0) / spends.length;
    const std = Math.sqrt(spends.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (spends.length - 1));
    const median = (spends[472]! + spends[473]!) / 2;
    expect(spends).toHaveLength(946);
    expect([mean, std, spends[0]!, median, spends[945]!].map(Math.round)).toEqual([35, 30, 3, 27, 300]);
  });
});
