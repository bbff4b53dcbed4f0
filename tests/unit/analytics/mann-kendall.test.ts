import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mannKendall } from '../../../src/analytics/mann-kendall';
import { twoSidedPValue } from '../../../src/analytics/normal';
import { mulberry32 } from '../../fixtures/seeded-random';

/** The Bogra column (third) of pyMannKendall's rainfall file, empty cells dropped. */
function bograRainfall(): number[] {
  const path = fileURLToPath(new URL('../../fixtures/reference/monthly_rainfall.csv', import.meta.url));
  const [header, ...rows] = readFileSync(path, 'utf8').split(/\r?\n/).filter((line) => line !== '');
  expect(header!.split(',')[2]).toBe('Bogra');
  const values: number[] = [];
  for (const row of rows) {
    const cell = row.split(',')[2]!.trim();
    if (cell !== '') values.push(Number(cell));
  }
  return values;
}

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('mannKendall', () => {
  it('scores a strictly rising series of 5 as S = 10 with the untied variance', () => {
    // All 10 pairs rise: S = 10. Var S = n(n−1)(2n+5)/18 = 5·4·15/18 = 300/18 = 16.667.
    // z = (S − 1)/√Var = 9/√16.667 = 2.2045; τ = 10/(5·4/2) = 1.
    const result = mannKendall([1, 2, 3, 4, 5]);
    expect(result.n).toBe(5);
    expect(result.s).toBe(10);
    expect(result.varS).toBeCloseTo(300 / 18, 12);
    expect(result.z).toBeCloseTo(9 / Math.sqrt(300 / 18), 12);
    expect(result.z).toBeCloseTo(2.2045, 4);
    expect(result.pValue).toBeCloseTo(twoSidedPValue(2.2045407685048604), 12);
    expect(result.pValue).toBeCloseTo(0.0275, 4);
    expect(result.tau).toBe(1);
  });

  it('mirrors the sign for a falling series, with the continuity correction toward 0', () => {
    const result = mannKendall([5, 4, 3, 2, 1]);
    expect(result.s).toBe(-10);
    expect(result.z).toBeCloseTo(-9 / Math.sqrt(300 / 18), 12);
    expect(result.tau).toBe(-1);
  });

  it('subtracts the tie correction Σ t(t−1)(2t+5) from 18·Var S', () => {
    // [1, 2, 2, 3, 3, 3]: the 1 is below all 5 others (+5); each 2 is below the three 3s (+3, +3); the other
    // pairs are ties. S = 11. Untied: 6·5·17 = 510. Ties: the pair of 2s, 2·1·9 = 18; the three 3s, 3·2·11 = 66.
    // Var S = (510 − 18 − 66)/18 = 426/18 = 23.667; z = 10/√23.667 = 2.0556; τ = 11/15.
    const result = mannKendall([1, 2, 2, 3, 3, 3]);
    expect(result.s).toBe(11);
    expect(result.varS).toBeCloseTo(426 / 18, 12);
    expect(result.z).toBeCloseTo(10 / Math.sqrt(426 / 18), 12);
    expect(result.z).toBeCloseTo(2.0556, 4);
    expect(result.tau).toBeCloseTo(11 / 15, 15);
  });

  it('handles ties that are not adjacent and a negative S', () => {
    // [3, 1, 3, 2, 1]: from the first 3: −1, tie, −1, −1 (−3); from the 1: +1, +1, tie (+2); from the second 3:
    // −1, −1 (−2); from the 2: −1. S = −4. Ties: two 3s (18) and two 1s (18). Var S = (300 − 36)/18 = 14.667.
    // z = (S + 1)/√Var = −3/3.8297 = −0.7833; τ = −4/10.
    const result = mannKendall([3, 1, 3, 2, 1]);
    expect(result.s).toBe(-4);
    expect(result.varS).toBeCloseTo(264 / 18, 12);
    expect(result.z).toBeCloseTo(-3 / Math.sqrt(264 / 18), 12);
    expect(result.z).toBeCloseTo(-0.7833, 4);
    expect(result.pValue).toBeCloseTo(twoSidedPValue(-3 / Math.sqrt(264 / 18)), 15);
    expect(result.tau).toBeCloseTo(-0.4, 15);
  });

  it('gives z = 0 and p = 1 when |S| = 1, all values tie, or there are fewer than 3 values', () => {
    // [3, 1, 2]: −1 −1 +1, S = −1, corrected to 0.
    expect(mannKendall([3, 1, 2])).toMatchObject({ s: -1, varS: 66 / 18, z: 0, pValue: 1 });
    expect(mannKendall([2, 2, 2, 2])).toMatchObject({ s: 0, varS: 0, z: 0, pValue: 1, tau: 0 });
    expect(mannKendall([1, 2])).toEqual({ n: 2, s: 1, varS: 1, z: 0, pValue: 1, tau: 1 });
    expect(mannKendall([7])).toEqual({ n: 1, s: 0, varS: 0, z: 0, pValue: 1, tau: 0 });
    expect(mannKendall([])).toEqual({ n: 0, s: 0, varS: 0, z: 0, pValue: 1, tau: 0 });
  });

  it('reproduces pyMannKendall’s published original test for the Bogra rainfall series', () => {
    const values = bograRainfall();
    expect(values).toHaveLength(353);
    const result = mannKendall(values);
    expect(result.s).toBe(-1959);
    expect(relative(result.varS, 4889800.333333333)).toBeLessThan(1e-9);
    expect(relative(result.z, -0.8854562842589916)).toBeLessThan(1e-9);
    expect(relative(result.pValue, 0.37591058740506833)).toBeLessThan(1e-9);
    expect(relative(result.tau, -0.03153167653875869)).toBeLessThan(1e-9);
  });

  it('agrees with counting tie groups one by one on seeded series full of ties', () => {
    const random = mulberry32(20240611);
    for (let trial = 0; trial < 200; trial++) {
      const n = 3 + Math.floor(random() * 40);
      const values = Array.from({ length: n }, () => Math.floor(random() * 6));
      let s = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(values[j]! - values[i]!);
      const groups = new Map<number, number>();
      for (const value of values) groups.set(value, (groups.get(value) ?? 0) + 1);
      let ties = 0;
      for (const t of groups.values()) ties += t * (t - 1) * (2 * t + 5);
      const result = mannKendall(values);
      expect(result.s).toBe(s);
      expect(result.varS).toBeCloseTo((n * (n - 1) * (2 * n + 5) - ties) / 18, 9);
    }
  });

  it('is unchanged by the log transform the trend screen applies', () => {
    const random = mulberry32(7);
    const values = Array.from({ length: 24 }, () => Math.round(random() * 500));
    expect(mannKendall(values.map((v) => Math.log1p(v)))).toEqual(mannKendall(values));
  });
});
