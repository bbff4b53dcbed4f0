// Where the grid's rows sit while the user scrolls through up to millions of them.
// Browsers cap an element's height (about 17.9 million px in Firefox, 33.5 million in Chrome), so
// the scrollable height is capped at MAX_SCROLL_HEIGHT and, past it, rows are mapped linearly onto
// the capped scroll range: the first row shows at the top of the range and the last row at its end.
// Below the cap the mapping is the identity (one pixel of scroll is one pixel of rows).

export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface GridMetrics {
  /** Rows under the current filter. */
  total: number;
  /** Height of one row, px. */
  rowHeight: number;
  /** Height of the visible rows area (without the sticky header), px. */
  viewportHeight: number;
  maxScrollHeight?: number;
}

export interface RowWindow {
  /** First row to render (0-based). */
  start: number;
  /** One past the last row to render. */
  end: number;
  /** Top of row `start` inside the scrolled content, px; each next row sits `rowHeight` lower. */
  startTop: number;
}

/** Height of the scrollable content, px. */
export function scrollHeightOf({ total, rowHeight, maxScrollHeight = MAX_SCROLL_HEIGHT }: GridMetrics): number {
  return Math.min(total * rowHeight, maxScrollHeight);
}

function ranges(metrics: GridMetrics): { scrollRange: number; contentRange: number; isCompressed: boolean } {
  const contentHeight = metrics.total * metrics.rowHeight;
  const scrollHeight = scrollHeightOf(metrics);
  return {
    scrollRange: Math.max(0, scrollHeight - metrics.viewportHeight),
    contentRange: Math.max(0, contentHeight - metrics.viewportHeight),
    isCompressed: contentHeight > scrollHeight,
  };
}

/** How far down the rows (at their true height) the viewport's top is, for a scroll position. */
export function contentTopAt(metrics: GridMetrics, scrollTop: number): number {
  const { scrollRange, contentRange, isCompressed } = ranges(metrics);
  if (!isCompressed) return Math.max(0, scrollTop);
  if (scrollRange === 0) return 0;
  return (Math.min(Math.max(scrollTop, 0), scrollRange) * contentRange) / scrollRange;
}

/** The rows to render at a scroll position, with `overscan` extra rows above and below. */
export function rowWindowAt(metrics: GridMetrics, scrollTop: number, overscan = 6): RowWindow {
  const { total, rowHeight, viewportHeight } = metrics;
  if (total === 0 || rowHeight <= 0) return { start: 0, end: 0, startTop: 0 };
  const contentTop = contentTopAt(metrics, scrollTop);
  const start = Math.max(0, Math.floor(contentTop / rowHeight) - overscan);
  const end = Math.min(total, Math.ceil((contentTop + viewportHeight) / rowHeight) + overscan);
  // Rows are drawn relative to the viewport's own top so that, compressed or not, row i appears
  // (i * rowHeight - contentTop) px below it.
  const startTop = Math.max(0, scrollTop) + start * rowHeight - contentTop;
  return { start, end, startTop };
}

/**
 * The scroll position that brings row `index` fully into view with as little movement as possible
 * (the current one if it is already visible).
 */
export function scrollTopForRow(metrics: GridMetrics, index: number, scrollTop: number): number {
  const { rowHeight, viewportHeight } = metrics;
  const contentTop = contentTopAt(metrics, scrollTop);
  const rowTop = index * rowHeight;
  let target: number;
  if (rowTop < contentTop) target = rowTop;
  else if (rowTop + rowHeight > contentTop + viewportHeight) target = rowTop + rowHeight - viewportHeight;
  else return scrollTop;
  const { scrollRange, contentRange, isCompressed } = ranges(metrics);
  if (!isCompressed) return Math.max(0, target);
  if (contentRange === 0) return 0;
  return Math.min(scrollRange, Math.max(0, Math.round((target * scrollRange) / contentRange)));
}
