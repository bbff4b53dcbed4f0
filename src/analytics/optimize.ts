// optimize.ts: the minimisers behind Ciclo's model fits (BG/NBD, Gamma-Gamma) on unconstrained
// (log-)parameters. `maximizeLikelihood` runs BFGS with the models' analytic gradients first (bfgs.ts: a few
// dozen evaluations), and Nelder–Mead (here), restarted from its best point until a restart no longer improves,
// as the safety net when BFGS fails; then a penalised refit when the plain maximum runs off. Buffers are
// allocated once per run, so the objective's cost dominates.
import { minimizeWithGradient } from './bfgs.ts';

export interface MinimizeOptions {
  /** Objective evaluations are capped at this many simplex steps over all restarts (default 5,000). */
  maxIterations?: number;
  /** Converged when the simplex's values differ by ≤ this, relative to 1 + |best| (default 1e-12). */
  tolerance?: number;
  /** Converged also needs every vertex within this distance of the best one, per coordinate (default 1e-7). */
  stepTolerance?: number;
  /** Edge of the starting simplex along each coordinate (default 0.5; in log-parameters, a factor e^0.5). */
  initialStep?: number;
  /** Fresh simplices started from the best point after the first run (default 6). */
  maxRestarts?: number;
}

export interface MinimizeResult {
  /** The best point found. */
  x: number[];
  /** f(x). */
  value: number;
  /** Simplex steps taken over all runs. */
  iterations: number;
  /** Evaluations of f. */
  evaluations: number;
  /** True when the last run met both tolerances and did not improve on the run before it. */
  converged: boolean;
}

// Standard Nelder–Mead coefficients (reflection, expansion, contraction, shrink).
const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

/**
 * Minimises `f` from `x0` by Nelder–Mead with restarts. `f` receives a reused Float64Array (copy it to keep
 * it); a NaN or infinite value counts as +Infinity, so an objective may return Infinity outside its domain.
 * Never throws for a bad objective: the caller reads `converged` and decides.
 */
