import { describe, expect, it } from 'vitest';
import { mannKendall } from '../../../src/analytics/mann-kendall';
import { twoSidedPValue } from '../../../src/analytics/normal';
import {
  classifyTrend,
  detectTrendChange,
  fittedLine,
  resolveTrendOptions,
  signalTrend,
} from '../../../src/analytics/trend';
import type { CustomerSeries } from '../../../src/analytics/types';
import { mulberry32 } from '../../fixtures/seeded-random';

const defaults = resolveTrendOptions();

/** ISO starts of `count` consecutive months, the last one being 2025-12. */
function months(count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(2025, 12 - count + i, 1)).toISOString().slice(0, 10));
}

/** Seeded multiplicative noise: 1 ± spread, uniform. */
function jitter(seed: number, count: number, spread: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => 1 + spread * (2 * random() - 1));
}

/** Revenue growing (or shrinking) by `rate` per month from `start`, with ±spread noise. */
function geometric(start: number, rate: number, count: number, seed: number, spread = 0.1): number[] {
  const noise = jitter(seed, count, spread);
  return noise.map((factor, i) => Math.round(start * (1 + rate) ** i * factor * 100) / 100);
}

interface Shape {
  revenue: number[];
  orders?: number[];
  items?: number[];
  breadth?: number[];
  tenurePeriods?: number;
}

/** A customer with steady orders (4 a month when it spends), items and breadth unless given. */
function customer({ revenue, orders, items, breadth, tenurePeriods }: Shape): CustomerSeries {
  return {
    customerId: 'C-1',
    periods: months(revenue.length),
    revenue,
    orders: orders ?? revenue.map((value) => (value > 0 ? 4 : 0)),
    items: items ?? revenue.map((value) => (value > 0 ? 10 : 0)),
    breadth: breadth ?? revenue.map((value) => (value > 0 ? 3 : 0)),
    tenurePeriods: tenurePeriods ?? revenue.length,
  };
}

// Independent oracles: every pairwise slope sorted, and S by its definition.
function oracleSlopePct(values: readonly number[]): number {
  const logs = values.map((v) => Math.log(1 + Math.max(0, v)));
  const slopes: number[] = [];
  for (let i = 0; i < logs.length; i++) for (let j = i + 1; j < logs.length; j++) slopes.push((logs[j]! - logs[i]!) / (j - i));
  slopes.sort((a, b) => a - b);
  const m = slopes.length;
  const median = m % 2 === 1 ? slopes[(m - 1) / 2]! : (slopes[m / 2 - 1]! + slopes[m / 2]!) / 2;
  return (Math.exp(median) - 1) * 100;
}
function oracleS(values: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) s += Math.sign(values[j]! - values[i]!);
  return s;
}
const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('resolveTrendOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveTrendOptions()).toEqual({
      window: 12,
      alpha: 0.05,
      minPeriods: 6,
      minActive: 3,
      minSlopePct: 2,
      minRatioChange: 0,
      inactivePeriods: 6,
    });
    expect(resolveTrendOptions({ window: 24, alpha: 0.1 })).toMatchObject({ window: 24, alpha: 0.1, minPeriods: 6 });
  });

  it.each([
    [{ window: 3 }, 'window must be an integer ≥ 6, got 3'],
    [{ window: 12.5 }, 'window must be an integer ≥ 6, got 12.5'],
    [{ window: '12' }, 'window must be an integer ≥ 6, got "12"'],
    [{ alpha: 0 }, 'alpha must be a number between 0 and 1 (exclusive), got 0'],
    [{ alpha: 1.5 }, 'alpha must be a number between 0 and 1 (exclusive), got 1.5'],
    [{ alpha: NaN }, 'alpha must be a number between 0 and 1 (exclusive), got NaN'],
    [{ minPeriods: 1.5 }, 'minPeriods must be an integer ≥ 3, got 1.5'],
    [{ minActive: 1 }, 'minActive must be an integer from 2 to window (12), got 1'],
    [{ window: 8, minActive: 9 }, 'minActive must be an integer from 2 to window (8), got 9'],
    [{ minSlopePct: -1 }, 'minSlopePct must be a number ≥ 0, got -1'],
    [{ minRatioChange: 1 }, 'minRatioChange must be a number ≥ 0 and < 1, got 1'],
    [{ inactivePeriods: 0 }, 'inactivePeriods must be an integer ≥ 1, got 0'],
  ])('rejects %o', (options, message) => {
    expect(() => resolveTrendOptions(options as never)).toThrow(message);
    expect(() => classifyTrend(customer({ revenue: [1, 2, 3, 4, 5, 6] }), options as never)).toThrow(message);
  });
});

