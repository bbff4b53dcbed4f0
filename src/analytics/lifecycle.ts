// lifecycle.ts: where each customer stands in their own buying rhythm on the analysis date — new,
// active, at risk, lapsed, lost or reactivated — judged by how overdue the next order is against the
// customer's usual gap between orders (or the whole book's, for customers with too few orders).
import type { Stage, StageResult } from './types';

export interface StageOptions {
  /** Floor on the typical gap, in days (default 7): weekly is the finest rhythm Ciclo reads. */
  minGapDays?: number;
  /** Gaps a customer needs before their own median gap is used instead of the book's (default 2). */
  minGaps?: number;
  /** Days after the first order during which a customer is `new`, and after a return `reactivated` (default 90). */
  newDays?: number;
  /** More days than this since the last order is `lost`, whatever the rhythm (default 365). */
  lostDays?: number;
  /**
   * A silence shorter than this many days never counts as a lapse ended by a return (default 60): a weekly
   * buyer who skips three weeks is late, not won back.
   */
  minLapseDays?: number;
  /** Overdue (days since last ÷ typical gap) up to this is `active` (default 1.5). */
  activeUpTo?: number;
  /** Overdue up to this is `at_risk` (default 3). */
  atRiskUpTo?: number;
  /** Overdue up to this is `lapsed`; beyond it, `lost` (default 6). */
  lapsedUpTo?: number;
}

export type ResolvedStageOptions = Readonly<Required<StageOptions>>;

/**
 * The stage options with their defaults, checked. Defaults: a customer may be half a cycle late and
 * still be `active` (1.5), up to three cycles `at_risk`, up to six `lapsed`; a quarter (90 days) is
 * long enough for a monthly buyer to show two or three orders; a year without an order is the usual
 * retail definition of a lost customer (buyers with a yearly rhythm need a larger `lostDays`).
 */
export function resolveStageOptions({
  minGapDays = 7,
  minGaps = 2,
  newDays = 90,
  lostDays = 365,
  minLapseDays = 60,
  activeUpTo = 1.5,
  atRiskUpTo = 3,
  lapsedUpTo = 6,
}: StageOptions = {}): ResolvedStageOptions {
  if (!(Number.isFinite(minGapDays) && minGapDays > 0)) throw new Error(`minGapDays must be a number > 0, got ${minGapDays}`);
  checkMinGaps(minGaps);
  if (!(Number.isInteger(newDays) && newDays >= 0)) throw new Error(`newDays must be an integer ≥ 0, got ${newDays}`);
  if (!(Number.isInteger(lostDays) && lostDays >= 1)) throw new Error(`lostDays must be an integer ≥ 1, got ${lostDays}`);
  if (!(Number.isInteger(minLapseDays) && minLapseDays >= 0)) throw new Error(`minLapseDays must be an integer ≥ 0, got ${minLapseDays}`);
  if (!(Number.isFinite(activeUpTo) && activeUpTo > 0)) throw new Error(`activeUpTo must be a number > 0, got ${activeUpTo}`);
  if (!(Number.isFinite(atRiskUpTo) && atRiskUpTo > activeUpTo)) {
    throw new Error(`atRiskUpTo must be a number > activeUpTo (${activeUpTo}), got ${atRiskUpTo}`);
  }
  if (!(Number.isFinite(lapsedUpTo) && lapsedUpTo > atRiskUpTo)) {
    throw new Error(`lapsedUpTo must be a number > atRiskUpTo (${atRiskUpTo}), got ${lapsedUpTo}`);
  }
  return { minGapDays, minGaps, newDays, lostDays, minLapseDays, activeUpTo, atRiskUpTo, lapsedUpTo };
}

/**
 * The customer's usual days between orders: the median of the gaps between consecutive order days
 * (the mean of the two middle gaps when their number is even). `orderDays` are ascending distinct
 * days since 1970-01-01. Null when there are fewer than `minGaps` gaps (fewer than minGaps + 1 orders).
 */
export function typicalGapDays(orderDays: readonly number[], { minGaps = 2 }: { minGaps?: number } = {}): number | null {
  checkMinGaps(minGaps);
  checkAscending(orderDays, orderDays.length);
  return ownGap(orderDays, orderDays.length, minGaps);
}

/**
 * The book's usual gap: the median of the typical gaps of the customers that have one (see
 * `typicalGapDays`), or `fallback` days when none has. With `asOfDay`, orders after that day are
 * ignored, so a replayed analysis date sees the book as it was then.
 */
export function populationGapDays(
  customers: readonly (readonly number[])[],
  { fallback = 30, minGaps = 2, asOfDay }: { fallback?: number; minGaps?: number; asOfDay?: number } = {},
): number {
  if (!(Number.isFinite(fallback) && fallback > 0)) throw new Error(`fallback must be a number of days > 0, got ${fallback}`);
  checkMinGaps(minGaps);
  if (asOfDay !== undefined && !Number.isInteger(asOfDay)) throw new Error(`asOfDay must be a whole day number, got ${asOfDay}`);
  const gaps: number[] = [];
  for (const days of customers) {
    const count = asOfDay === undefined ? days.length : countUpTo(days, asOfDay);
    checkAscending(days, count);
    const gap = ownGap(days, count, minGaps);
    if (gap !== null) gaps.push(gap);
  }
  return gaps.length === 0 ? fallback : medianOf(Float64Array.from(gaps));
}

