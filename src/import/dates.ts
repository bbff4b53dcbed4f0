// dates.ts: order dates as sales exports write them — ISO `2024-03-05` (with or without a time),
// `05/03/2024` day first (pt, es, it, en-GB), `03/05/2024` month first (en-US), `-` or `.` separators,
// 2-digit years, compact `20240305`, and Excel serial day numbers. Times are dropped: Ciclo works
// with calendar days, and the date is taken as written (`…T23:30:00Z` stays on its own day).
import type { DateOrder } from './types';

/** Two-digit years 00–69 are 2000–2069, 70–99 are 1970–1999 (the pivot Excel uses). */
const TWO_DIGIT_YEAR_PIVOT = 70;
/** Excel serials are days since 1899-12-30; 1 … 2958465 is 1899-12-31 … 9999-12-31. */
const EXCEL_EPOCH_DAY = daysFromCivil(1899, 12, 30);
const EXCEL_MAX_SERIAL = 2958465;
/** A column is read as Excel serials only when every value is a number in this range (1954 … 2119). */
export const PLAUSIBLE_SERIALS = { min: 20000, max: 80000 } as const;

/**
 * The ISO `YYYY-MM-DD` date in `raw` read with this part order, or null. A 4-digit year written
 * first is read as year-month-day under every order; `excel` reads serial numbers (`45292.5` is
 * 2024-01-01) and ISO dates. Calendar dates are checked (no 31/02, 29/02 only in leap years).
 */
export function parseDate(raw: string, order: DateOrder): string | null {
  if (isIsoDate(raw)) return raw;
  const s = raw.trim();
  if (s === '') return null;
  if (order === 'excel' && /^\d+(?:[.,]\d+)?$/.test(s)) return serialToIso(Number(s.replace(',', '.')));
  const parts = splitDate(s);
  if (!parts) return null;
  const [a, b, c] = parts;
  if (c === '') {
    // compact yyyymmdd
    if (order !== 'ymd' || a.length !== 8) return null;
    return isoIfValid(Number(a.slice(0, 4)), Number(a.slice(4, 6)), Number(a.slice(6, 8)));
  }
  if (a.length === 4) return b.length <= 2 && c.length <= 2 ? isoIfValid(Number(a), Number(b), Number(c)) : null;
  if (a.length > 2 || b.length > 2 || (c.length !== 2 && c.length !== 4)) return null;
  const year = c.length === 4 ? Number(c) : expandTwoDigitYear(Number(c));
  if (order === 'dmy') return isoIfValid(year, Number(b), Number(a));
  if (order === 'mdy') return isoIfValid(year, Number(a), Number(b));
  return null;
}

export interface DateOrderGuess {
  order: DateOrder;
  /** Every day/month value fits both orders (all parts ≤ 12): the user must say which it is. */
  isAmbiguous: boolean;
  /** No value could be read in any order. */
  isUnknown: boolean;
  /** A few of the values that decided (or could not decide) the order, for the wizard. */
  examples: string[];
}

/**
 * The part order of a date column, from sample values. All numbers in Excel's plausible serial
 * range → `excel`. Otherwise every value votes: a 4-digit year first (or `yyyymmdd`) → ymd; a first
 * part over 12 → dmy; a second part over 12 → mdy; both ≤ 12 → no vote. The larger of the dmy and
 * mdy votes wins (then `fallback`); when only ambiguous values remain, the order is `fallback` and
 * `isAmbiguous` is set.
 */