describe('signalTrend', () => {
  it('reads only the last `window` periods, with the slope and S of an independent computation', () => {
    const values = [5000, 9000, ...geometric(200, 0.06, 12, 11)];
    const trend = signalTrend(values, 'revenue', defaults);
    const window = values.slice(-12);
    expect(trend.signal).toBe('revenue');
    expect(trend.slopePct).toBeCloseTo(oracleSlopePct(window), 10);
    expect(trend.s).toBe(oracleS(window));
    expect(trend.pValue).toBe(mannKendall(window).pValue);
    expect(trend.recentRatio).toBeCloseTo(mean(window.slice(-3)) / mean(window.slice(-6, -3)), 12);
    expect(trend.direction).toBe('up');
  });

  it('calls a rise that has already levelled off flat: the last 3 periods are no higher than the 3 before', () => {
    const values = [100, 200, 300, 400, 500, 600, 700, 700, 700, 700, 700, 700];
    const trend = signalTrend(values, 'revenue', defaults);
    expect(trend.pValue).toBeLessThan(0.05);
    expect(trend.slopePct).toBeGreaterThan(2);
    expect(trend.recentRatio).toBe(1);
    expect(trend.direction).toBe('flat');
  });

  it('treats a zero prior as an unbounded rise when the recent periods are positive', () => {
    // window 6: [0, 0, 0, 1, 2, 3]. S = 3·3 + 3 = 12; Var = (6·5·17 − 3·2·11)/18 = 444/18; z = 11/√24.67 = 2.21.
    const trend = signalTrend([0, 0, 0, 1, 2, 3], 'orders', resolveTrendOptions({ window: 6 }));
    expect(trend.s).toBe(12);
    expect(trend.pValue).toBeCloseTo(twoSidedPValue(11 / Math.sqrt(444 / 18)), 12);
    expect(trend.recentRatio).toBeNull();
    expect(trend.direction).toBe('up');
  });

  it('needs the slope to reach minSlopePct', () => {
    // +1.5 %/month without noise: p is tiny, the ratio is 1.015³ ≈ 1.046 < 1.1, and the slope 1.5 < 2.
    const slow = Array.from({ length: 12 }, (_, i) => 1000 * 1.015 ** i);
    const trend = signalTrend(slow, 'revenue', defaults);
    expect(trend.pValue).toBeLessThan(0.001);
    expect(trend.direction).toBe('flat');
    expect(signalTrend(slow, 'revenue', resolveTrendOptions({ minSlopePct: 1, minRatioChange: 0.04 })).direction).toBe('up');
  });
});

