// What every Ciclo chart shares: its options, one colour per trend label and per stage (the same in
// every chart and badge), numbers and dates written in the reader's language, and the text alternative.
import type { PeriodUnit, Stage, TrendLabel } from '../analytics/types.ts';

/** Options of every chart: the language for numbers and dates, the width in pixels, and its texts. */
export interface ChartOptions<Labels> {
  /** BCP 47 language tag, e.g. `pt-BR`. */
  locale: string;
  width: number;
  labels: Labels;
}

/**
 * Trend colours from the Okabe–Ito palette (readable with the common colour-vision deficiencies), darkened
 * where needed so every mark keeps a 3:1 contrast on white (WCAG 1.4.11).
 */
export const TREND_COLORS: Readonly<Record<TrendLabel, string>> = {
  uptrader: '#009e73',
  downtrader: '#d55e00',
  stable: '#0072b2',
  new: '#aa4499',
  insufficient_data: '#8c8c8c',
  inactive: '#4d4d4d',
};

/** Lifecycle colours: growing stages cool, slipping stages warm, the lost grey; `new` matches the trend's `new`. */
export const STAGE_COLORS: Readonly<Record<Stage, string>> = {
  new: '#aa4499',
  active: '#009e73',
  reactivated: '#0072b2',
  at_risk: '#b07800',
  lapsed: '#d55e00',
  lost: '#5f5f5f',
};

/** Checks the width every chart takes, with the message Ciclo's options use. */
export function checkWidth(width: number): void {
  if (!Number.isFinite(width) || width < 120) throw new RangeError(`width must be a number ≥ 120, got ${width}`);
}

const DAY_MS = 86_400_000;

/** An ISO `YYYY-MM-DD` date as the UTC midnight Plot's (UTC) time scales expect. */
export function utcDay(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

/** The start of the period after the one starting at `start` (months by calendar, weeks by 7 days). */
export function nextPeriod(start: Date, unit: PeriodUnit): Date {
  if (unit === 'week') return new Date(start.getTime() + 7 * DAY_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** The middle of the period starting at `start`, where a point of a per-period line belongs. */
export function periodMiddle(start: Date, unit: PeriodUnit): Date {
  return new Date((start.getTime() + nextPeriod(start, unit).getTime()) / 2);
}

/** Number and date writers for one language, made once per chart. */
export function formats(locale: string) {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const money = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const percent0 = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const percent1 = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const signedPct = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const monthShort = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return {
    integer: (value: number) => integer.format(value),
    money: (value: number) => money.format(value),
    /** Axis ticks of money: `12K`, `1,2 mi`. */
    compact: (value: number) => compact.format(value),
    /** A share 0..1 as a percentage. */
    percent: (share: number, digits: 0 | 1 = 0) => (digits === 0 ? percent0 : percent1).format(share),
    /** A change already in percent, signed: `+6,5`. */
    signedPct: (pct: number) => signedPct.format(pct),
    month: (date: Date | string) => month.format(typeof date === 'string' ? utcDay(date) : date),
    monthShort: (date: Date | string) => monthShort.format(typeof date === 'string' ? utcDay(date) : date),
    day: (date: Date | string) => day.format(typeof date === 'string' ? utcDay(date) : date),
    list: (items: readonly string[]) => items.join('; '),
  };
}

export type Formats = ReturnType<typeof formats>;

/** An axis label without its direction arrows, for use as a tip's row name. */
export function plainLabel(label: string): string {
  return label.replace(/[↑↓←→]/g, '').trim();
}

/** A left margin wide enough for the longest of `names` at Plot's 10 px sans-serif. */
export function marginFor(names: readonly string[], { min = 40, max = 180 } = {}): number {
  const longest = names.reduce((m, name) => Math.max(m, name.length), 0);
  return Math.min(max, Math.max(min, Math.round(longest * 6.2) + 14));
}

/**
 * Gives the chart its text alternative: Plot puts `aria-label` and `aria-description` on the SVG; when
 * Plot wrapped it in a figure (for a legend) the figure carries them too, as one image.
 */
export function describeChart<T extends SVGElement | HTMLElement>(chart: T, label: string, description: string): T {
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', label);
  chart.setAttribute('aria-description', description);
  return chart;
}

/** The `q` quantile (0..1) of sorted numbers, linear between ranks. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}
