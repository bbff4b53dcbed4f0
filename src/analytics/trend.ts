// Customer trends: is this customer buying more (uptrader), less (downtrader) or about the same (stable) as over
// its own recent past, and on which signal (revenue, items, orders, breadth of categories)? Each signal is read
// over the last `window` periods with a Theil–Sen slope (how fast) and a Mann–Kendall test (is it real), plus a
// last-3-versus-prior-3 check so that a trend already over does not count.

import { SIGNALS } from './types';
import type {
  CustomerSeries,
  Direction,
  Signal,
  SignalTrend,
  TrendChange,
  TrendEvidence,
  TrendLabel,
  TrendOptions,
  TrendResult,
} from './types';
import { mannKendall, mannKendallVarianceTerm, mannKendallZ } from './mann-kendall';
import { senSlope, theilSenSlope } from './sen-slope';
import { twoSidedCriticalZ } from './normal';

/** TrendOptions with every default filled in and checked, as returned by resolveTrendOptions. */
export type ResolvedTrendOptions = Required<TrendOptions>;

/** Periods compared by the recent ratio: the last RECENT against the RECENT before them. */
const RECENT = 3;
/** A quiet downtrader keeps at least this share of its prior orders in the recent periods. */
const QUIET_ORDER_SHARE = 0.8;
/** A trend change needs this many periods before the turn (to establish the old direction) … */
const CHANGE_MIN_BEFORE = 6;
/** … and this many from the turn on (the new direction may be recent). */
const CHANGE_MIN_AFTER = 4;

const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Fills in the defaults (window 12, alpha 0.05, minPeriods 6, minActive 3, minSlopePct 2, minRatioChange 0,
 * inactivePeriods 6) and checks each option, throwing a message that names what was expected and what came.
 */
export function resolveTrendOptions(options: TrendOptions = {}): ResolvedTrendOptions {
  const {
    window = 12,
    alpha = 0.05,
    minPeriods = 6,
    minActive = 3,
    minSlopePct = 2,
    minRatioChange = 0,
    inactivePeriods = 6,
  } = options;
  // The recent ratio compares the last 3 periods with the 3 before, so a window needs at least 6.
  if (!isInteger(window) || window < 2 * RECENT) {
    throw new Error(`window must be an integer ≥ ${2 * RECENT}, got ${shown(window)}`);
  }
  if (!isFiniteNumber(alpha) || alpha <= 0 || alpha >= 1) {
    throw new Error(`alpha must be a number between 0 and 1 (exclusive), got ${shown(alpha)}`);
  }
  // Mann–Kendall gives no p-value below 3 points.
  if (!isInteger(minPeriods) || minPeriods < 3) {
    throw new Error(`minPeriods must be an integer ≥ 3, got ${shown(minPeriods)}`);
  }
  if (!isInteger(minActive) || minActive < 2 || minActive > window) {
    throw new Error(`minActive must be an integer from 2 to window (${window}), got ${shown(minActive)}`);
  }
  if (!isFiniteNumber(minSlopePct) || minSlopePct < 0) {
    throw new Error(`minSlopePct must be a number ≥ 0, got ${shown(minSlopePct)}`);
  }
  if (!isFiniteNumber(minRatioChange) || minRatioChange < 0 || minRatioChange >= 1) {
    throw new Error(`minRatioChange must be a number ≥ 0 and < 1, got ${shown(minRatioChange)}`);
  }
  if (!isInteger(inactivePeriods) || inactivePeriods < 1) {
    throw new Error(`inactivePeriods must be an integer ≥ 1, got ${shown(inactivePeriods)}`);
  }
  return { window, alpha, minPeriods, minActive, minSlopePct, minRatioChange, inactivePeriods };
}

// The log-transformed periods being read, reused across calls (the trend screen runs for every customer and
// signal). Nothing here awaits, so one buffer serves every call in turn.
let logScratch = new Float64Array(64);

