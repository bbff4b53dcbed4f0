// days.ts: the calendar arithmetic of the analysis — whole days since 1970-01-01 and ISO `YYYY-MM-DD`
// strings, always in UTC terms (no Date objects, so the reader's time zone can never shift a day).
// The day counts themselves come from the import's proleptic Gregorian conversion, so one calendar
// serves the whole of Ciclo.
import { daysToIso, isoToDays } from '../import/dates';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01 of an ISO date (`2024-03-05` → 19787). Only a real calendar day is accepted;
 * anything else throws, because a wrong day would silently misplace every order after it.
 */
export function dayOf(iso: string): number {
  const { year, month, day } = parseIso(iso, 'dayOf');
  if (day > 28 && day > daysInMonth(year, month)) {
    throw new Error(`dayOf expects a calendar date YYYY-MM-DD, got "${iso}"`);
  }
  return isoToDays(iso);
}

/** ISO date of a whole day count since 1970-01-01 (19787 → `2024-03-05`). */
export function isoOfDay(day: number): string {
  if (!Number.isInteger(day)) throw new Error(`isoOfDay expects a whole number of days, got ${day}`);
  return daysToIso(day);
}

/**
 * The same day of the month `n` calendar months later (earlier when `n` is negative). A day that the
 * target month lacks lands on its last day: `2024-01-31` + 1 → `2024-02-29`, `2023-03-31` − 1 →
 * `2023-02-28`. Chained calls can therefore drift (31 Jan + 1 + 1 = 29 Mar); add the total instead.
 */
export function addMonths(iso: string, n: number): string {
  if (!Number.isInteger(n)) throw new Error(`addMonths expects a whole number of months, got ${n}`);
  const { year, month, day } = parseIso(iso, 'addMonths');
  const index = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  if (targetYear < 1 || targetYear > 9999) throw new Error(`addMonths leaves the years 0001–9999: "${iso}" + ${n}`);
  return formatIso(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** The last day of the month `iso` falls in (`2024-02-10` → `2024-02-29`). */
export function monthEnd(iso: string): string {
  const { year, month } = parseIso(iso, 'monthEnd');
  return formatIso(year, month, daysInMonth(year, month));
}

function parseIso(iso: string, caller: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(iso);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || year < 1 || month < 1 || month > 12 || day < 1) {
    throw new Error(`${caller} expects an ISO date YYYY-MM-DD, got "${iso}"`);
  }
  return { year, month, day };
}

/** Length of a month, measured with the shared day count rather than a second copy of the leap rule. */
function daysInMonth(year: number, month: number): number {
  if (month === 12) return 31;
  return isoToDays(formatIso(year, month + 1, 1)) - isoToDays(formatIso(year, month, 1));
}

function formatIso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}
