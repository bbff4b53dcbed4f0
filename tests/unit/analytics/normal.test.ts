import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, twoSidedCriticalZ, twoSidedPValue } from '../../../src/analytics/normal';

// Independent oracle: the normal density integrated by composite Simpson's rule. tail(a) = ∫ₐ^(a+12) φ(t) dt,
// which misses less than Φ(−12) ≈ 2e-33 of the mass beyond, relatively negligible for a ≥ 0.
const density = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
function upperTail(a: number): number {
  const intervals = 24_000;
  const h = 12 / intervals;
  let sum = density(a) + density(a + 12);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * density(a + i * h);
  return (sum * h) / 3;
}
const simpsonCdf = (z: number) => (z <= 0 ? upperTail(-z) : 1 - upperTail(z));

describe('normalCdf', () => {
  it('matches the published table values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    // pyMannKendall's p = 2·(1 − Φ(|z|)) for the Bogra rainfall series, so Φ(z) = p / 2 there.
    expect(normalCdf(-0.8854562842589916)).toBeCloseTo(0.37591058740506833 / 2, 14);
  });

  it('agrees with numerical integration of the density from −8 to 8, in relative terms in the tails', () => {
    for (let z = -8; z <= 8; z += 0.125) {
      const expected = simpsonCdf(z);
      const actual = normalCdf(z);
      if (z <= 0) expect(Math.abs(actual - expected) / expected).toBeLessThan(1e-10);
      else expect(Math.abs(actual - expected)).toBeLessThan(1e-14);
    }
  });

  it('is continuous where erfc switches from the series to the continued fraction (z = −2√2)', () => {
    const z = -2 * Math.SQRT2;
    const below = normalCdf(z - 1e-9);
    const above = normalCdf(z + 1e-9);
    expect(below).toBeLessThan(above);
    // Φ′(z) = φ(z), so the two sides differ by about 2e-9·φ(z) ≈ 1.5e-11, with no step between the methods.
    expect(Math.abs(above - below - 2e-9 * density(z))).toBeLessThan(1e-15);
    expect(normalCdf(z) / simpsonCdf(z)).toBeCloseTo(1, 12);
  });

  it('is symmetric: Φ(z) + Φ(−z) = 1', () => {
    for (const z of [0.1, 0.7, 1.3, 2.9, 3.7, 5.2]) expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
  });

  it('reaches 0 and 1 at the infinities and passes NaN through', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(NaN)).toBeNaN();
  });
});

describe('erfc', () => {
  it('gives the textbook values', () => {
    expect(erfc(0)).toBe(1);
    // erfc(x) = 2Φ(−x√2), checked against the integration oracle.
    for (const x of [0.25, 1, 1.999, 2, 2.001, 3, 4.5, 6]) {
      expect(erfc(x) / (2 * simpsonCdf(-x * Math.SQRT2))).toBeCloseTo(1, 10);
      expect(erfc(-x)).toBeCloseTo(2 - erfc(x), 15);
    }
  });
});

describe('twoSidedPValue', () => {
  it('gives 0.05 at the 97.5 % normal quantile 1.959963984540054, on either side', () => {
    expect(twoSidedPValue(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedPValue(-1.959963984540054)).toBeCloseTo(0.05, 14);
  });

  it('reproduces pyMannKendall’s p for the Bogra rainfall z', () => {
    const p = twoSidedPValue(-0.8854562842589916);
    expect(Math.abs(p - 0.37591058740506833) / 0.37591058740506833).toBeLessThan(1e-12);
  });

  it('is 1 at z = 0 and 2·Φ(−|z|) elsewhere', () => {
    expect(twoSidedPValue(0)).toBe(1);
    for (const z of [0.5, 2.2, 4]) expect(twoSidedPValue(z) / (2 * simpsonCdf(-z))).toBeCloseTo(1, 10);
  });
});

describe('twoSidedCriticalZ', () => {
  it('gives the textbook critical values', () => {
    expect(twoSidedCriticalZ(0.05)).toBeCloseTo(1.959963984540054, 12);
    expect(twoSidedCriticalZ(0.01)).toBeCloseTo(2.5758293035489004, 12);
    expect(twoSidedCriticalZ(0.1)).toBeCloseTo(1.6448536269514722, 12);
    expect(twoSidedCriticalZ(1)).toBe(0);
  });

  it('splits p-values exactly: just above it p < the level, just below it p ≥ the level', () => {
    for (const level of [0.1, 0.05, 0.0033, 1e-6]) {
      const z = twoSidedCriticalZ(level);
      expect(twoSidedPValue(z)).toBeLessThanOrEqual(level);
      expect(twoSidedPValue(z * (1 - 1e-12))).toBeGreaterThan(level);
    }
  });

  it('rejects a level outside (0, 1]', () => {
    expect(() => twoSidedCriticalZ(0)).toThrow('p must be a number in (0, 1], got 0');
    expect(() => twoSidedCriticalZ(1.5)).toThrow('p must be a number in (0, 1], got 1.5');
  });
});