/** log(1 + max(0, v)) for values[start..end), as a view of the shared buffer. */
function logValues(values: readonly number[], start: number, end: number): Float64Array {
  const n = end - start;
  if (logScratch.length < n) logScratch = new Float64Array(Math.max(n, 2 * logScratch.length));
  for (let i = 0; i < n; i++) logScratch[i] = Math.log1p(Math.max(0, values[start + i]!));
  return logScratch.subarray(0, n);
}

function sumOf(values: readonly number[], start: number, end: number, clampAtZero: boolean): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += clampAtZero ? Math.max(0, values[i]!) : values[i]!;
  return sum;
}

/**
 * The trend of one signal over the last `window` periods of `values` (all of them when fewer):
 * - slopePct: Theil–Sen slope b of log(1 + max(0, v)) per period, as (e^b − 1)·100 %/period. The log makes
 *   the slope a growth rate, so a R$ 50 customer and a R$ 50 000 one are read alike; negative values (returns
 *   exceeding purchases) count as 0.
 * - pValue, s: Mann–Kendall on the same transformed values (rank-based, so the log does not change them).
 * - recentRatio: mean of the last 3 periods ÷ mean of the 3 before, on max(0, v); null when those prior 3 are
 *   all 0. With fewer than 6 periods the two groups shrink to ⌊n/2⌋ periods each.
 * - direction: 'up' when p < alpha, slopePct ≥ minSlopePct and the recent ratio > 1 + minRatioChange (a null
 *   ratio counts as +∞ when the recent periods are positive); 'down' when p < alpha,
 *   slopePct ≤ −minSlopePct and the ratio < 1 − minRatioChange; otherwise 'flat'. The ratio check keeps a
 *   trend whose last periods already point the other way from being reported as still moving. Its default
 *   margin is 0 (the recent periods must merely move the slope's way): on the planted customers of
 *   tests/unit/pipeline/labelled-trends.test.ts a 10 % margin missed about 1 in 15 clear downtraders to
 *   month-to-month noise while catching no extra false alarm among steady customers.
 */
export function signalTrend(values: readonly number[], signal: Signal, options: ResolvedTrendOptions): SignalTrend {
  const { window, alpha, minSlopePct, minRatioChange } = options;
  const end = values.length;
  const start = Math.max(0, end - window);
  const logs = logValues(values, start, end);
  const slopePct = Math.expm1(theilSenSlope(logs)) * 100;
  const { s, pValue } = mannKendall(logs);

  const k = Math.min(RECENT, (end - start) >> 1);
  const recent = sumOf(values, end - k, end, true);
  const prior = sumOf(values, end - 2 * k, end - k, true);
  // Both groups have k periods, so the ratio of their means is the ratio of their sums.
  const recentRatio = prior > 0 ? recent / prior : null;

  let direction: Direction = 'flat';
  if (pValue < alpha) {
    if (slopePct >= minSlopePct && (recentRatio === null ? recent > 0 : recentRatio > 1 + minRatioChange)) {
      direction = 'up';
    } else if (slopePct <= -minSlopePct && recentRatio !== null && recentRatio < 1 - minRatioChange) {
      direction = 'down';
    }
  }
  return { signal, slopePct, pValue, s, recentRatio, direction };
}

const NO_SIGNALS: Readonly<Record<Signal, null>> = Object.freeze({
  revenue: null,
  items: null,
  orders: null,
  breadth: null,
});

function withoutLabel(label: 'new' | 'insufficient_data'): TrendResult {
  return {
    label,
    slopePct: null,
    pValue: null,
    drivers: [],
    signals: { ...NO_SIGNALS },
    quiet: false,
    evidence: null,
    change: null,
  };
}

