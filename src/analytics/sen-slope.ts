// The Theil–Sen slope (Theil 1950; Sen 1968): the median of the slopes between every pair of periods. Ciclo
// uses it for "how fast" a customer's series moves, next to Mann–Kendall's "is it moving at all": one big
// order or one empty month moves a least-squares line a lot and this median hardly at all.

export interface SenSlope {
  /** Median of (y_j − y_i)/(x_j − x_i) over all pairs i < j with x_i ≠ x_j. */
  slope: number;
  /** Median of y − slope·x, so that intercept + slope·x draws the fitted line. */
  intercept: number;
}

// Scratch space reused across calls: the trend screen computes these for tens of thousands of customers, and
// one growing buffer saves an allocation per call. Safe because nothing here awaits or re-enters.
let scratch = new Float64Array(256);

function scratchOf(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(Math.max(size, 2 * scratch.length));
  return scratch;
}

/**
 * Theil–Sen slope and intercept of `values` against `x` (default 0, 1, …, n−1: one step per period).
 * The median of an even count is the mean of the two middle values. Pairs with equal x are skipped; with no
 * usable pair the slope is 0 (no evidence of change) and the intercept the median of the values (NaN when
 * there are none). Values must be finite. O(n²) time for the n(n−1)/2 slopes, median by selection.
 */
export function senSlope(values: ArrayLike<number>, x?: ArrayLike<number>): SenSlope {
  const slope = theilSenSlope(values, x);
  const n = values.length;
  const buffer = scratchOf(n);
  for (let i = 0; i < n; i++) buffer[i] = values[i]! - slope * (x === undefined ? i : x[i]!);
  const intercept = n === 0 ? NaN : medianInPlace(buffer, n);
  return { slope, intercept };
}

/** The slope of senSlope alone, for callers that draw no line (the trend screen, per customer and signal). */
export function theilSenSlope(values: ArrayLike<number>, x?: ArrayLike<number>): number {
  const n = values.length;
  if (x !== undefined && x.length !== n) {
    throw new Error(`x must have one entry per value (${n}), got ${x.length}`);
  }
  const buffer = scratchOf((n * (n - 1)) / 2);
  let count = 0;
  for (let i = 0; i < n - 1; i++) {
    const yi = values[i]!;
    const xi = x === undefined ? i : x[i]!;
    for (let j = i + 1; j < n; j++) {
      const dx = (x === undefined ? j : x[j]!) - xi;
      if (dx !== 0) buffer[count++] = (values[j]! - yi) / dx;
    }
  }
  return count === 0 ? 0 : medianInPlace(buffer, count);
}

/** Median of a[0..count), reordering those entries. count ≥ 1. */
export function medianInPlace(a: Float64Array, count: number): number {
  const lower = (count - 1) >> 1;
  const low = selectInPlace(a, count, lower);
  if (count % 2 === 1) return low;
  // After selection every entry right of `lower` is ≥ it, so the upper middle value is their minimum.
  let high = Infinity;
  for (let i = lower + 1; i < count; i++) if (a[i]! < high) high = a[i]!;
  return (low + high) / 2;
}

/**
 * Hoare's quickselect (median-of-three pivot): the k-th smallest (0-based) of a[0..count), leaving smaller
 * entries left of k and larger ones right of it. Average O(count).
 */
function selectInPlace(a: Float64Array, count: number, k: number): number {
  let left = 0;
  let right = count - 1;
  while (right > left) {
    const mid = (left + right) >>> 1;
    if (a[mid]! < a[left]!) swap(a, left, mid);
    if (a[right]! < a[left]!) swap(a, left, right);
    if (a[right]! < a[mid]!) swap(a, mid, right);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[left..j] ≤ pivot ≤ a[i..right], and anything strictly between j and i equals the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k]!;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
