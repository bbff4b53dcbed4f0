// rfm.ts: recency, frequency and monetary scores by rank within the book, and the ten named segments
// of the usual R × FM grid (recency against the mean of the frequency and monetary scores).
import type { RfmResult, RfmSegment } from './types';

export interface RfmInput {
  /** Days from the last order to the analysis date (fewer is better). */
  recencyDays: number;
  /** Orders (more is better). */
  frequency: number;
  /** Net revenue (more is better). */
  monetary: number;
}

/** One cell block of the segment grid, on the 5-level scale; both ranges are inclusive. */
export interface RfmSegmentRule {
  segment: RfmSegment;
  /** Recency score range. */
  rRange: readonly [number, number];
  /** Range of the mean of the frequency and monetary scores, rounded half up (4.5 → 5). */
  fmRange: readonly [number, number];
}

/**
 * The R × FM grid. Rows are recency 5 (bought most recently) to 1; columns are the rounded mean of
 * F and M, 1 to 5. Every one of the 25 cells belongs to exactly one segment:
 *
 *   R\FM   1              2                    3                    4          5
 *   5      new            potential_loyalists  potential_loyalists  champions  champions
 *   4      promising      potential_loyalists  potential_loyalists  loyal      loyal
 *   3      about_to_sleep about_to_sleep       need_attention       loyal      loyal
 *   2      hibernating    hibernating          at_risk              at_risk    cant_lose
 *   1      hibernating    hibernating          at_risk              at_risk    cant_lose
 */
export const RFM_SEGMENT_RULES: readonly RfmSegmentRule[] = [
  { segment: 'champions', rRange: [5, 5], fmRange: [4, 5] },
  { segment: 'loyal', rRange: [3, 4], fmRange: [4, 5] },
  { segment: 'potential_loyalists', rRange: [4, 5], fmRange: [2, 3] },
  { segment: 'new', rRange: [5, 5], fmRange: [1, 1] },
  { segment: 'promising', rRange: [4, 4], fmRange: [1, 1] },
  { segment: 'need_attention', rRange: [3, 3], fmRange: [3, 3] },
  { segment: 'about_to_sleep', rRange: [3, 3], fmRange: [1, 2] },
  { segment: 'at_risk', rRange: [1, 2], fmRange: [3, 4] },
  { segment: 'cant_lose', rRange: [1, 2], fmRange: [5, 5] },
  { segment: 'hibernating', rRange: [1, 2], fmRange: [1, 2] },
];

/**
 * The segment of a recency score and an FM score, both on the 5-level scale (FM may be the unrounded
 * mean of F and M: it is rounded half up first). Throws for scores outside 1..5.
 */
export function rfmSegment(r: number, fm: number): RfmSegment {
  const fmScore = Math.round(fm);
  const rule = RFM_SEGMENT_RULES.find(
    (x) => r >= x.rRange[0] && r <= x.rRange[1] && fmScore >= x.fmRange[0] && fmScore <= x.fmRange[1],
  );
  if (!Number.isInteger(r) || !rule) throw new Error(`rfmSegment expects scores from 1 to 5, got r = ${r}, fm = ${fm}`);
  return rule.segment;
}

/**
 * Scores 1..`levels` by rank: the values are ranked ascending, tied values share the average of their
 * ranks, and a value of average rank ρ among n scores ⌊(ρ − ½) ÷ n × levels⌋ + 1 — its mid-rank
 * percentile cut into `levels` equal bands. The highest value scores `levels`, equal values score
 * alike, the result does not depend on input order, and a book whose values are all equal scores the
 * middle level (3 of 5, 2 of 3).
 */
export function scoreByRank(values: ArrayLike<number>, levels: number): Uint8Array {
  if (!(Number.isInteger(levels) && levels >= 1 && levels <= 255)) {
    throw new Error(`levels must be an integer from 1 to 255, got ${levels}`);
  }
  const n = values.length;
  const scores = new Uint8Array(n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    // Ranks start+1 … end share the average rank ρ = (start + 1 + end) / 2, so 2ρ − 1 = start + end:
    // integers throughout, and exact band edges are not blurred by rounding.
    const score = Math.floor(((start + end) * levels) / (2 * n)) + 1;
    for (let k = start; k < end; k++) scores[order[k]!] = score;
    start = end;
  }
  return scores;
}

/**
 * R, F and M scores and the segment of every customer, in input order. Quintiles (levels 5) score
 * the book; a book of fewer than `smallBook` customers gets terciles (levels 3), which are mapped to
 * the 5-level grid as 1 → 1, 2 → 3, 3 → 5 before the segment is read. Recency scores 5 for the most
 * recent buyers; frequency and monetary score 5 for the most orders and the highest spend.
 */
export function scoreRfm(inputs: readonly RfmInput[], { smallBook = 100 }: { smallBook?: number } = {}): RfmResult[] {
  if (!(Number.isInteger(smallBook) && smallBook >= 0)) throw new Error(`smallBook must be an integer ≥ 0, got ${smallBook}`);
  const n = inputs.length;
  const levels: 3 | 5 = n < smallBook ? 3 : 5;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { recencyDays, frequency: f, monetary: m } = inputs[i]!;
    if (!Number.isFinite(recencyDays)) throw new Error(`inputs[${i}].recencyDays must be a finite number, got ${recencyDays}`);
    if (!Number.isFinite(f)) throw new Error(`inputs[${i}].frequency must be a finite number, got ${f}`);
    if (!Number.isFinite(m)) throw new Error(`inputs[${i}].monetary must be a finite number, got ${m}`);
    recency[i] = -recencyDays; // fewer days since the last order ranks higher
    frequency[i] = f;
    monetary[i] = m;
  }
  const rs = scoreByRank(recency, levels);
  const fs = scoreByRank(frequency, levels);
  const ms = scoreByRank(monetary, levels);
  const toFive = levels === 5 ? (s: number) => s : (s: number) => 2 * s - 1;
  const results: RfmResult[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rs[i]!;
    const f = fs[i]!;
    const m = ms[i]!;
    results[i] = { r, f, m, levels, segment: rfmSegment(toFive(r), (toFive(f) + toFive(m)) / 2) };
  }
  return results;
}