/**
 * Labels one customer from its period series. The rules, in this order:
 * 1. `new`: tenurePeriods < minPeriods (the series starts at the first order, so only a young customer has a
 *    short history).
 * 2. `inactive`: the last `inactivePeriods` periods all have no orders and no positive revenue.
 * 3. `insufficient_data`: fewer than `minActive` periods with orders inside the window.
 * 4. revenue up → `uptrader`, revenue down → `downtrader` (see signalTrend for up and down).
 * 5. revenue flat: if any of items, orders, breadth is up and none is down → `uptrader` (more items, more visits,
 *    new product lines); any down and none up → `downtrader`; otherwise `stable`.
 * drivers are the signals whose direction matches the label (none for stable and inactive). slopePct and pValue
 * are revenue's; new and insufficient_data carry no statistics at all.
 * quiet: a downtrader whose orders signal is not down, with at least one order in the last 3 periods and at least
 * 0.8 × the orders of the 3 before: it still buys on its usual rhythm while its spend falls.
 * evidence (every label but new and insufficient_data): mean revenue per period over the window (baseline) and
 * over the last 3 periods (recent), their difference, that difference as % of the baseline (null when the
 * baseline is ≤ 0, where a percentage has no meaning), and revenue's slopePct and pValue.
 * change: detectTrendChange on revenue.
 */
export function classifyTrend(series: CustomerSeries, options?: TrendOptions): TrendResult {
  const resolved = resolveTrendOptions(options);
  const { window, minPeriods, minActive, inactivePeriods } = resolved;
  const { customerId, periods, revenue, items, orders, breadth, tenurePeriods } = series;
  const length = periods.length;
  for (const signal of SIGNALS) {
    if (series[signal].length !== length) {
      const got = series[signal].length;
      throw new Error(`customer ${customerId}: ${signal} must have one value per period (${length}), got ${got}`);
    }
  }

  if (tenurePeriods < minPeriods) return withoutLabel('new');

  let isInactive = length >= inactivePeriods;
  for (let i = length - inactivePeriods; isInactive && i < length; i++) {
    if (orders[i]! > 0 || revenue[i]! > 0) isInactive = false;
  }
  if (!isInactive) {
    let active = 0;
    for (let i = Math.max(0, length - window); i < length; i++) if (orders[i]! > 0) active++;
    if (active < minActive) return withoutLabel('insufficient_data');
  }

  const signals: Record<Signal, SignalTrend> = {
    revenue: signalTrend(revenue, 'revenue', resolved),
    items: signalTrend(items, 'items', resolved),
    orders: signalTrend(orders, 'orders', resolved),
    breadth: signalTrend(breadth, 'breadth', resolved),
  };

  let label: TrendLabel;
  const revenueDirection = signals.revenue.direction;
  if (isInactive) label = 'inactive';
  else if (revenueDirection === 'up') label = 'uptrader';
  else if (revenueDirection === 'down') label = 'downtrader';
  else {
    let anyUp = false;
    let anyDown = false;
    for (const signal of ['items', 'orders', 'breadth'] as const) {
      if (signals[signal].direction === 'up') anyUp = true;
      else if (signals[signal].direction === 'down') anyDown = true;
    }
    label = anyUp && !anyDown ? 'uptrader' : anyDown && !anyUp ? 'downtrader' : 'stable';
  }

  const labelDirection: Direction | null = label === 'uptrader' ? 'up' : label === 'downtrader' ? 'down' : null;
  const drivers =
    labelDirection === null ? [] : SIGNALS.filter((signal) => signals[signal].direction === labelDirection);

  let quiet = false;
  if (label === 'downtrader' && signals.orders.direction !== 'down') {
    const recentOrders = sumOf(orders, Math.max(0, length - RECENT), length, true);
    const priorOrders = sumOf(orders, Math.max(0, length - 2 * RECENT), Math.max(0, length - RECENT), true);
    quiet = recentOrders > 0 && recentOrders >= QUIET_ORDER_SHARE * priorOrders;
  }

  return {
    label,
    slopePct: signals.revenue.slopePct,
    pValue: signals.revenue.pValue,
    drivers,
    signals,
    quiet,
    evidence: evidenceOf(revenue, window, signals.revenue),
    change: detectTrendChange(revenue, periods, resolved),
  };
}

