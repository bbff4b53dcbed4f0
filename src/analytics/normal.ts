// The standard normal distribution, for the p-values of Ciclo's trend tests (Mann–Kendall's z is compared
// with it). Accurate to about 1e-15 absolute and 1e-13 relative in the tails, without lookup tables.
//
// erfc is computed two ways, each where it converges fast and loses few digits:
// - |x| < 2: the power series of erf with positive terms only (Abramowitz & Stegun 7.1.6),
//     erf(x) = 2/√π · e^(−x²) · Σₙ 2ⁿ x^(2n+1) / (1·3·5···(2n+1)),
//   and erfc = 1 − erf (at x = 2, erfc ≈ 4.7e-3, so the subtraction costs at most ~3 digits of 16);
// - x ≥ 2: the continued fraction (A&S 7.1.14, Laplace's),
//     erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))),
//   evaluated with the modified Lentz algorithm (Numerical Recipes, 3rd ed., §5.2), which keeps full relative
//   precision far into the tail (under 60 terms at x = 2, fewer beyond).

const SQRT_PI = Math.sqrt(Math.PI);
const SERIES_LIMIT = 2;
/** erfc(27) ≈ 5e-319 is already subnormal; beyond it the answer is 0 in double precision. */
const TAIL_LIMIT = 27;
const EPSILON = 1e-16;
const MAX_TERMS = 500;

/** erf(x) for |x| < SERIES_LIMIT by the positive-term series. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= EPSILON * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ SERIES_LIMIT by the continued fraction with partial numerators n/2 and denominators x. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < MAX_TERMS; n++) {
    const a = n / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) <= EPSILON) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** The complementary error function, erfc(x) = 1 − erf(x) = 2/√π ∫ₓ^∞ e^(−t²) dt. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < SERIES_LIMIT) return 1 - erfSeries(x);
  if (x > TAIL_LIMIT) return 0;
  return erfcContinuedFraction(x);
}

/** Φ(z), the probability that a standard normal variable is ≤ z. */
export function normalCdf(z: number): number {
  // Φ(z) = erfc(−z/√2) / 2; for z > 0 this is 1 − erfc(z/√2)/2, where the small erfc keeps the digits.
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|) = 2·(1 − Φ(|z|)) = erfc(|z|/√2). */
export function twoSidedPValue(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/**
 * The |z| at which the two-sided p-value equals `p` (0 < p ≤ 1): 1.96 for 0.05. Found by bisection on
 * twoSidedPValue down to adjacent doubles, so comparing |z| with it decides p < `p` exactly as computing p would.
 */
export function twoSidedCriticalZ(p: number): number {
  if (!(typeof p === 'number' && p > 0 && p <= 1)) throw new Error(`p must be a number in (0, 1], got ${p}`);
  if (p === 1) return 0;
  let low = 0;
  let high = 2 * TAIL_LIMIT; // twoSidedPValue(54) = 0 < p
  for (;;) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) return high;
    if (twoSidedPValue(middle) > p) low = middle;
    else high = middle;
  }
}