/**
 * The customer's stage on `asOfDay`. Orders after `asOfDay` are ignored, so past dates can be
 * replayed; the customer must have ordered on or before it (callers leave not-yet customers out).
 *
 * Typical gap = the customer's own `typicalGapDays` (gapSource `own`) when they have at least
 * `minGaps` gaps, else `populationGap` (gapSource `population`); either is floored at `minGapDays`.
 * overdue = daysSinceLast ÷ typical gap. The first rule that holds decides:
 *  1. `lost`: daysSinceLast > lostDays, or overdue > lapsedUpTo.
 *  2. `lapsed`: overdue > atRiskUpTo.
 *  3. A *return* is an order placed within the last `newDays` days (asOf − day ≤ newDays) that ended
 *     a lapse: on its day, before it counted, rules 1–2 held — its gap from the previous order
 *     exceeded lostDays, or exceeded both minLapseDays and atRiskUpTo × the typical gap of the orders
 *     before it (own or population, floored as above). After a return the stage is `reactivated` while
 *     overdue ≤ activeUpTo, else `at_risk`.
 *  4. `new`: the first order is within the last `newDays` days (and, by rules 1–3, the customer is
 *     not overdue beyond atRiskUpTo and has not lapsed since).
 *  5. `active`: overdue ≤ activeUpTo.
 *  6. `at_risk`: overdue ≤ atRiskUpTo.
 * Boundaries belong to the milder stage: overdue exactly 1.5 is `active`, exactly 3 is `at_risk`.
 */
export function customerStage(
  orderDays: readonly number[],
  asOfDay: number,
  populationGap: number,
  options?: StageOptions,
): StageResult {
  const o = resolveStageOptions(options);
  if (!Number.isInteger(asOfDay)) throw new Error(`asOfDay must be a whole day number, got ${asOfDay}`);
  if (!(Number.isFinite(populationGap) && populationGap > 0)) {
    throw new Error(`populationGap must be a number of days > 0, got ${populationGap}`);
  }
  const count = countUpTo(orderDays, asOfDay);
  checkAscending(orderDays, count);
  if (count === 0) throw new Error(`customerStage needs an order on or before day ${asOfDay}, got none`);

  const first = orderDays[0]!;
  const daysSinceLast = asOfDay - orderDays[count - 1]!;
  const own = ownGap(orderDays, count, o.minGaps);
  const gap = Math.max(own ?? populationGap, o.minGapDays);
  const overdue = daysSinceLast / gap;
  const result = (stage: Stage): StageResult => ({
    stage,
    daysSinceLast,
    typicalGapDays: gap,
    gapSource: own === null ? 'population' : 'own',
    overdue,
  });

  const rhythm = rhythmStage(daysSinceLast, overdue, o);
  if (rhythm === 'lost' || rhythm === 'lapsed') return result(rhythm);
  if (hasReturnSince(orderDays, count, asOfDay - o.newDays, populationGap, o)) {
    return result(rhythm === 'active' ? 'reactivated' : 'at_risk');
  }
  if (asOfDay - first <= o.newDays) return result('new');
  return result(rhythm);
}

/** Rules 1, 2, 5 and 6 of `customerStage`: the stage by lateness alone. */
function rhythmStage(daysSinceLast: number, overdue: number, o: ResolvedStageOptions): Stage {
  if (daysSinceLast > o.lostDays || overdue > o.lapsedUpTo) return 'lost';
  if (overdue > o.atRiskUpTo) return 'lapsed';
  return overdue > o.activeUpTo ? 'at_risk' : 'active';
}

/**
 * Whether an order on or after `sinceDay` ended a lapse (rule 3). Only gaps longer than
 * atRiskUpTo × minGapDays can be lapses (no typical gap is shorter than the floor), so the median of
 * the earlier gaps is computed for a handful of long gaps at most, not for every order.
 */
function hasReturnSince(
  days: readonly number[],
  count: number,
  sinceDay: number,
  populationGap: number,
  o: ResolvedStageOptions,
): boolean {
  for (let i = count - 1; i >= 1 && days[i]! >= sinceDay; i--) {
    const gap = days[i]! - days[i - 1]!;
    if (gap > o.lostDays) return true;
    if (gap <= o.minLapseDays || gap / o.minGapDays <= o.atRiskUpTo) continue;
    const before = Math.max(ownGap(days, i, o.minGaps) ?? populationGap, o.minGapDays);
    if (gap / before > o.atRiskUpTo) return true;
  }
  return false;
}

/** Median gap among the first `count` order days, or null with fewer than `minGaps` gaps. */
function ownGap(days: readonly number[], count: number, minGaps: number): number | null {
  if (count - 1 < minGaps) return null;
  if (scratch.length < count - 1) scratch = new Float64Array(Math.max(count - 1, 2 * scratch.length));
  const gaps = scratch.subarray(0, count - 1);
  for (let i = 1; i < count; i++) gaps[i - 1] = days[i]! - days[i - 1]!;
  return medianOf(gaps);
}

/** Reused for the gaps of one customer at a time, so 50 000 customers do not allocate 50 000 arrays. */
let scratch = new Float64Array(256);

/** Median of the values (sorted in place). */
function medianOf(values: Float64Array): number {
  values.sort();
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** How many of the ascending `days` fall on or before `day` (binary search). */
function countUpTo(days: readonly number[], day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function checkAscending(days: readonly number[], count: number): void {
  let previous = -Infinity;
  for (let i = 0; i < count; i++) {
    const day = days[i]!;
    if (!(day > previous)) throw new Error(`order days must be ascending and distinct, got ${previous} then ${day}`);
    previous = day;
  }
}

function checkMinGaps(minGaps: number): void {
  if (!(Number.isInteger(minGaps) && minGaps >= 1)) throw new Error(`minGaps must be an integer ≥ 1, got ${minGaps}`);
}
