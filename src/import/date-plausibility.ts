// date-plausibility.ts: catches order dates that are real calendar days but cannot be right, such as
// 2002 typed for 2022 (the CEAPS export has four). No clock is read: plausibility is judged against the
// file's own dates.
//
// Rule: a date is implausible when more than `maxGapYears` separate it from the body of the file's
// dates. The body starts as the dates among the first 10,000 that link to their median by steps of at
// most `maxGapYears`; after that it grows with every date accepted. A distance to the median alone
// would flag the oldest and newest rows of a long, date-sorted history; a body that grows follows such
// a history and still isolates a typo years away from everything else. The first rows wait until the
// body is known, so outcomes leave in file order and do not depend on how the file was cut.
import { addYears, daysToIso } from './dates';
import type { ImportIssue } from './types';
import type { RowOutcome } from './rows';

export const DEFAULT_MAX_DATE_GAP_YEARS = 10;
/** Dates that set the starting median. Rows are held back until this many have been seen. */
export const REFERENCE_DATES = 10_000;

export interface DateGate {
  /** Takes outcomes in file order; hands them on, in the same order, once they can be judged. */
  offer(outcome: RowOutcome): void;
  /** Judges and hands on whatever is still held. */
  finish(): void;
}

export function createDateGate({
  fileName,
  column,
  maxGapYears = DEFAULT_MAX_DATE_GAP_YEARS,
  referenceDates = REFERENCE_DATES,
  onOutcome,
}: {
  fileName: string;
  /** Header of the order date column, for the issue. */
  column: string | undefined;
  maxGapYears?: number;
  referenceDates?: number;
  onOutcome: (outcome: RowOutcome) => void;
}): DateGate {
  if (!(maxGapYears >= 0)) throw new RangeError(`maxGapYears must be a number ≥ 0, got ${maxGapYears}`);
  if (!Number.isInteger(referenceDates) || referenceDates < 1) {
    throw new RangeError(`referenceDates must be an integer ≥ 1, got ${referenceDates}`);
  }
  const isChecked = maxGapYears !== Infinity;
  let held: RowOutcome[] | null = [];
  let heldDates = 0;
  // The body of the file's dates, and the range it allows (`maxGapYears` on each side).
  let first = NaN;
  let last = NaN;
  let lowest = NaN;
  let highest = NaN;
  function setBody(from: number, to: number): void {
    if (from !== first) lowest = addYears(from, -maxGapYears);
    if (to !== last) highest = addYears(to, maxGapYears);
    first = from;
    last = to;
  }

  function judge(outcome: RowOutcome): void {
    if (outcome.row !== null && isChecked) {
      const day = outcome.day;
      if (day < lowest || day > highest) {
        const from = daysToIso(lowest);
        const to = daysToIso(highest);
        const issue: ImportIssue = {
          code: 'IMPORT_IMPLAUSIBLE_DATE',
          file: fileName,
          line: outcome.line,
          column,
          value: outcome.dateText,
          expected: `date between ${from} and ${to}`,
          params: { role: 'order_date', from, to, maxGapYears },
        };
        onOutcome({ ...outcome, row: null, issues: [issue] });
        return;
      }
      if (day < first || day > last) setBody(Math.min(first, day), Math.max(last, day));
    }
    onOutcome(outcome);
  }

  function release(): void {
    const waiting = held ?? [];
    held = null;
    const days = waiting.filter((o) => o.row !== null).map((o) => o.day);
    if (days.length > 0) {
      days.sort((a, b) => a - b);
      // The body of the file: the dates linked to the median by steps no longer than the gap.
      const isLinked = (earlier: number, later: number) => !isChecked || addYears(earlier, maxGapYears) >= later;
      let low = (days.length - 1) >> 1;
      let high = low;
      while (low > 0 && isLinked(days[low - 1]!, days[low]!)) low--;
      while (high < days.length - 1 && isLinked(days[high]!, days[high + 1]!)) high++;
      setBody(days[low]!, days[high]!);
    }
    for (const outcome of waiting) judge(outcome);
  }

  return {
    offer(outcome) {
      if (held === null) {
        if (Number.isNaN(first) && outcome.row !== null) setBody(outcome.day, outcome.day);
        judge(outcome);
        return;
      }
      held.push(outcome);
      if (outcome.row !== null && ++heldDates >= referenceDates) release();
    },
    finish() {
      if (held !== null) release();
    },
  };
}
