import { describe, expect, it } from 'vitest';
import { contentTopAt, rowWindowAt, scrollHeightOf, scrollTopForRow } from '../../../src/ui/grid/grid-geometry.ts';

const small = { total: 1000, rowHeight: 30, viewportHeight: 600 };
const huge = { total: 1_000_000, rowHeight: 30, viewportHeight: 600, maxScrollHeight: 3_000_000 };

describe('grid geometry', () => {
  it('scrolls one pixel of rows per pixel while the rows fit under the cap', () => {
    expect(scrollHeightOf(small)).toBe(30_000);
    expect(contentTopAt(small, 1234)).toBe(1234);
    expect(rowWindowAt(small, 3000, 0)).toEqual({ start: 100, end: 120, startTop: 3000 });
  });

  it('adds overscan rows and stops at both ends', () => {
    expect(rowWindowAt(small, 0, 5)).toEqual({ start: 0, end: 25, startTop: 0 });
    const last = rowWindowAt(small, 30_000 - 600, 5);
    expect(last.end).toBe(1000);
  });

  it('caps the scroll height and still reaches the first and the last row', () => {
    expect(scrollHeightOf(huge)).toBe(3_000_000);
    const top = rowWindowAt(huge, 0, 0);
    expect(top.start).toBe(0);
    expect(top.startTop).toBe(0);
    const bottom = rowWindowAt(huge, 3_000_000 - 600, 0);
    expect(bottom.end).toBe(1_000_000);
    // The last row ends exactly at the bottom of the viewport.
    const lastTop = bottom.startTop + (999_999 - bottom.start) * 30;
    expect(lastTop + 30).toBeCloseTo(3_000_000, 6);
  });

  it('draws compressed rows right under the viewport top', () => {
    const scrollTop = 1_500_000;
    const window = rowWindowAt(huge, scrollTop, 0);
    const contentTop = contentTopAt(huge, scrollTop);
    const firstVisibleTop = window.startTop + (Math.floor(contentTop / 30) - window.start) * 30;
    expect(firstVisibleTop).toBeLessThanOrEqual(scrollTop);
    expect(firstVisibleTop).toBeGreaterThan(scrollTop - 30);
  });

  it('leaves the scroll position alone when the row is visible, else moves just enough', () => {
    expect(scrollTopForRow(small, 5, 0)).toBe(0);
    expect(scrollTopForRow(small, 20, 0)).toBe(21 * 30 - 600);
    expect(scrollTopForRow(small, 3, 300)).toBe(90);
  });

  it('finds a scroll position showing any row of a compressed grid', () => {
    for (const index of [0, 1, 123_456, 500_000, 999_999]) {
      const scrollTop = scrollTopForRow(huge, index, 0);
      const window = rowWindowAt(huge, scrollTop, 0);
      expect(index).toBeGreaterThanOrEqual(window.start);
      expect(index).toBeLessThan(window.end);
    }
  });

  it('renders nothing for an empty result', () => {
    expect(rowWindowAt({ ...small, total: 0 }, 0)).toEqual({ start: 0, end: 0, startTop: 0 });
  });
});
