// bfgs.ts: a quasi-Newton minimiser for smooth objectives with a gradient — BFGS with a line search meeting the
// strong Wolfe conditions. Ciclo's model fits use it first (maximizeLikelihood in optimize.ts), with the analytic
// gradients of the BG/NBD and Gamma-Gamma likelihoods.
import type { MinimizeResult } from './optimize.ts';

export interface GradientMinimizeOptions {
  /** BFGS iterations (each one line search, usually a single evaluation near the end; default 1,000). */
  maxIterations?: number;
  /** Converged when every |∂f/∂xₖ| ≤ this (default 1e-9). */
  gradientTolerance?: number;
  /** Longest move of any coordinate in the first trial of a line search (default 1; a factor e in ln-parameters). */
  maxStep?: number;
}

export interface GradientMinimizeResult extends MinimizeResult {
  /** max |∂f/∂xₖ| at x. */
  gradientNorm: number;
}

// Wolfe constants (Nocedal & Wright, Numerical Optimization, 2nd ed., ch. 3): sufficient decrease and curvature.
const WOLFE_DECREASE = 1e-4;
const WOLFE_CURVATURE = 0.9;
const LINE_SEARCH_STEPS = 40;
/** Line searches in a row without a Wolfe point after which a run stops. */
const UNSETTLED_STEPS = 3;

/**
 * Minimises `f` from `x0` by BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed., algorithm 6.1) with a
 * line search that brackets and zooms to a step meeting the strong Wolfe conditions (algorithms 3.5 and 3.6,
 * cubic interpolation). `fg(x, gradient)` returns f(x) and writes ∇f(x) into `gradient`; both arrays are
 * reused (copy them to keep them). A NaN or infinite value or gradient counts as "too far", so an objective may
 * return Infinity outside its domain and the line search steps back.
 *
 * Near the minimum, differences of f fall to its rounding error while the gradient stays accurate, so the
 * sufficient-decrease test allows f to rise by 1e-12 (1 + |f|) (the "approximate Wolfe" idea of Hager & Zhang,
 * SIAM J. Optim. 16 (2005) 170–192); the curvature test keeps every accepted step a descent in the gradient and
 * sᵀy > 0, so the inverse-Hessian estimate stays positive definite. Converged once max |∂f/∂xₖ| ≤
 * `gradientTolerance`. A line search that finds no lower point, or three in a row that find no point meeting
 * the curvature condition (f keeps falling towards a wall or an asymptote, as when a parameter runs off), end
 * the run unconverged; the caller may then fall back on `minimize`. Never throws for a bad objective.
 */
