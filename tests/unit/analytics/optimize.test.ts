// The minimiser on functions whose minimum is known by hand.
import { describe, expect, it } from 'vitest';
import { isModelError, maximizeLikelihood, minimize, modelError, RUN_OFF } from '../../../src/analytics/optimize';

describe('minimize', () => {
  it('finds the minimum (1, 1) of Rosenbrock’s valley from the classic start (−1.2, 1)', () => {
    const result = minimize((v) => 100 * (v[1]! - v[0]! ** 2) ** 2 + (1 - v[0]!) ** 2, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
  });

  it('finds the centre of a badly scaled 4-d quadratic', () => {
    const centre = [3, -2, 0.5, 10];
    const scales = [1, 100, 0.01, 5];
    const result = minimize((v) => centre.reduce((sum, c, k) => sum + scales[k]! * (v[k]! - c) ** 2, 7), [0, 0, 0, 0]);
    expect(result.converged).toBe(true);
    result.x.forEach((value, k) => expect(Math.abs(value - centre[k]!)).toBeLessThan(1e-6));
    expect(result.value).toBeCloseTo(7, 10);
  });

  it('treats NaN and Infinity as worse than any value, so a domain wall is respected', () => {
    // Minimum of (x − 2)² on x ≥ 1, with NaN (log of a negative) outside; start inside.
    const result = minimize((v) => (v[0]! < 1 ? Math.log(-1) : (v[0]! - 2) ** 2), [5]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(2, 6);
  });

  it('reports converged = false when the step budget runs out', () => {
    const result = minimize((v) => 100 * (v[1]! - v[0]! ** 2) ** 2 + (1 - v[0]!) ** 2, [-1.2, 1], { maxIterations: 10 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(10);
    expect(Number.isFinite(result.value)).toBe(true);
  });

  it('says what it expected when given bad options', () => {
    expect(() => minimize(() => 0, [])).toThrow('x0 must be a non-empty array of finite numbers, got []');
    expect(() => minimize(() => 0, [1], { maxIterations: 0.5 })).toThrow('maxIterations must be an integer ≥ 1, got 0.5');
  });
});

describe('modelError', () => {
  it('is an Error carrying a stable code that isModelError recognises', () => {
    const error = modelError('MODEL_NOT_CONVERGED', 'did not converge');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('MODEL_NOT_CONVERGED');
    expect(isModelError(error)).toBe(true);
    expect(isModelError({ code: 'MODEL_NO_DATA', message: 'x' })).toBe(true);
    expect(isModelError(new Error('plain'))).toBe(false);
  });
});

describe('maximizeLikelihood', () => {
  // ln L of 10 draws from a normal distribution with mean μ = θ₀ and σ = e^θ₁: maximum at the sample mean and
  // the (biased) sample standard deviation.
  const draws = [4.1, 5.3, 3.9, 6.2, 5.0, 4.4, 5.8, 4.9, 5.5, 4.7];
  const mean = draws.reduce((sum, d) => sum + d, 0) / draws.length;
  const sd = Math.sqrt(draws.reduce((sum, d) => sum + (d - mean) ** 2, 0) / draws.length);
  const normal = {
    value: (theta: ArrayLike<number>) =>
      draws.reduce((sum, d) => sum - theta[1]! - 0.5 * Math.log(2 * Math.PI) - 0.5 * ((d - theta[0]!) / Math.exp(theta[1]!)) ** 2, 0),
    valueAndGradient(theta: ArrayLike<number>, gradient: Float64Array) {
      const variance = Math.exp(2 * theta[1]!);
      gradient[0] = draws.reduce((sum, d) => sum + (d - theta[0]!) / variance, 0);
      gradient[1] = draws.reduce((sum, d) => sum - 1 + (d - theta[0]!) ** 2 / variance, 0);
      return this.value(theta);
    },
  };
  const options = { customers: draws.length, maxIterations: 5000, tolerance: 1e-12, penalizer: 0, fallbackPenalizer: 0.001 };

  it('finds the maximum by quasi-Newton steps', () => {
    const result = maximizeLikelihood(normal, [0, 0], options);
    expect(result).toMatchObject({ ok: true, penalizer: 0, method: 'quasi_newton' });
    expect(result.theta[0]).toBeCloseTo(mean, 9);
    expect(Math.exp(result.theta[1]!)).toBeCloseTo(sd, 9);
  });

  it('falls back on Nelder–Mead when the gradient is wrong, and still finds the maximum', () => {
    const wrongGradient = {
      value: normal.value,
      valueAndGradient: (theta: ArrayLike<number>, gradient: Float64Array) => {
        gradient[0] = 1;
        gradient[1] = -1;
        return normal.value(theta);
      },
    };
    const result = maximizeLikelihood(wrongGradient, [0, 0], options);
    expect(result).toMatchObject({ ok: true, penalizer: 0, method: 'nelder_mead' });
    expect(result.theta[0]).toBeCloseTo(mean, 6);
  });

  it('adds the fallback penalty when the plain maximum runs off, and reports failure without one', () => {
    // ln L = θ₀ rises without bound: a plain fit runs into the wall beyond RUN_OFF. With a penalty w, the
    // maximum of θ − w θ² is at 1/(2w).
    const rising = {
      value: (theta: ArrayLike<number>) => theta[0]!,
      valueAndGradient: (theta: ArrayLike<number>, gradient: Float64Array) => {
        gradient[0] = 1;
        return theta[0]!;
      },
    };
    const plain = maximizeLikelihood(rising, [0], { ...options, customers: 1, fallbackPenalizer: 0 });
    expect(plain.ok).toBe(false);
    expect(plain.theta[0]).toBeGreaterThan(RUN_OFF);
    // w = 0.05: at 10, inside RUN_OFF.
    const penalised = maximizeLikelihood(rising, [0], { ...options, customers: 1, fallbackPenalizer: 0.05 });
    expect(penalised).toMatchObject({ ok: true, penalizer: 0.05, method: 'quasi_newton' });
    expect(penalised.theta[0]).toBeCloseTo(10, 8);
  });

  it('does not send Nelder–Mead up a slope BFGS already followed to the wall', () => {
    // The same rising ln L: BFGS reaches the wall in a few steps; a simplex from the start would take
    // thousands of evaluations to reach the same wall. Only gradient evaluations are expected.
    let plainValues = 0;
    const rising = {
      value: (theta: ArrayLike<number>) => (plainValues++, theta[0]!),
      valueAndGradient: (theta: ArrayLike<number>, gradient: Float64Array) => {
        gradient[0] = 1;
        return theta[0]!;
      },
    };
    const plain = maximizeLikelihood(rising, [0], { ...options, customers: 1, fallbackPenalizer: 0 });
    expect(plain).toMatchObject({ ok: false, method: 'quasi_newton' });
    expect(plain.theta[0]).toBeGreaterThan(RUN_OFF);
    expect(plainValues).toBe(0);
  });
});
