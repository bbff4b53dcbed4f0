// Row sparklines: path data computed by hand for small series.
import { describe, expect, it } from 'vitest';
import { sparklinePath } from '../../../src/charts/sparkline.ts';

describe('sparklinePath', () => {
  it('spreads the values over the width and puts the largest at the top, zero at the bottom', () => {
    // height 11: y = 0.5 + (1 - v / 10) * 10 → 10 at 0.5, 0 at 10.5, 5 at 5.5
    expect(sparklinePath([0, 10, 5], 100, 11)).toBe('M0,10.5L50,0.5L100,5.5');
  });

  it('keeps 0 inside the range when all values are positive, and goes below it for returns', () => {
    // range 0..4: 2 sits halfway
    expect(sparklinePath([4, 2], 10, 11)).toBe('M0,0.5L10,5.5');
    // range −2..2: −2 at the bottom, 0 in the middle
    expect(sparklinePath([-2, 0, 2], 20, 11)).toBe('M0,10.5L10,5.5L20,0.5');
  });

  it('draws a flat line for one value or an all-zero series, and nothing for no values', () => {
    expect(sparklinePath([7], 30, 11)).toBe('M0,0.5H30');
    expect(sparklinePath([0, 0, 0], 30, 11)).toBe('M0,10.5L15,10.5L30,10.5');
    expect(sparklinePath([], 30, 11)).toBe('');
  });

  it('rounds to a tenth of a pixel and refuses an empty box', () => {
    expect(sparklinePath([0, 1, 2], 10, 4)).toBe('M0,3.5L5,2L10,0.5');
    expect(() => sparklinePath([1], 0, 10)).toThrow('width and height must be positive, got 0 and 10');
  });
});