export function minimizeWithGradient(
  fg: (x: Float64Array, gradient: Float64Array) => number,
  x0: readonly number[],
  { maxIterations = 1000, gradientTolerance = 1e-9, maxStep = 1 }: GradientMinimizeOptions = {},
): GradientMinimizeResult {
  const n = x0.length;
  if (n < 1 || !x0.every(Number.isFinite)) throw new RangeError(`x0 must be a non-empty array of finite numbers, got [${x0.join(', ')}]`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`maxIterations must be an integer ≥ 1, got ${maxIterations}`);
  if (!(gradientTolerance > 0)) throw new RangeError(`gradientTolerance must be > 0, got ${gradientTolerance}`);
  if (!(maxStep > 0 && Number.isFinite(maxStep))) throw new RangeError(`maxStep must be a finite number > 0, got ${maxStep}`);

  const x = Float64Array.from(x0);
  const gradient = new Float64Array(n);
  const direction = new Float64Array(n);
  // The point and gradient of the latest trial, and of the best step so far within a line search (`low`).
  const trial = new Float64Array(n);
  const trialGradient = new Float64Array(n);
  const low = new Float64Array(n);
  const lowGradient = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const hy = new Float64Array(n);
  // Inverse-Hessian estimate, row by row.
  const inverseHessian = new Float64Array(n * n);
  const resetInverseHessian = (scale: number) => {
    inverseHessian.fill(0);
    for (let k = 0; k < n; k++) inverseHessian[k * n + k] = scale;
  };

  let evaluations = 0;
  const evaluate = (point: Float64Array, into: Float64Array): number => {
    evaluations++;
    const value = fg(point, into);
    if (!Number.isFinite(value)) return Number.POSITIVE_INFINITY;
    for (let k = 0; k < n; k++) if (!Number.isFinite(into[k]!)) return Number.POSITIVE_INFINITY;
    return value;
  };
  const maxAbs = (v: Float64Array) => {
    let m = 0;
    for (let k = 0; k < n; k++) m = Math.max(m, Math.abs(v[k]!));
    return m;
  };

  let value = evaluate(x, gradient);
  if (value === Number.POSITIVE_INFINITY) {
    return { x: Array.from(x), value, iterations: 0, evaluations, converged: false, gradientNorm: Number.POSITIVE_INFINITY };
  }

  // φ(t) = f(x + t·direction), φ′(t) = ∇f · direction, at the trial point.
  let trialValue = 0;
  let trialSlope = 0;
  const phi = (t: number) => {
    for (let k = 0; k < n; k++) trial[k] = x[k]! + t * direction[k]!;
    trialValue = evaluate(trial, trialGradient);
    trialSlope = 0;
    if (trialValue !== Number.POSITIVE_INFINITY) for (let k = 0; k < n; k++) trialSlope += trialGradient[k]! * direction[k]!;
  };

  /**
   * A step length meeting the (approximate) strong Wolfe conditions along `direction`, with the new point in
   * `low` / `lowGradient` and returned value in `lowValue`; 0 when none was found.
   */
  let lowValue = 0;
  let metWolfe = false;
  const lineSearch = (slope0: number, firstStep: number): number => {
    const value0 = value;
    metWolfe = false;
    const slack = 1e-12 * (1 + Math.abs(value0));
    // Not a sufficient decrease, or above the best point so far (both within the rounding slack).
    const fails = (t: number, v: number) => v > value0 + WOLFE_DECREASE * t * slope0 + slack || v > lowValue + slack;
    const flat = (slope: number) => Math.abs(slope) <= -WOLFE_CURVATURE * slope0;
    // Bracket [lo, hi] (either order): lo decreases enough and is the best point seen; the minimiser lies between.
    let lo = 0;
    let loSlope = slope0;
    lowValue = value0;
    low.set(x);
    lowGradient.set(gradient);
    let hi = Number.NaN;
    let hiValue = Number.NaN;
    let hiSlope = Number.NaN;
    const setHigh = (t: number, v: number, slope: number) => {
      hi = t;
      hiValue = v;
      hiSlope = slope;
    };
    const takeLow = (t: number) => {
      lo = t;
      lowValue = trialValue;
      loSlope = trialSlope;
      low.set(trial);
      lowGradient.set(trialGradient);
    };
    // Bracketing phase (algorithm 3.5): double the step until it overshoots.
    let t = firstStep;
    let steps = 0;
    for (; steps < LINE_SEARCH_STEPS; steps++) {
      phi(t);
      if (fails(t, trialValue)) {
        setHigh(t, trialValue, trialSlope);
        break;
      }
      if (flat(trialSlope)) {
        takeLow(t);
        metWolfe = true;
        return t;
      }
      if (trialSlope >= 0) {
        setHigh(lo, lowValue, loSlope);
        takeLow(t);
        break;
      }
      takeLow(t);
      t *= 2;
    }
    if (Number.isNaN(hi)) return lo;
    // Zoom phase (algorithm 3.6): shrink the bracket around a step that meets both conditions.
    for (; steps < LINE_SEARCH_STEPS; steps++) {
      const width = hi - lo;
      t = lo + 0.5 * width;
      if (hiValue !== Number.POSITIVE_INFINITY) {
        // Minimiser of the cubic through φ and φ′ at both ends (N&W eq. 3.59), kept off the ends of the bracket.
        const d1 = loSlope + hiSlope - (3 * (lowValue - hiValue)) / (lo - hi);
        const root = d1 * d1 - loSlope * hiSlope;
        if (root >= 0) {
          const d2 = Math.sign(hi - lo) * Math.sqrt(root);
          const cubic = hi - (hi - lo) * ((hiSlope + d2 - d1) / (hiSlope - loSlope + 2 * d2));
          const margin = 0.1 * Math.abs(width);
          if (Number.isFinite(cubic) && cubic > Math.min(lo, hi) + margin && cubic < Math.max(lo, hi) - margin) t = cubic;
        }
      }
      phi(t);
      if (fails(t, trialValue)) {
        setHigh(t, trialValue, trialSlope);
      } else {
        if (flat(trialSlope)) {
          takeLow(t);
          metWolfe = true;
          return t;
        }
        if (trialSlope * (hi - lo) >= 0) setHigh(lo, lowValue, loSlope);
        takeLow(t);
      }
      if (Math.abs(hi - lo) * maxAbs(direction) <= 1e-15 * (1 + maxAbs(x))) break;
    }
    // No step met the curvature condition: the best one that decreased f will do, if any.
    return lo;
  };

  resetInverseHessian(1);
  let isScaled = false;
  let iterations = 0;
  let converged = false;
  let gradientNorm = maxAbs(gradient);
  let unsettled = 0;
  while (iterations < maxIterations) {
    if (gradientNorm <= gradientTolerance) {
      converged = true;
      break;
    }
    let slope0 = 0;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum -= inverseHessian[i * n + k]! * gradient[k]!;
      direction[i] = sum;
      slope0 += sum * gradient[i]!;
    }
    if (!(slope0 < 0)) {
      // Rounding has cost the estimate its positive definiteness: start again from steepest descent.
      resetInverseHessian(1);
      isScaled = false;
      for (let k = 0; k < n; k++) direction[k] = -gradient[k]!;
      slope0 = 0;
      for (let k = 0; k < n; k++) slope0 -= gradient[k]! * gradient[k]!;
    }
    const step = lineSearch(slope0, Math.min(1, maxStep / maxAbs(direction)));
    if (step === 0) {
      if (!isScaled) break;
      // Retry once from steepest descent before giving up.
      resetInverseHessian(1);
      isScaled = false;
      continue;
    }
    iterations++;
    unsettled = metWolfe ? 0 : unsettled + 1;
    let sy = 0;
    let yy = 0;
    for (let k = 0; k < n; k++) {
      s[k] = low[k]! - x[k]!;
      y[k] = lowGradient[k]! - gradient[k]!;
      sy += s[k]! * y[k]!;
      yy += y[k]! * y[k]!;
    }
    x.set(low);
    gradient.set(lowGradient);
    value = lowValue;
    gradientNorm = maxAbs(gradient);
    if (unsettled >= UNSETTLED_STEPS && gradientNorm > gradientTolerance) break;
    if (!(sy > 0 && yy > 0)) continue; // no curvature information in this step: keep the estimate
    if (!isScaled) {
      // Nocedal & Wright eq. 6.20: scale the first estimate to the curvature just seen.
      resetInverseHessian(sy / yy);
      isScaled = true;
    }
    // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ = H − ρ (s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ, ρ = 1/sᵀy.
    const rho = 1 / sy;
    let yhy = 0;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += inverseHessian[i * n + k]! * y[k]!;
      hy[i] = sum;
      yhy += y[i]! * sum;
    }
    const ss = rho * rho * yhy + rho;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        inverseHessian[i * n + k]! += ss * s[i]! * s[k]! - rho * (s[i]! * hy[k]! + hy[i]! * s[k]!);
      }
    }
  }
  return { x: Array.from(x), value, iterations, evaluations, converged, gradientNorm };
}