describe('classifyTrend', () => {
  it('labels a customer growing about 8 % a month as uptrader driven by revenue', () => {
    const series = customer({ revenue: geometric(1000, 0.08, 18, 1) });
    const result = classifyTrend(series);
    expect(result.label).toBe('uptrader');
    expect(result.drivers).toEqual(['revenue']);
    expect(result.quiet).toBe(false);
    expect(result.slopePct).toBeCloseTo(oracleSlopePct(series.revenue.slice(-12)), 10);
    expect(result.slopePct).toBeGreaterThan(5);
    expect(result.slopePct).toBeLessThan(11);
    expect(result.pValue).toBeLessThan(0.05);
    expect(result.signals.orders?.direction).toBe('flat');
  });

  it('labels a customer whose spend falls about 8 % a month on steady orders as a quiet downtrader', () => {
    const series = customer({ revenue: geometric(1000, -0.08, 18, 2) });
    const result = classifyTrend(series);
    expect(result.label).toBe('downtrader');
    expect(result.drivers).toEqual(['revenue']);
    expect(result.quiet).toBe(true);
    expect(result.slopePct).toBeLessThan(-5);
  });

  it('does not call a downtrader quiet when its orders fall too', () => {
    const orders = [9, 9, 9, 9, 9, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 3, 2, 2];
    const result = classifyTrend(customer({ revenue: geometric(1000, -0.08, 18, 2), orders }));
    expect(result.label).toBe('downtrader');
    expect(result.signals.orders?.direction).toBe('down');
    expect(result.drivers).toEqual(['revenue', 'orders']);
    expect(result.quiet).toBe(false);
  });

  it('does not call a downtrader quiet when its recent orders drop below 80 % of the prior 3 periods', () => {
    // Orders 4 … then 4, 4, 4 | 3, 3, 3: 9 < 0.8 × 12, although a single step is no significant trend.
    const orders = [...Array<number>(15).fill(4), 3, 3, 3];
    const result = classifyTrend(customer({ revenue: geometric(1000, -0.08, 18, 2), orders }));
    expect(result.label).toBe('downtrader');
    expect(result.signals.orders?.direction).not.toBe('down');
    expect(result.quiet).toBe(false);
  });

  it('labels noisy flat spending as stable, with false alarms within the 5 % significance level', () => {
    let alarms = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const result = classifyTrend(customer({ revenue: geometric(1000, 0, 18, seed, 0.2) }));
      expect(result.evidence).not.toBeNull();
      if (result.label === 'stable') {
        expect(result.drivers).toEqual([]);
        expect(result.quiet).toBe(false);
      } else alarms++;
    }
    // Mann–Kendall alone would cry wolf on about 5 % of pure-noise series; slope and recent-ratio checks cut that.
    expect(alarms / 200).toBeLessThanOrEqual(0.05);
  });

  it('labels a customer with 3 periods of history as new, with no statistics', () => {
    const result = classifyTrend(customer({ revenue: [100, 300, 900] }));
    expect(result).toEqual({
      label: 'new',
      slopePct: null,
      pValue: null,
      drivers: [],
      signals: { revenue: null, items: null, orders: null, breadth: null },
      quiet: false,
      evidence: null,
      change: null,
    });
  });

  it('labels a 7-year customer with only 2 active periods in the window as insufficient_data', () => {
    const revenue = Array<number>(24).fill(0);
    for (const i of [2, 5, 15, 21]) revenue[i] = 500;
    const result = classifyTrend(customer({ revenue, tenurePeriods: 84 }));
    expect(result.label).toBe('insufficient_data');
    expect(result.slopePct).toBeNull();
    expect(result.evidence).toBeNull();
    expect(result.signals.revenue).toBeNull();
    // With a third active period in the window the same customer gets a label.
    revenue[13] = 500;
    expect(classifyTrend(customer({ revenue, tenurePeriods: 84 })).label).not.toBe('insufficient_data');
  });

  it('labels a customer with no orders in the last 6 periods as inactive, even with a return booked', () => {
    const revenue = [...geometric(1000, 0, 18, 3, 0.1), 0, 0, 0, 0, -80, 0];
    const orders: number[] = revenue.map((value) => (value > 0 ? 4 : 0));
    const result = classifyTrend(customer({ revenue, orders }));
    expect(result.label).toBe('inactive');
    expect(result.drivers).toEqual([]);
    expect(result.quiet).toBe(false);
    expect(result.slopePct).toBe(result.signals.revenue!.slopePct);
    const window = revenue.slice(-12);
    expect(result.evidence).toEqual({
      baselinePerPeriod: mean(window),
      recentPerPeriod: -80 / 3,
      deltaPerPeriod: -80 / 3 - mean(window),
      deltaPct: ((-80 / 3 - mean(window)) / mean(window)) * 100,
      slopePct: result.signals.revenue!.slopePct,
      pValue: result.signals.revenue!.pValue,
    });
    // One order in the last 6 periods and the customer is not inactive.
    orders[20] = 1;
    expect(classifyTrend(customer({ revenue, orders })).label).not.toBe('inactive');
  });

  it('checks inactivity before the active-period count', () => {
    // Only 2 periods with orders in the window, but the last 6 are empty: inactive, not insufficient_data.
    const revenue = Array<number>(24).fill(0);
    for (const i of [3, 8, 13, 16]) revenue[i] = 500;
    const result = classifyTrend(customer({ revenue, tenurePeriods: 84 }));
    expect(result.label).toBe('inactive');
    expect(result.evidence).toMatchObject({ baselinePerPeriod: 1000 / 12, recentPerPeriod: 0, deltaPct: -100 });
  });

  it('labels flat spend across more and more categories as an uptrader driven by breadth', () => {
    const revenue = geometric(1000, 0, 12, 4, 0.03);
    const breadth = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6];
    const result = classifyTrend(customer({ revenue, breadth }));
    expect(result.signals.revenue?.direction).toBe('flat');
    expect(result.label).toBe('uptrader');
    expect(result.drivers).toEqual(['breadth']);
    // Revenue's statistics are still the ones reported.
    expect(result.slopePct).toBe(result.signals.revenue!.slopePct);
  });

  it('labels flat spend on fewer and fewer orders as a downtrader driven by orders, not quiet', () => {
    const revenue = geometric(1000, 0, 12, 4, 0.03);
    const orders = [12, 12, 11, 10, 10, 9, 8, 8, 7, 6, 6, 5];
    const result = classifyTrend(customer({ revenue, orders }));
    expect(result.signals.revenue?.direction).toBe('flat');
    expect(result.label).toBe('downtrader');
    expect(result.drivers).toEqual(['orders']);
    expect(result.quiet).toBe(false);
  });

  it('calls it stable when the secondary signals disagree', () => {
    const revenue = geometric(1000, 0, 12, 4, 0.03);
    const breadth = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6];
    const items = [20, 19, 18, 16, 15, 14, 12, 11, 10, 9, 8, 7];
    const result = classifyTrend(customer({ revenue, breadth, items }));
    expect(result.signals.items?.direction).toBe('down');
    expect(result.signals.breadth?.direction).toBe('up');
    expect(result.label).toBe('stable');
    expect(result.drivers).toEqual([]);
  });

  it('states its evidence as computed directly from the revenue', () => {
    const revenue = geometric(800, -0.06, 20, 9);
    const result = classifyTrend(customer({ revenue }));
    const window = revenue.slice(-12);
    const baseline = mean(window);
    const recent = mean(window.slice(-3));
    expect(result.evidence!.baselinePerPeriod).toBeCloseTo(baseline, 9);
    expect(result.evidence!.recentPerPeriod).toBeCloseTo(recent, 9);
    expect(result.evidence!.deltaPerPeriod).toBeCloseTo(recent - baseline, 9);
    expect(result.evidence!.deltaPct).toBeCloseTo(((recent - baseline) / baseline) * 100, 9);
    expect(result.evidence!.slopePct).toBeCloseTo(oracleSlopePct(window), 10);
    expect(result.evidence!.pValue).toBe(result.pValue);
  });

  it('rejects a series whose arrays disagree in length', () => {
    const series = { ...customer({ revenue: [1, 2, 3, 4, 5, 6] }), items: [1, 2, 3] };
    expect(() => classifyTrend(series)).toThrow('customer C-1: items must have one value per period (6), got 3');
  });
});

