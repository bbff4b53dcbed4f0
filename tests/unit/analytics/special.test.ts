// Special functions against known constants (Γ(1/3), Γ(1/4), Γ(1/10) to 20 digits), exact factorials, the
// duplication and reflection formulas, and closed forms of 2F1.
import { describe, expect, it } from 'vitest';
import { hyp2f1, hyp2f1Tail, lnBeta, lnGamma, logAddExp } from '../../../src/analytics/special';

const closeTo = (actual: number, expected: number, tolerance: number) => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
};

describe('lnGamma', () => {
  it('matches published values of Γ at 1/2, 1/3, 1/4 and 0.1', () => {
    closeTo(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    closeTo(lnGamma(1 / 3), Math.log(2.6789385347077476337), 1e-14);
    closeTo(lnGamma(0.25), Math.log(3.6256099082219083119), 1e-14);
    closeTo(lnGamma(0.1), Math.log(9.5135076986687318363), 1e-14);
  });

  it('is exactly 0 within 1e-14 at 1 and 2, and ln (n − 1)! at whole numbers up to 30', () => {
    closeTo(lnGamma(1), 0, 1e-14);
    closeTo(lnGamma(2), 0, 1e-14);
    let lnFactorial = 0;
    for (let n = 1; n <= 30; n++) {
      closeTo(lnGamma(n), lnFactorial, 1e-13 * Math.max(1, lnFactorial));
      lnFactorial += Math.log(n);
    }
  });

  it('agrees with a sum of logarithms for ln 999! (relative 1e-13)', () => {
    let sum = 0;
    for (let k = 2; k <= 999; k++) sum += Math.log(k);
    closeTo(lnGamma(1000), sum, 1e-13 * sum);
  });

  it('satisfies the duplication formula Γ(2x) = 2^(2x−1) Γ(x) Γ(x + ½) / √π from 0.01 to 60', () => {
    for (let x = 0.01; x < 60; x *= 1.37) {
      const expected = lnGamma(x) + lnGamma(x + 0.5) + (2 * x - 1) * Math.LN2 - 0.5 * Math.log(Math.PI);
      closeTo(lnGamma(2 * x), expected, 2e-13 * Math.max(1, Math.abs(expected)));
    }
  });

  it('follows −ln x − γx near 0, the reflection formula below 0, and +Infinity at the poles', () => {
    const eulerGamma = 0.5772156649015329;
    closeTo(lnGamma(1e-10), -Math.log(1e-10) - eulerGamma * 1e-10, 1e-13);
    closeTo(lnGamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)), 1e-14); // Γ(−½) = −2√π
    expect(lnGamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(lnGamma(-3)).toBe(Number.POSITIVE_INFINITY);
    expect(lnGamma(Number.NaN)).toBeNaN();
  });
});

describe('lnBeta', () => {
  it('gives ln 1/12 for B(2, 3) and ln π for B(½, ½)', () => {
    closeTo(lnBeta(2, 3), Math.log(1 / 12), 1e-14);
    closeTo(lnBeta(0.5, 0.5), Math.log(Math.PI), 1e-14);
  });
});

describe('logAddExp', () => {
  it('adds in log space without overflow or underflow', () => {
    closeTo(logAddExp(1000, 1000), 1000 + Math.LN2, 1e-12);
    closeTo(logAddExp(-1000, -1001), -1000 + Math.log1p(Math.exp(-1)), 1e-12);
    closeTo(logAddExp(Math.log(2), Math.log(3)), Math.log(5), 1e-15);
    expect(logAddExp(0, Number.NEGATIVE_INFINITY)).toBe(0);
    expect(logAddExp(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('hyp2f1', () => {
  it('matches closed forms: −ln(1 − z)/z, (1 − z)^−a, arcsin, artanh', () => {
    for (const z of [0, 0.1, 0.5, 0.9, 0.99]) {
      closeTo(hyp2f1(1, 1, 2, z), z === 0 ? 1 : -Math.log1p(-z) / z, 1e-13);
      closeTo(hyp2f1(0.7, 2.5, 2.5, z), (1 - z) ** -0.7, 1e-12 * (1 - z) ** -0.7);
      const w = Math.sqrt(z);
      closeTo(hyp2f1(0.5, 0.5, 1.5, z), z === 0 ? 1 : Math.asin(w) / w, 1e-13);
      closeTo(hyp2f1(0.5, 1, 1.5, z), z === 0 ? 1 : Math.atanh(w) / w, 1e-12);
    }
  });

  it('stops at a terminating series (negative integer a): 2F1(−2, b; c; z) is a quadratic', () => {
    const [b, c, z] = [3, 4, 0.6];
    closeTo(hyp2f1(-2, b, c, z), 1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 1e-15);
  });

  it('throws instead of returning a truncated sum when the series is too long, and outside [0, 1)', () => {
    expect(() => hyp2f1(1, 1, 1, 0.999, { maxTerms: 100 })).toThrow(/did not converge in 100 terms/);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/z must be in \[0, 1\), got 1/);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(/c must be finite and not a non-positive integer, got -2/);
  });
});

describe('hyp2f1Tail', () => {
  it('equals (2F1 − 1)/b where that difference is accurate', () => {
    for (const [a, b, c, z] of [
      [0.4, 0.3, 2.2, 0.5],
      [-0.45, -0.2, 3.1, 0.9],
      [1.7, 2.5, 400, 0.95],
    ] as const) {
      closeTo(hyp2f1Tail(a, b, c, z), (hyp2f1(a, b, c, z) - 1) / b, 1e-12);
    }
  });

  it('keeps its limit at b = 0: Σ zᵏ/(k(k + 1)) = 1 + ln(1 − z)(1/z − 1) for a = 1, c = 2', () => {
    for (const z of [0.2, 0.5, 0.9]) closeTo(hyp2f1Tail(1, 0, 2, z), 1 + Math.log1p(-z) * (1 / z - 1), 1e-14);
    closeTo(hyp2f1Tail(1, 1e-12, 2, 0.5), 1 + Math.log(0.5), 1e-11);
  });
});