export function detectDateOrder(values: readonly string[], fallback: 'dmy' | 'mdy'): DateOrderGuess {
  const present = values.map((v) => v.trim()).filter((v) => v !== '');
  if (present.length === 0) return { order: fallback, isAmbiguous: false, isUnknown: false, examples: [] };
  const isAllSerials = present.every((v) => {
    if (!/^\d+(?:[.,]\d+)?$/.test(v)) return false;
    const n = Number(v.replace(',', '.'));
    return n >= PLAUSIBLE_SERIALS.min && n <= PLAUSIBLE_SERIALS.max;
  });
  if (isAllSerials) return { order: 'excel', isAmbiguous: false, isUnknown: false, examples: present.slice(0, 3) };

  let ymd = 0;
  let dmyOnly = 0;
  let mdyOnly = 0;
  const ambiguous: string[] = [];
  const unreadable: string[] = [];
  for (const v of present) {
    const fitsYmd = parseDate(v, 'ymd') !== null;
    const fitsDmy = parseDate(v, 'dmy') !== null;
    const fitsMdy = parseDate(v, 'mdy') !== null;
    if (fitsYmd && (!fitsDmy || !fitsMdy || isYearFirst(v))) ymd++;
    else if (fitsDmy && fitsMdy) ambiguous.push(v);
    else if (fitsDmy) dmyOnly++;
    else if (fitsMdy) mdyOnly++;
    else unreadable.push(v);
  }
  if (ymd + dmyOnly + mdyOnly + ambiguous.length === 0) {
    return { order: fallback, isAmbiguous: false, isUnknown: true, examples: distinct(unreadable, 3) };
  }
  if (dmyOnly > 0 || mdyOnly > 0) {
    const order = dmyOnly > mdyOnly ? 'dmy' : mdyOnly > dmyOnly ? 'mdy' : fallback;
    return { order, isAmbiguous: false, isUnknown: false, examples: [] };
  }
  if (ambiguous.length > 0) return { order: fallback, isAmbiguous: true, isUnknown: false, examples: distinct(ambiguous, 3) };
  return { order: 'ymd', isAmbiguous: false, isUnknown: false, examples: [] };
}

/** How a date looks in this order, for the `expected` field of an issue: `date dd/mm/yyyy`. */
export function dateExample(order: DateOrder): string {
  switch (order) {
    case 'ymd':
      return 'date yyyy-mm-dd';
    case 'dmy':
      return 'date dd/mm/yyyy';
    case 'mdy':
      return 'date mm/dd/yyyy';
    case 'excel':
      return 'date (Excel serial number)';
  }
}

/** Days since 1970-01-01 of an ISO date (no validation: the caller has one from `parseDate`). */
export function isoToDays(iso: string): number {
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

/** ISO date of a day count since 1970-01-01. */
export function daysToIso(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return formatIso(year, month, day);
}

/**
 * The day `years` calendar years after `days` (before, when negative): 29 February lands on the 28th
 * in other years. A fractional count of years is taken as 365.2425 days each.
 */
export function addYears(days: number, years: number): number {
  if (!Number.isInteger(years)) return days + Math.round(years * 365.2425);
  const { year, month, day } = civilFromDays(days);
  const target = year + years;
  return daysFromCivil(target, month, Math.min(day, daysInMonth(target, month)));
}

function serialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= EXCEL_MAX_SERIAL + 1) return null;
  return daysToIso(EXCEL_EPOCH_DAY + Math.floor(serial));
}

function isYearFirst(v: string): boolean {
  return /^\d{4}[-/.]/.test(v) || /^\d{8}$/.test(v);
}

const ISO_DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9] as const;

/** `yyyy-mm-dd` exactly, checked digit by digit (the fast path for most files). */
function isIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (const i of ISO_DIGIT_POSITIONS) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return isValidDay(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
}

const TIME = /^(?:[ T]+|\s+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[aApP]\.?[mM]\.?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** The three date parts and that the rest is a time; `[whole, '', '']` for 8 bare digits. */
function splitDate(s: string): [string, string, string] | null {
  let end = 0;
  while (end < s.length && isDatePartChar(s.charCodeAt(end))) end++;
  const datePart = s.slice(0, end);
  if (end < s.length && !TIME.test(s.slice(end))) return null;
  if (/^\d{8}$/.test(datePart)) return [datePart, '', ''];
  const sep = datePart.search(/[-/.]/);
  if (sep <= 0) return null;
  const separator = datePart[sep]!;
  const parts = datePart.split(separator);
  if (parts.length !== 3 || parts.some((p) => !/^\d+$/.test(p))) return null;
  return [parts[0]!, parts[1]!, parts[2]!];
}

function isDatePartChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 47 || c === 46;
}

function expandTwoDigitYear(yy: number): number {
  return yy < TWO_DIGIT_YEAR_PIVOT ? 2000 + yy : 1900 + yy;
}

function isoIfValid(year: number, month: number, day: number): string | null {
  return isValidDay(year, month, day) ? formatIso(year, month, day) : null;
}

function isValidDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function formatIso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function distinct(values: readonly string[], count: number): string[] {
  return [...new Set(values)].slice(0, count);
}

// Proleptic Gregorian day counts, after Howard Hinnant's "chrono-compatible low-level date
// algorithms" (http://howardhinnant.github.io/date_algorithms.html, days_from_civil / civil_from_days).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