function evidenceOf(revenue: readonly number[], window: number, trend: SignalTrend): TrendEvidence {
  const end = revenue.length;
  const n = Math.min(window, end);
  const k = Math.min(RECENT, n);
  const baselinePerPeriod = sumOf(revenue, end - n, end, false) / n;
  const recentPerPeriod = sumOf(revenue, end - k, end, false) / k;
  const deltaPerPeriod = recentPerPeriod - baselinePerPeriod;
  return {
    baselinePerPeriod,
    recentPerPeriod,
    deltaPerPeriod,
    deltaPct: baselinePerPeriod > 0 ? (deltaPerPeriod / baselinePerPeriod) * 100 : null,
    slopePct: trend.slopePct,
    pValue: trend.pValue,
  };
}

// Critical |z| by p-value: detectTrendChange compares z with these instead of computing a p per candidate turn.
const criticalZByP = new Map<number, number>();
function criticalZ(p: number): number {
  let z = criticalZByP.get(p);
  if (z === undefined) criticalZByP.set(p, (z = twoSidedCriticalZ(p)));
  return z;
}

// Mann–Kendall S and tie sums of every leading segment x[0..k) and trailing segment x[k..n), reused.
let segmentScratch = new Float64Array(4 * 64);

/**
 * Finds where a series turned: it rose and then fell (up_to_down), or the reverse (down_to_up). It reads the last
 * 2 × window periods of `values` (24 with the default window), on log(1 + max(0, v)) like signalTrend.
 *
 * A turn at period k splits them into before = [0, k) with ≥ 6 periods and after = [k, n) with ≥ 4. It counts
 * when all of these hold:
 * - the two Theil–Sen slopes have opposite signs and each |slopePct| ≥ minSlopePct;
 * - each segment's Mann–Kendall S has the sign of its slope, with one-sided p < alpha (two-sided p < 2·alpha).
 *   A two-sided p < alpha on its own would be out of reach for short segments: with 4 periods even a perfect
 *   fall has p = 0.089, and with 5 it needs every period below the one before;
 * - the contrast between the segments is significant: S_before − S_after (for a rise then fall; the reverse
 *   for a fall then rise) has variance Var S_before + Var S_after, because under "no trend" the two disjoint
 *   segments are independent (the same sum as the seasonal Kendall test of Hirsch, Slack & Smith, 1982). Its
 *   continuity-corrected z must reach two-sided p < alpha / m, where m is the number of turning points tried
 *   (Bonferroni), so that trying every k on pure noise does not manufacture turns.
 * Among the turns that count it picks the k with the largest contrast z (on a tie, the later k) and reports
 * periods[k], the first period of the new direction. The contrast z peaks where both segments are most
 * consistently monotone, which pins the turn down: on seeded rise-then-fall series with ±5 % noise it found the
 * first falling period 300 times out of 300, where the largest |b_after − b_before| did so 117 times and strayed
 * up to 5 periods (one noisy point moves a short segment's median slope a lot). The turn's own period belongs
 * to the after segment, so the earliest fall that can be called is three drops in a row from the peak, and it is
 * dated at the peak; one more drop dates it at the first falling period. A series that only rises or only falls
 * has no turn.
 */
