// ψ against its closed forms at rational points (Gauss's digamma theorem), harmonic numbers, the recurrence and
// reflection formulas, its asymptotic expansion, and the slope of ln Γ.
import { describe, expect, it } from 'vitest';
import { digamma } from '../../../src/analytics/digamma';
import { lnGamma } from '../../../src/analytics/special';

const EULER_GAMMA = 0.57721566490153286061;

const closeTo = (actual: number, expected: number, tolerance: number) => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
};

describe('digamma', () => {
  it('gives ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, and Gauss’s values at ⅓, ⅔ and ¼', () => {
    closeTo(digamma(1), -EULER_GAMMA, 1e-15);
    closeTo(digamma(0.5), -EULER_GAMMA - 2 * Math.LN2, 1e-15);
    closeTo(digamma(1 / 3), -EULER_GAMMA - Math.PI / (2 * Math.sqrt(3)) - 1.5 * Math.log(3), 2e-15);
    closeTo(digamma(2 / 3), -EULER_GAMMA + Math.PI / (2 * Math.sqrt(3)) - 1.5 * Math.log(3), 2e-15);
    closeTo(digamma(0.25), -EULER_GAMMA - Math.PI / 2 - 3 * Math.LN2, 2e-15);
  });

  it('gives ψ(n) = 1 + ½ + … + 1/(n − 1) − γ for whole n up to 60', () => {
    let harmonic = 0;
    for (let n = 1; n <= 60; n++) {
      closeTo(digamma(n), harmonic - EULER_GAMMA, 2e-15 * Math.max(1, harmonic));
      harmonic += 1 / n;
    }
  });

  it('satisfies ψ(x + 1) = ψ(x) + 1/x on both sides of the switch to the asymptotic series', () => {
    for (let x = 0.013; x < 200; x *= 1.29) closeTo(digamma(x + 1) - digamma(x), 1 / x, 4e-15 * Math.max(1, 1 / x));
    for (const x of [9.5, 9.999, 10, 10.001]) closeTo(digamma(x + 1) - digamma(x), 1 / x, 1e-15);
  });

  it('follows ln x − 1/(2x) − 1/(12x²) + 1/(120x⁴) for large x, and +Infinity at +Infinity', () => {
    for (const x of [1e3, 1e6, 1e10, 1e200]) {
      const expected = Math.log(x) - 1 / (2 * x) - 1 / (12 * x * x) + 1 / (120 * x ** 4);
      closeTo(digamma(x), expected, 1e-15 * Math.abs(expected));
    }
    expect(digamma(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('behaves like −1/x − γ + (π²/6)·x near 0', () => {
    for (const x of [1e-6, 1e-9, 1e-12]) {
      const expected = -1 / x - EULER_GAMMA + (Math.PI ** 2 / 6) * x;
      closeTo(digamma(x), expected, 1e-15 * Math.abs(expected) + 1e-12);
    }
  });

  it('is the slope of ln Γ (central differences of lnGamma, Richardson-extrapolated)', () => {
    for (const x of [0.05, 0.3, 1.4616, 2.5, 7, 33.3, 250]) {
      const h = 1e-3 * Math.max(x, 0.01);
      const slope = (step: number) => (lnGamma(x + step) - lnGamma(x - step)) / (2 * step);
      const numeric = (4 * slope(h / 2) - slope(h)) / 3;
      closeTo(digamma(x), numeric, 1e-8 * Math.max(1, Math.abs(numeric)));
    }
  });

  it('uses the reflection formula below 0 (ψ(−½) = ψ(½) + 2) and gives NaN at the poles and for NaN', () => {
    closeTo(digamma(-0.5), -EULER_GAMMA - 2 * Math.LN2 + 2, 1e-14);
    closeTo(digamma(-2.5), digamma(-1.5) - 1 / -2.5, 1e-13);
    for (const pole of [0, -1, -7, Number.NEGATIVE_INFINITY, Number.NaN]) expect(digamma(pole)).toBeNaN();
  });
});
