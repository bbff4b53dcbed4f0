// BFGS on functions whose minimum is known by hand: Rosenbrock's valley, a badly scaled quadratic, and walls.
import { describe, expect, it } from 'vitest';
import { minimizeWithGradient } from '../../../src/analytics/bfgs';
import { minimize } from '../../../src/analytics/optimize';

describe('minimizeWithGradient (BFGS)', () => {
  const rosenbrock = (v: Float64Array, gradient: Float64Array) => {
    const [x, y] = [v[0]!, v[1]!];
    gradient[0] = -400 * x * (y - x * x) - 2 * (1 - x);
    gradient[1] = 200 * (y - x * x);
    return 100 * (y - x * x) ** 2 + (1 - x) ** 2;
  };

  it('finds the minimum (1, 1) of Rosenbrock’s valley from (−1.2, 1) in far fewer evaluations than Nelder–Mead', () => {
    const result = minimizeWithGradient(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(Math.abs(result.x[0]! - 1)).toBeLessThan(1e-8);
    expect(Math.abs(result.x[1]! - 1)).toBeLessThan(1e-8);
    expect(result.value).toBeLessThan(1e-16);
    expect(result.gradientNorm).toBeLessThanOrEqual(1e-9);
    const simplex = minimize((v) => rosenbrock(v, new Float64Array(2)), [-1.2, 1]);
    expect(result.evaluations).toBeLessThan(simplex.evaluations / 5);
  });

  it('finds the centre of a badly scaled 4-d quadratic', () => {
    const centre = [3, -2, 0.5, 10];
    const scales = [1, 100, 0.01, 5];
    const result = minimizeWithGradient((v, gradient) => {
      let value = 7;
      for (let k = 0; k < 4; k++) {
        value += scales[k]! * (v[k]! - centre[k]!) ** 2;
        gradient[k] = 2 * scales[k]! * (v[k]! - centre[k]!);
      }
      return value;
    }, [0, 0, 0, 0]);
    expect(result.converged).toBe(true);
    result.x.forEach((value, k) => expect(Math.abs(value - centre[k]!)).toBeLessThan(1e-7));
    expect(result.value).toBeCloseTo(7, 12);
  });

  it('steps back from Infinity, and stops unconverged at a wall the minimum lies beyond, without throwing', () => {
    // (x − 2)² with Infinity below 1: the minimum 2 is inside.
    const inside = minimizeWithGradient((v, gradient) => {
      gradient[0] = 2 * (v[0]! - 2);
      return v[0]! < 1 ? Number.POSITIVE_INFINITY : (v[0]! - 2) ** 2;
    }, [40]);
    expect(inside.converged).toBe(true);
    expect(inside.x[0]).toBeCloseTo(2, 9);
    // (x + 1)² with Infinity below 0: it keeps falling towards the wall at 0.
    const wall = minimizeWithGradient((v, gradient) => {
      gradient[0] = 2 * (v[0]! + 1);
      return v[0]! < 0 ? Number.POSITIVE_INFINITY : (v[0]! + 1) ** 2;
    }, [3]);
    expect(wall.converged).toBe(false);
    expect(wall.x[0]).toBeGreaterThanOrEqual(0);
    expect(wall.x[0]).toBeLessThan(1e-6);
    expect(wall.evaluations).toBeLessThan(500);
  });

  it('reports converged = false when the step budget runs out', () => {
    const result = minimizeWithGradient(rosenbrock, [-1.2, 1], { maxIterations: 5 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(5);
    expect(Number.isFinite(result.value)).toBe(true);
  });

  it('says what it expected when given bad options', () => {
    expect(() => minimizeWithGradient(rosenbrock, [])).toThrow('x0 must be a non-empty array of finite numbers, got []');
    expect(() => minimizeWithGradient(rosenbrock, [0, 0], { gradientTolerance: 0 })).toThrow('gradientTolerance must be > 0, got 0');
  });
});
