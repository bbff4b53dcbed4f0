// A tiny line for one table row, as SVG path data (no Plot: a 50,000-row table draws many of them).

/**
 * Path data for `values` spread evenly over `width` and scaled into `height` (top = largest); the vertical
 * range always includes 0 so a flat zero line sits at the bottom. One value draws a flat line; none, ''.
 * Coordinates are rounded to 0.1 px to keep the markup short.
 */
export function sparklinePath(values: readonly number[], width: number, height: number): string {
  if (!(width > 0) || !(height > 0)) throw new RangeError(`width and height must be positive, got ${width} and ${height}`);
  const finite = values.map((value) => (Number.isFinite(value) ? value : 0));
  if (finite.length === 0) return '';
  const low = Math.min(0, ...finite);
  const high = Math.max(0, ...finite);
  const span = high - low;
  // Half a pixel of room so a stroke at the top or bottom is not cut.
  const y = (value: number) => round(span === 0 ? height - 0.5 : 0.5 + (1 - (value - low) / span) * (height - 1));
  if (finite.length === 1) return `M0,${y(finite[0]!)}H${round(width)}`;
  const step = width / (finite.length - 1);
  return finite.map((value, index) => `${index === 0 ? 'M' : 'L'}${round(index * step)},${y(value)}`).join('');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