export function minimize(
  f: (x: Float64Array) => number,
  x0: readonly number[],
  { maxIterations = 5000, tolerance = 1e-12, stepTolerance = 1e-7, initialStep = 0.5, maxRestarts = 6 }: MinimizeOptions = {},
): MinimizeResult {
  const n = x0.length;
  if (n < 1 || !x0.every(Number.isFinite)) throw new RangeError(`x0 must be a non-empty array of finite numbers, got [${x0.join(', ')}]`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`maxIterations must be an integer ≥ 1, got ${maxIterations}`);
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be > 0, got ${tolerance}`);
  if (!(stepTolerance > 0)) throw new RangeError(`stepTolerance must be > 0, got ${stepTolerance}`);
  if (!(initialStep > 0 && Number.isFinite(initialStep))) throw new RangeError(`initialStep must be a finite number > 0, got ${initialStep}`);
  if (!(Number.isInteger(maxRestarts) && maxRestarts >= 0)) throw new RangeError(`maxRestarts must be an integer ≥ 0, got ${maxRestarts}`);

  let evaluations = 0;
  const evaluate = (point: Float64Array): number => {
    evaluations++;
    const value = f(point);
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  };

  // Vertices stored row by row in one buffer; `order` keeps their indices sorted by value.
  const simplex = new Float64Array((n + 1) * n);
  const values = new Float64Array(n + 1);
  const order = new Int32Array(n + 1);
  const centroid = new Float64Array(n);
  const reflected = new Float64Array(n);
  const trial = new Float64Array(n);
  const best = Float64Array.from(x0);
  let bestValue = evaluate(best);

  const vertices = Array.from({ length: n + 1 }, (_, i) => simplex.subarray(i * n, i * n + n));
  const vertex = (i: number) => vertices[i]!;
  const sortOrder = () => {
    // Insertion sort: n + 1 is tiny and mostly sorted already.
    for (let i = 1; i <= n; i++) {
      const index = order[i]!;
      let j = i - 1;
      while (j >= 0 && values[order[j]!]! > values[index]!) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = index;
    }
  };
  const pointOnLine = (out: Float64Array, worst: Float64Array, coefficient: number) => {
    for (let k = 0; k < n; k++) out[k] = centroid[k]! + coefficient * (centroid[k]! - worst[k]!);
  };

  let iterations = 0;
  let converged = false;
  for (let run = 0; run <= maxRestarts && iterations < maxIterations; run++) {
    const startValue = bestValue;
    for (let i = 0; i <= n; i++) {
      const v = vertex(i);
      v.set(best);
      if (i > 0) v[i - 1]! += initialStep;
      values[i] = i === 0 ? bestValue : evaluate(v);
      order[i] = i;
    }
    let runConverged = false;
    while (iterations < maxIterations) {
      sortOrder();
      const low = values[order[0]!]!;
      const high = values[order[n]!]!;
      if (Math.abs(high - low) <= tolerance * (1 + Math.abs(low)) && simplexSize(simplex, order, n) <= stepTolerance) {
        runConverged = true;
        break;
      }
      iterations++;
      centroid.fill(0);
      for (let i = 0; i < n; i++) {
        const v = vertex(order[i]!);
        for (let k = 0; k < n; k++) centroid[k]! += v[k]! / n;
      }
      const worstIndex = order[n]!;
      const worst = vertex(worstIndex);
      const secondWorst = values[order[n - 1]!]!;
      pointOnLine(reflected, worst, REFLECT);
      const reflectedValue = evaluate(reflected);
      if (reflectedValue < low) {
        pointOnLine(trial, worst, EXPAND);
        const expandedValue = evaluate(trial);
        if (expandedValue < reflectedValue) accept(worst, trial, worstIndex, expandedValue);
        else accept(worst, reflected, worstIndex, reflectedValue);
      } else if (reflectedValue < secondWorst) {
        accept(worst, reflected, worstIndex, reflectedValue);
      } else {
        const outside = reflectedValue < high;
        pointOnLine(trial, worst, outside ? CONTRACT * REFLECT : -CONTRACT);
        const contractedValue = evaluate(trial);
        if (contractedValue < (outside ? reflectedValue : high)) {
          accept(worst, trial, worstIndex, contractedValue);
        } else {
          const bestVertex = vertex(order[0]!);
          for (let i = 1; i <= n; i++) {
            const v = vertex(order[i]!);
            for (let k = 0; k < n; k++) v[k] = bestVertex[k]! + SHRINK * (v[k]! - bestVertex[k]!);
            values[order[i]!] = evaluate(v);
          }
        }
      }
    }
    sortOrder();
    if (values[order[0]!]! <= bestValue) {
      best.set(vertex(order[0]!));
      bestValue = values[order[0]!]!;
    }
    // A restart that finds nothing better confirms the optimum.
    if (runConverged && run > 0 && Math.abs(startValue - bestValue) <= tolerance * (1 + Math.abs(bestValue))) {
      converged = true;
      break;
    }
  }

  function accept(worst: Float64Array, point: Float64Array, index: number, value: number) {
    worst.set(point);
    values[index] = value;
  }

  return { x: Array.from(best), value: bestValue, iterations, evaluations, converged: converged && Number.isFinite(bestValue) };
}

/** Largest coordinate distance from the best vertex to any other. */
function simplexSize(simplex: Float64Array, order: Int32Array, n: number): number {
  const base = order[0]! * n;
  let size = 0;
  for (let i = 1; i <= n; i++) {
    const offset = order[i]! * n;
    for (let k = 0; k < n; k++) size = Math.max(size, Math.abs(simplex[offset + k]! - simplex[base + k]!));
  }
  return size;
}

/**
 * A fitted ln-parameter further than this from its starting value has run off towards 0 or infinity (a factor
 * e^12 ≈ 1.6e5): the data do not pin it down, and the fit is treated as failed.
 */
export const RUN_OFF = 12;
/** Model objectives return +Infinity beyond this distance, so a run-off stops at once instead of crawling on. */
export const RUN_OFF_WALL = 13;

/** Stable codes of a failed model fit, translated by the UI. */
export type ModelErrorCode = 'MODEL_NOT_CONVERGED' | 'MODEL_NO_DATA';

export interface ModelError {
  code: ModelErrorCode;
  message: string;
}

/** The error a model fit throws: a real `Error` (the stack survives) carrying a stable `code`. */
export function modelError(code: ModelErrorCode, message: string): Error & ModelError {
  const error = new Error(message) as Error & ModelError;
  error.name = 'ModelError';
  error.code = code;
  return error;
}

/** True for anything carrying one of the model error codes (also plain `{ code, message }` records). */
export function isModelError(value: unknown): value is ModelError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return (code === 'MODEL_NOT_CONVERGED' || code === 'MODEL_NO_DATA') && typeof message === 'string';
}

/** A model's log-likelihood over its unconstrained parameters θ, as bgnbd-gradient.ts and gamma-gamma.ts give it. */
export interface LogLikelihood {
  value(theta: ArrayLike<number>): number;
  /** ln L(θ), with ∂ln L/∂θ written into `gradient`. */
  valueAndGradient(theta: ArrayLike<number>, gradient: Float64Array): number;
}

export interface MaximizeLikelihoodOptions {
  /** Total weight of the customers: the objective is the mean negative log-likelihood per customer. */
  customers: number;
  /** Steps per minimiser run. */
  maxIterations: number;
  /** Nelder–Mead's relative tolerance on the objective (the quasi-Newton run stops on the gradient). */
  tolerance: number;
  /** Penalty weight of the first attempt (0: plain maximum likelihood). */
  penalizer: number;
  /** Penalty weight of the second attempt, made when a plain first attempt fails (0: none). */
  fallbackPenalizer: number;
}

export interface LikelihoodMaximum {
  /** The parameters reached (the best point of the last attempt, even when it failed). */
  theta: number[];
  /** Steps of the minimiser run that produced `theta`. */
  iterations: number;
  /** Converged, finite, and no parameter ran off (beyond RUN_OFF from the start). */
  ok: boolean;
  /** The penalty weight of the attempt that produced `theta`. */
  penalizer: number;
  /** Which minimiser produced `theta`. */
  method: 'quasi_newton' | 'nelder_mead';
}

/** Largest |∂/∂θₖ| of the mean negative log-likelihood at which a model fit counts as converged. */
const MODEL_GRADIENT_TOLERANCE = 1e-9;

/**
 * Maximises a model's likelihood from `start`: minimises −ln L(θ)/customers + penalizer · Σ (θ − start)²
 * with a wall (+Infinity) beyond RUN_OFF_WALL from the start, first by BFGS with the analytic gradient, then,
 * if that fails without running off, by Nelder–Mead from the start again. When a plain attempt (penalizer 0) fails, or runs off to
 * a boundary, both are tried once more with `fallbackPenalizer`. The caller reads `ok` and `penalizer`.
 */
export function maximizeLikelihood(
  likelihood: LogLikelihood,
  start: readonly number[],
  { customers, maxIterations, tolerance, penalizer, fallbackPenalizer }: MaximizeLikelihoodOptions,
): LikelihoodMaximum {
  const n = start.length;
  const isOutside = (theta: ArrayLike<number>) => {
    for (let k = 0; k < n; k++) if (Math.abs(theta[k]! - start[k]!) > RUN_OFF_WALL) return true;
    return false;
  };
  const penaltyOf = (theta: ArrayLike<number>) => {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += (theta[k]! - start[k]!) ** 2;
    return sum;
  };
  const isOk = (result: MinimizeResult) =>
    result.converged && Number.isFinite(result.value) && result.x.every((value, k) => Math.abs(value - start[k]!) <= RUN_OFF);

  const attempt = (weight: number): LikelihoodMaximum => {
    const quasiNewton = minimizeWithGradient(
      (theta, gradient) => {
        if (isOutside(theta)) return Number.POSITIVE_INFINITY;
        const value = -likelihood.valueAndGradient(theta, gradient) / customers + weight * penaltyOf(theta);
        for (let k = 0; k < n; k++) gradient[k] = -gradient[k]! / customers + 2 * weight * (theta[k]! - start[k]!);
        return value;
      },
      start,
      { maxIterations, gradientTolerance: MODEL_GRADIENT_TOLERANCE },
    );
    if (isOk(quasiNewton)) {
      return { theta: quasiNewton.x, iterations: quasiNewton.iterations, ok: true, penalizer: weight, method: 'quasi_newton' };
    }
    // BFGS followed the likelihood up to a boundary (e.g. b → ∞ in a book where nobody seems to drop out): the
    // maximum is not inside, and Nelder–Mead from the same start climbs the same slope to the same wall, only
    // thousands of evaluations later. The caller's penalised attempt is what can help then.
    if (Number.isFinite(quasiNewton.value) && !quasiNewton.x.every((value, k) => Math.abs(value - start[k]!) <= RUN_OFF)) {
      return { theta: quasiNewton.x, iterations: quasiNewton.iterations, ok: false, penalizer: weight, method: 'quasi_newton' };
    }
    const simplex = minimize(
      (theta) => (isOutside(theta) ? Number.POSITIVE_INFINITY : -likelihood.value(theta) / customers + weight * penaltyOf(theta)),
      start,
      { maxIterations, tolerance },
    );
    return { theta: simplex.x, iterations: simplex.iterations, ok: isOk(simplex), penalizer: weight, method: 'nelder_mead' };
  };

  const first = attempt(penalizer);
  return !first.ok && penalizer === 0 && fallbackPenalizer > 0 ? attempt(fallbackPenalizer) : first;
}