describe('detectTrendChange', () => {
  /** 12 months rising ~8 %, then 12 falling ~8 %: the fall starts at index 12. */
  function riseThenFall(seed: number): number[] {
    const rise = geometric(1000, 0.08, 12, seed, 0.05);
    return [...rise, ...geometric(rise[11]! * 0.92, -0.08, 12, seed + 1, 0.05)];
  }

  it('dates a rise then fall over 24 months at the first falling month (±1)', () => {
    for (const seed of [5, 21, 40]) {
      const revenue = riseThenFall(seed);
      const periods = months(24);
      const change = detectTrendChange(revenue, periods, defaults);
      expect(change?.kind).toBe('up_to_down');
      expect(periods.slice(11, 14)).toContain(change!.period);
      expect(change!.slopeBeforePct).toBeGreaterThan(4);
      expect(change!.slopeAfterPct).toBeLessThan(-4);
      expect(classifyTrend(customer({ revenue })).change).toEqual(change);
    }
  });

  it('dates a fall then rise as down_to_up at the first rising month (±1)', () => {
    for (const seed of [8, 30]) {
      const fall = geometric(1000, -0.08, 10, seed, 0.05);
      const revenue = [...fall, ...geometric(fall[9]! * 1.08, 0.08, 14, seed + 1, 0.05)];
      const periods = months(24);
      const change = detectTrendChange(revenue, periods, defaults);
      expect(change?.kind).toBe('down_to_up');
      expect(periods.slice(9, 12)).toContain(change!.period);
      expect(change!.slopeBeforePct).toBeLessThan(-4);
      expect(change!.slopeAfterPct).toBeGreaterThan(4);
    }
  });

  it('dates an exact peak followed by four falling months at the first falling month', () => {
    // log(1 + v) rises by 0.08 up to index 19, then falls by 0.08. Both k = 19 and k = 20 split it into two
    // perfectly monotone segments; the contrast z is larger for k = 20:
    //   k = 19: S = 171 − (−10) = 181, Var = 19·18·43/18 + 5·4·15/18 = 817 + 16.67 → z = 180/√833.67 = 6.23
    //   k = 20: S = 190 − (−6)  = 196, Var = 20·19·45/18 + 4·3·13/18 = 950 + 8.67  → z = 195/√958.67 = 6.30
    const revenue = Array.from({ length: 24 }, (_, i) => Math.expm1(i <= 19 ? 0.08 * i : 1.52 - 0.08 * (i - 19)));
    const periods = months(24);
    const change = detectTrendChange(revenue, periods, defaults);
    expect(change).toMatchObject({ kind: 'up_to_down', period: periods[20] });
    expect(change!.slopeBeforePct).toBeCloseTo((Math.exp(0.08) - 1) * 100, 9);
    expect(change!.slopeAfterPct).toBeCloseTo((Math.exp(-0.08) - 1) * 100, 9);
  });

  it('finds no change in a series that only rises, or in flat noise', () => {
    expect(detectTrendChange(geometric(1000, 0.05, 24, 3), months(24), defaults)).toBeNull();
    expect(detectTrendChange(geometric(1000, -0.05, 24, 3), months(24), defaults)).toBeNull();
    for (let seed = 1; seed <= 10; seed++) {
      expect(detectTrendChange(geometric(1000, 0, 24, seed, 0.3), months(24), defaults)).toBeNull();
    }
  });

  it('rarely finds a turn in white noise although it tries 15 turning points per series', () => {
    // Uniform noise, 24 periods: 15 candidate turns each. Without the Bonferroni step on the contrast (α/15)
    // about 3 % of such series show a "turn"; with it, well under 1.5 %.
    const random = mulberry32(2024);
    const periods = months(24);
    let turns = 0;
    for (let trial = 0; trial < 1000; trial++) {
      const revenue = Array.from({ length: 24 }, () => 1000 * (0.5 + random()));
      if (detectTrendChange(revenue, periods, defaults) !== null) turns++;
    }
    expect(turns).toBeLessThan(15);
  });

  it('needs 4 periods from the turn on: three drops in a row from the peak, dated at the peak', () => {
    const periods = months(24);
    /** log(1 + v) rising by 0.08 up to `peak`, then falling by 0.1. */
    const peakAt = (peak: number) =>
      Array.from({ length: 24 }, (_, i) => Math.expm1(i <= peak ? 0.08 * i : 0.08 * peak - 0.1 * (i - peak)));
    // Peak at 21, two drops. After segments: k = 20 → [rise, peak, drop, drop], S = 1 − 5 = −4, p = 0.31;
    // k = 19 → S = −2. Neither leans enough.
    expect(detectTrendChange(peakAt(21), periods, defaults)).toBeNull();
    // Peak at 20, three drops: k = 20 → [peak, drop, drop, drop], S = −6, two-sided p = 0.089 < 2α.
    expect(detectTrendChange(peakAt(20), periods, defaults)).toMatchObject({ kind: 'up_to_down', period: periods[20] });
  });

  it('needs 6 periods before the turn', () => {
    const periods = months(24);
    /** log(1 + v) falling by 0.1 down to `bottom`, then rising by 0.05. */
    const fallThenRise = (bottom: number) =>
      Array.from({ length: 24 }, (_, i) => Math.expm1(i <= bottom ? 2 - 0.1 * i : 2 - 0.1 * bottom + 0.05 * (i - bottom)));
    // Six falling periods (0..5), rising from 6: the turn is called at the first rising period.
    expect(detectTrendChange(fallThenRise(5), periods, defaults)).toMatchObject({ kind: 'down_to_up', period: periods[6] });
    // Three falling periods only: any before segment of 6 or more already holds the rise (k = 6: S = 0).
    expect(detectTrendChange(fallThenRise(2), periods, defaults)).toBeNull();
  });

  it('reads only the last 2 × window periods', () => {
    const turning = riseThenFall(5);
    const periods = months(36);
    const revenue = [...turning, ...Array<number>(12).fill(turning[23]!)];
    // The last 24 periods are a fall and then a flat line: no reversal among them.
    expect(detectTrendChange(revenue, periods, defaults)).toBeNull();
    expect(detectTrendChange(revenue, periods, resolveTrendOptions({ window: 18 }))?.kind).toBe('up_to_down');
  });

  it('rejects periods of another length', () => {
    expect(() => detectTrendChange([1, 2, 3], months(2), defaults)).toThrow('periods must have one entry per value (3), got 2');
  });
});

describe('fittedLine', () => {
  it('returns an exact constant-growth series unchanged', () => {
    // log(1 + v) = 2 + 0.05·i is a straight line, so the Theil–Sen line passes through every point.
    const values = Array.from({ length: 12 }, (_, i) => Math.exp(2 + 0.05 * i) - 1);
    const line = fittedLine(values);
    expect(line).toHaveLength(12);
    line.forEach((value, i) => expect(value).toBeCloseTo(values[i]!, 9));
  });

  it('follows the median growth, not one outlier, and never goes below 0', () => {
    const values = Array.from({ length: 12 }, (_, i) => Math.exp(3 + 0.1 * i) - 1);
    values[4] = 5000;
    const line = fittedLine(values);
    expect(line[4]).toBeCloseTo(Math.exp(3.4) - 1, 9);
    expect(fittedLine([0, 0, 0, 0])).toEqual([0, 0, 0, 0]);
    const falling = fittedLine([50, 10, 2, 0, 0, 0, 0, 0]);
    for (const value of falling) expect(value).toBeGreaterThanOrEqual(0);
    expect(fittedLine([])).toEqual([]);
  });
});
