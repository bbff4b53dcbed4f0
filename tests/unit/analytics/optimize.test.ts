// The minimiser on functions whose minimum is known by hand.
import { describe, expect, it } from 'vitest';
import { isModelError, minimize, modelError } from '../../../src/analytics/optimize';

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
