import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { medianInPlace, senSlope, theilSenSlope } from '../../../src/analytics/sen-slope';
import { mulberry32 } from '../../fixtures/seeded-random';

/** The Bogra column (third) of pyMannKendall's rainfall file, empty cells dropped. */
function bograRainfall(): number[] {
  const path = fileURLToPath(new URL('../../fixtures/reference/monthly_rainfall.csv', import.meta.url));
  const [header, ...rows] = readFileSync(path, 'utf8').split(/\r?\n/).filter((line) => line !== '');
  expect(header!.split(',')[2]).toBe('Bogra');
  return rows.map((row) => row.split(',')[2]!.trim()).filter((cell) => cell !== '').map(Number);
}

describe('senSlope', () => {
  it('takes the middle slope of an odd number of pairs', () => {
    // [1, 3, 2]: slopes (3−1)/1 = 2, (2−1)/2 = 0.5, (2−3)/1 = −1 → sorted −1, 0.5, 2 → 0.5.
    // Intercept: y − 0.5x = 1, 2.5, 1 → median 1.
    expect(senSlope([1, 3, 2])).toEqual({ slope: 0.5, intercept: 1 });
  });

  it('averages the two middle slopes of an even number of pairs', () => {
    // [1, 2, 4, 3]: slopes 1, 3/2, 2/3, 2, 1/2, −1 → sorted −1, 1/2, 2/3, 1, 3/2, 2 → (2/3 + 1)/2 = 5/6.
    // Intercept: y − 5x/6 = 1, 7/6, 7/3, 1/2 → sorted 1/2, 1, 7/6, 7/3 → (1 + 7/6)/2 = 13/12.
    const { slope, intercept } = senSlope([1, 2, 4, 3]);
    expect(slope).toBeCloseTo(5 / 6, 15);
    expect(intercept).toBeCloseTo(13 / 12, 15);
  });

  it('uses the given x and skips pairs with the same x', () => {
    // x = 0, 0, 1, 3; y = 1, 2, 2, 8. Pairs: (0,1) skipped; 1/1 = 1; 7/3; 0/1 = 0; 6/3 = 2; 6/2 = 3.
    // Sorted 0, 1, 2, 7/3, 3 → 2. Intercept: y − 2x = 1, 2, 0, 2 → sorted 0, 1, 2, 2 → 1.5.
    expect(senSlope([1, 2, 2, 8], [0, 0, 1, 3])).toEqual({ slope: 2, intercept: 1.5 });
  });

  it('recovers an exact line and ignores one wild value', () => {
    const line = Array.from({ length: 11 }, (_, i) => 4 - 0.25 * i);
    expect(senSlope(line)).toEqual({ slope: -0.25, intercept: 4 });
    line[7] = 1000;
    expect(senSlope(line)).toEqual({ slope: -0.25, intercept: 4 });
  });

  it('gives slope 0 when no pair can be measured', () => {
    expect(senSlope([5])).toEqual({ slope: 0, intercept: 5 });
    expect(senSlope([3, 9], [2, 2])).toEqual({ slope: 0, intercept: 6 });
    const empty = senSlope([]);
    expect(empty.slope).toBe(0);
    expect(empty.intercept).toBeNaN();
  });

  it('rejects x of another length', () => {
    expect(() => senSlope([1, 2, 3], [0, 1])).toThrow('x must have one entry per value (3), got 2');
    expect(() => theilSenSlope([1, 2, 3], [0, 1])).toThrow('x must have one entry per value (3), got 2');
  });

  it('gives the same slope alone through theilSenSlope', () => {
    expect(theilSenSlope([1, 2, 4, 3])).toBeCloseTo(5 / 6, 15);
    expect(theilSenSlope([1, 2, 2, 8], [0, 0, 1, 3])).toBe(2);
    expect(theilSenSlope([])).toBe(0);
  });

  it('reproduces pyMannKendall’s published Sen slope for the Bogra rainfall series', () => {
    // 353 values, 62 128 pairs: the published slope is −1/155.
    expect(senSlope(bograRainfall()).slope).toBeCloseTo(-0.0064516129032258064, 15);
  });
});

describe('medianInPlace', () => {
  it('agrees with sorting on seeded arrays of odd and even length, with and without duplicates', () => {
    const random = mulberry32(99);
    for (let trial = 0; trial < 500; trial++) {
      const count = 1 + Math.floor(random() * 80);
      const coarse = trial % 2 === 0;
      const values = Array.from({ length: count }, () => (coarse ? Math.floor(random() * 5) : random() * 100 - 50));
      const sorted = [...values].sort((a, b) => a - b);
      const middle = count >> 1;
      const expected = count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
      // A longer buffer whose tail must be ignored.
      const buffer = new Float64Array(count + 3).fill(1e9);
      buffer.set(values);
      expect(medianInPlace(buffer, count)).toBe(expected);
    }
  });
});
