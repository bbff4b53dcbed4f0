// Numbers, money, dates and file sizes written the way the interface language writes them.
// Each formatter takes the language as an optional last argument (the current one by default), and
// keeps its Intl formatters in a small cache: the grid formats hundreds of cells per scroll frame.
import { locale } from './locale.svelte.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(language: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, options);
    numberFormats.set(key, format);
  }
  return format;
}

function dateFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, options);
    dateFormats.set(key, format);
  }
  return format;
}

/** A count or measure, e.g. `1.234,5` in pt-BR. */
export function formatNumber(
  value: number,
  options: Intl.NumberFormatOptions = { maximumFractionDigits: 2 },
  language: string = locale.current,
): string {
  return numberFormat(language, options).format(value);
}

/**
 * A money value. Sales exports rarely say their currency, so without `currency` it is a plain
 * number with two decimals (`1.234,50`), never a guessed symbol.
 */
export function formatMoney(value: number, currency?: string, language: string = locale.current): string {
  const options: Intl.NumberFormatOptions = currency
    ? { style: 'currency', currency }
    : { minimumFractionDigits: 2, maximumFractionDigits: 2 };
  return numberFormat(language, options).format(value);
}

export type DateStyle = 'short' | 'medium' | 'long';

/**
 * A calendar date given as ISO `YYYY-MM-DD` (time, if any, ignored). Read and written in UTC so
 * the day never shifts with the computer's time zone. Text that is not such a date comes back as is.
 */
export function formatDate(iso: string, style: DateStyle = 'medium', language: string = locale.current): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(time)) return iso;
  const options: Intl.DateTimeFormatOptions =
    style === 'short'
      ? { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }
      : { dateStyle: style, timeZone: 'UTC' };
  return dateFormat(language, options).format(time);
}

const MEGABYTE = 1024 * 1024;
const GIGABYTE = 1024 * MEGABYTE;

/** A file size in kB, MB or GB (binary multiples, as file managers show them), e.g. `1,5 GB`. */
export function formatBytes(bytes: number, language: string = locale.current): string {
  if (bytes >= GIGABYTE) {
    return numberFormat(language, { style: 'unit', unit: 'gigabyte', maximumFractionDigits: 1 }).format(bytes / GIGABYTE);
  }
  if (bytes >= MEGABYTE) {
    return numberFormat(language, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / MEGABYTE);
  }
  return numberFormat(language, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(
    bytes > 0 ? Math.max(1, Math.round(bytes / 1024)) : 0,
  );
}
