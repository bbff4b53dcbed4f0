// special.ts: the special functions Ciclo's purchase models need — log-gamma, log-beta, a two-term
// log-sum-exp, and the Gauss hypergeometric series 2F1 used by BG/NBD's expected-purchases formula.

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

// Stirling's series for ln Γ(y), y ≥ 15: (y − ½) ln y − y + ½ ln 2π + Σ B₂ₖ / (2k (2k − 1) y^(2k−1)).
// The coefficients are B₂ₖ / (2k (2k − 1)) for k = 1..7 (Bernoulli numbers 1/6, −1/30, 1/42, −1/30, 5/66,
// −691/2730, 7/6). At y = 15 the first omitted term is below 1e-17, so the error is rounding only.
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];
const STIRLING_FROM = 15;

/**
 * ln |Γ(x)|. For x > 0 the argument is shifted up to ≥ 15 with Γ(x) = Γ(x + n) / (x (x + 1) … (x + n − 1)),
 * then Stirling's series is summed; absolute error about 1e-14 near the zeros at 1 and 2, relative 1e-15
 * elsewhere. Negative non-integers use the reflection formula; 0 and negative integers give +Infinity.
 */
export function lnGamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
    // Γ(x) Γ(1 − x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  }
  if (x === Number.POSITIVE_INFINITY) return x;
  let y = x;
  let product = 1;
  while (y < STIRLING_FROM) {
    product *= y;
    y += 1;
  }
  const inverse = 1 / y;
  const inverseSquared = inverse * inverse;
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * inverseSquared + STIRLING[k]!;
  const stirling = (y - 0.5) * Math.log(y) - y + HALF_LOG_TWO_PI + series * inverse;
  return product === 1 ? stirling : stirling - Math.log(product);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0. */
export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/** ln(e^u + e^v) without overflow or underflow; −Infinity when both are −Infinity. */
export function logAddExp(u: number, v: number): number {
  const high = u > v ? u : v;
  if (high === Number.NEGATIVE_INFINITY) return high;
  const low = u > v ? v : u;
  return high + Math.log1p(Math.exp(low - high));
}

export interface SeriesOptions {
  /** The series stops when a term falls below this fraction of the sum (default 1e-16). */
  tolerance?: number;
  /** Give up after this many terms (default 1,000,000). */
  maxTerms?: number;
}

function checkSeriesArguments(name: string, c: number, z: number, tolerance: number, maxTerms: number): void {
  if (!(z >= 0 && z < 1)) throw new RangeError(`${name}: z must be in [0, 1), got ${z}`);
  if (!Number.isFinite(c) || (c <= 0 && Number.isInteger(c))) {
    throw new RangeError(`${name}: c must be finite and not a non-positive integer, got ${c}`);
  }
  if (!(tolerance > 0)) throw new RangeError(`${name}: tolerance must be > 0, got ${tolerance}`);
  if (!(Number.isInteger(maxTerms) && maxTerms >= 1)) {
    throw new RangeError(`${name}: maxTerms must be an integer ≥ 1, got ${maxTerms}`);
  }
}

/**
 * Sums Σ_{k ≥ 1} termₖ with term₁ = `first` and termₖ₊₁ = termₖ · (a + k)(b + k) z / ((c + k)(k + 1)), the shape
 * shared by 2F1 and its tail. Stops once two consecutive terms are below `tolerance` × |sum| (a single small
 * term can be a sign change of (a)ₖ), and throws when `maxTerms` pass first: a series that long means z is
 * too close to 1 for this method, and a silently truncated sum would be a wrong forecast.
 */
function sumSeries(name: string, first: number, a: number, b: number, c: number, z: number, tolerance: number, maxTerms: number): number {
  let term = first;
  let sum = first;
  let small = 0;
  for (let k = 1; k <= maxTerms; k++) {
    if (term === 0 || !Number.isFinite(sum)) return sum;
    if (Math.abs(term) <= tolerance * Math.abs(sum)) {
      if (++small >= 2) return sum;
    } else small = 0;
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
  }
  throw new RangeError(`${name}(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms`);
}

/**
 * Gauss hypergeometric function 2F1(a, b; c; z) = Σₖ (a)ₖ (b)ₖ / (c)ₖ zᵏ / k!, by its power series, for
 * 0 ≤ z < 1. Throws a RangeError when the series has not converged within `maxTerms` terms.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, { tolerance = 1e-16, maxTerms = 1_000_000 }: SeriesOptions = {}): number {
  checkSeriesArguments('hyp2f1', c, z, tolerance, maxTerms);
  if (z === 0 || a === 0 || b === 0) return 1;
  return 1 + sumSeries('hyp2f1', (a * b * z) / c, a, b, c, z, tolerance, maxTerms);
}

/**
 * (2F1(a, b; c; z) − 1) / b, summed directly as Σ_{k ≥ 1} (a)ₖ (b + 1)ₖ₋₁ / (c)ₖ zᵏ / k!, so that it stays
 * accurate as b → 0 (where the difference 2F1 − 1 loses every digit). BG/NBD's expected purchases use it with
 * b = a_model − 1, which is 0 for a fitted a of exactly 1. Same domain and guard as `hyp2f1`.
 */
export function hyp2f1Tail(a: number, b: number, c: number, z: number, { tolerance = 1e-16, maxTerms = 1_000_000 }: SeriesOptions = {}): number {
  checkSeriesArguments('hyp2f1Tail', c, z, tolerance, maxTerms);
  if (z === 0 || a === 0) return 0;
  // term₁ = a z / c; the ratio uses (b + 1 + (k − 1)) = (b + k) for the shifted Pochhammer (b + 1)ₖ₋₁.
  return sumSeries('hyp2f1Tail', (a * z) / c, a, b, c, z, tolerance, maxTerms);
}