export function detectTrendChange(
  values: readonly number[],
  periods: readonly string[],
  options: ResolvedTrendOptions,
): TrendChange | null {
  if (periods.length !== values.length) {
    throw new Error(`periods must have one entry per value (${values.length}), got ${periods.length}`);
  }
  const { window, alpha, minSlopePct } = options;
  const end = values.length;
  const n = Math.min(2 * window, end);
  const start = end - n;
  const tries = n - CHANGE_MIN_BEFORE - CHANGE_MIN_AFTER + 1;
  if (tries < 1) return null;
  const x = logValues(values, start, end);

  // Prefix and suffix statistics in O(n²) overall. Adding a value to a segment adds its signs against the
  // values already there to S, and moves its tie group from size c to c + 1, which adds f(c+1) − f(c) to the tie
  // sum, f(t) = t(t−1)(2t+5).
  const stride = n + 1;
  if (segmentScratch.length < 4 * stride) segmentScratch = new Float64Array(4 * stride);
  const sLeading = segmentScratch.subarray(0, stride);
  const tiesLeading = segmentScratch.subarray(stride, 2 * stride);
  const sTrailing = segmentScratch.subarray(2 * stride, 3 * stride);
  const tiesTrailing = segmentScratch.subarray(3 * stride, 4 * stride);
  sLeading[0] = 0;
  tiesLeading[0] = 0;
  for (let k = 1; k <= n; k++) {
    const added = x[k - 1]!;
    let s = 0;
    let equal = 0;
    for (let i = 0; i < k - 1; i++) {
      const earlier = x[i]!;
      if (added > earlier) s++;
      else if (added < earlier) s--;
      else equal++;
    }
    sLeading[k] = sLeading[k - 1]! + s;
    tiesLeading[k] = tiesLeading[k - 1]! + mannKendallVarianceTerm(equal + 1) - mannKendallVarianceTerm(equal);
  }
  sTrailing[n] = 0;
  tiesTrailing[n] = 0;
  for (let k = n - 1; k >= 0; k--) {
    const added = x[k]!;
    let s = 0;
    let equal = 0;
    for (let j = k + 1; j < n; j++) {
      const later = x[j]!;
      if (later > added) s++;
      else if (later < added) s--;
      else equal++;
    }
    sTrailing[k] = sTrailing[k + 1]! + s;
    tiesTrailing[k] = tiesTrailing[k + 1]! + mannKendallVarianceTerm(equal + 1) - mannKendallVarianceTerm(equal);
  }

  // p < 2α for a segment, and p < α/tries for the contrast, as |z| above the matching critical values.
  const segmentZ = criticalZ(Math.min(1, 2 * alpha));
  const contrastMinZ = criticalZ(alpha / tries);
  let best: TrendChange | null = null;
  let bestZ = -1;
  for (let k = CHANGE_MIN_BEFORE; k <= n - CHANGE_MIN_AFTER; k++) {
    const sBefore = sLeading[k]!;
    const sAfter = sTrailing[k]!;
    if (sBefore === 0 || sAfter === 0 || (sBefore > 0) === (sAfter > 0)) continue;
    // S ≠ 0 implies untied pairs, so both variances are positive.
    const varBefore = (mannKendallVarianceTerm(k) - tiesLeading[k]!) / 18;
    const varAfter = (mannKendallVarianceTerm(n - k) - tiesTrailing[k]!) / 18;
    if (Math.abs(mannKendallZ(sBefore, varBefore)) <= segmentZ) continue;
    if (Math.abs(mannKendallZ(sAfter, varAfter)) <= segmentZ) continue;
    const contrastZ = mannKendallZ(Math.abs(sBefore) + Math.abs(sAfter), varBefore + varAfter);
    if (contrastZ < bestZ || contrastZ <= contrastMinZ) continue;

    // The slopes come last: they cost a median of O(n²) pairs each, and most customers stop above.
    const slopeBefore = theilSenSlope(x.subarray(0, k));
    const slopeAfter = theilSenSlope(x.subarray(k, n));
    if (Math.sign(slopeBefore) !== Math.sign(sBefore) || Math.sign(slopeAfter) !== Math.sign(sAfter)) continue;
    const slopeBeforePct = Math.expm1(slopeBefore) * 100;
    const slopeAfterPct = Math.expm1(slopeAfter) * 100;
    if (Math.abs(slopeBeforePct) < minSlopePct || Math.abs(slopeAfterPct) < minSlopePct) continue;
    bestZ = contrastZ;
    best = {
      kind: sBefore > 0 ? 'up_to_down' : 'down_to_up',
      period: periods[start + k]!,
      slopeBeforePct,
      slopeAfterPct,
    };
  }
  return best;
}

/**
 * The Theil–Sen line of log(1 + max(0, v)) against the period index, mapped back to value space with
 * e^y − 1 (and floored at 0), for drawing a customer's trend over its chart. Pass the periods the chart shows
 * (normally the trend window). The line is a constant-growth-rate curve, the same slope signalTrend reports.
 */
export function fittedLine(values: readonly number[]): number[] {
  const n = values.length;
  const { slope, intercept } = senSlope(logValues(values, 0, n));
  const line = new Array<number>(n);
  for (let i = 0; i < n; i++) line[i] = Math.max(0, Math.expm1(intercept + slope * i));
  return line;
}
