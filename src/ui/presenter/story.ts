// The figures of the presenter's standard story, read from the analysis and the action list on screen:
// overview → uptraders → downtraders → at-risk key accounts → action list. Plain functions over plain records.
import type { ActionRow } from '../../analytics/actions.ts';
import type { CustomerAnalysis } from '../../pipeline.ts';

export const SLIDES = ['overview', 'uptraders', 'downtraders', 'keyAccounts', 'actions'] as const;
export type SlideId = (typeof SLIDES)[number];

/** Rows in a slide's table: few enough to read from the back of a room. */
export const TABLE_ROWS = 5;
export const TOP_ACTIONS = 10;

/** The customers with a label, the most money moved per period first (then id, so the order is stable). */
export function biggestByLabel(customers: readonly CustomerAnalysis[], label: 'uptrader' | 'downtrader', count: number = TABLE_ROWS): CustomerAnalysis[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be an integer ≥ 0, got ${count}`);
  return customers
    .filter((customer) => customer.trend.label === label)
    .toSorted(
      (a, b) =>
        Math.abs(b.trend.evidence?.deltaPerPeriod ?? 0) - Math.abs(a.trend.evidence?.deltaPerPeriod ?? 0) ||
        (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
    )
    .slice(0, count);
}

/**
 * The downtraders a slide lists: those who lost most money per period, with the biggest quiet downtrader
 * (still ordering on the usual rhythm) taking the last row when none of them is quiet, so the early warning is seen.
 */
export function downtraderRows(customers: readonly CustomerAnalysis[], count: number = TABLE_ROWS): CustomerAnalysis[] {
  const all = biggestByLabel(customers, 'downtrader', Number.MAX_SAFE_INTEGER);
  const rows = all.slice(0, count);
  if (count === 0 || rows.some((customer) => customer.trend.quiet)) return rows;
  const quiet = all.find((customer) => customer.trend.quiet);
  return quiet ? [...rows.slice(0, count - 1), quiet] : rows;
}

export interface LabelTotals {
  customers: number;
  /** Sum of the customers' recent revenue per period minus their own baseline (signed). */
  deltaPerPeriod: number;
  /** Of those, the quiet ones (downtraders still ordering on their usual rhythm). */
  quiet: number;
}

export function labelTotals(customers: readonly CustomerAnalysis[], label: 'uptrader' | 'downtrader'): LabelTotals {
  let count = 0;
  let delta = 0;
  let quiet = 0;
  for (const customer of customers) {
    if (customer.trend.label !== label) continue;
    count++;
    delta += customer.trend.evidence?.deltaPerPeriod ?? 0;
    if (customer.trend.quiet) quiet++;
  }
  return { customers: count, deltaPerPeriod: delta, quiet };
}

/** The `count` open actions (not marked done or dismissed) with the highest priority, highest first. */
export function topOpenActions(rows: readonly ActionRow[], isClosed: (row: ActionRow) => boolean, count: number = TOP_ACTIONS): ActionRow[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be an integer ≥ 0, got ${count}`);
  return rows.filter((row) => !isClosed(row)).toSorted((a, b) => b.priority - a.priority).slice(0, count);
}

/** The slide after `index` in a direction, kept within the story (no wrap-around: the room knows where it is). */
export function stepSlide(index: number, direction: 1 | -1, total: number = SLIDES.length): number {
  return Math.min(total - 1, Math.max(0, index + direction));
}
