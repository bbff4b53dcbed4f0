// numbers.ts: money and counts as sales exports write them — `1.234,56` (pt, es, it, de), `1,234.56`
// (en), `1 234,56` (fr, with the no-break spaces Excel writes), `R$ 1.234,56`, `€ 12,50`, `(123,45)`
// for a refund in accounting style, `123-` as some ERPs print negatives.
import type { DecimalSeparator, ThousandsSeparator } from './types';

const DIGIT_0 = 48;
const DIGIT_9 = 57;

/**
 * The number in `raw`, or null when it cannot be read with these separators. Thousands groups must
 * be well formed (1–3 digits, then groups of exactly 3), so `12.34` with decimal `,` is refused
 * rather than read as 1234. A blank cell is the caller's business (it returns null too).
 */
export function parseNumber(raw: string, decimal: DecimalSeparator, thousands: ThousandsSeparator): number | null {
  return scanNumber(raw, decimal, thousands) ?? parseFormattedNumber(raw, decimal, thousands);
}

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `-123`, `123,45`, `-1.234.567,89`: a minus, digits in well-formed thousands groups (or none) and a
 * decimal part — the shape of nearly every cell — read in one scan without building strings. Up to 15
 * digits the value is the integer of all the digits over a power of ten: both are exact doubles and
 * IEEE division rounds correctly, so the result is exactly what `Number()` gives for the decimal text.
 */
function scanNumber(raw: string, decimal: DecimalSeparator, thousands: ThousandsSeparator): number | null {
  const n = raw.length;
  if (n === 0 || n > 40) return null;
  const thousandsCode = thousands === '.' || thousands === ',' ? thousands.charCodeAt(0) : -1;
  const decimalCode = decimal.charCodeAt(0);
  const isNegative = raw.charCodeAt(0) === 45; /* - */
  let digits = 0;
  let mantissa = 0;
  let groupDigits = 0;
  let groups = 0;
  let fractionDigits = -1; // -1 until the decimal mark
  for (let i = isNegative ? 1 : 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      mantissa = mantissa * 10 + (c - DIGIT_0);
      digits++;
      if (fractionDigits === -1) groupDigits++;
      else fractionDigits++;
    } else if (c === thousandsCode && fractionDigits === -1) {
      if (groups === 0 ? groupDigits < 1 || groupDigits > 3 : groupDigits !== 3) return null;
      groups++;
      groupDigits = 0;
    } else if (c === decimalCode && fractionDigits === -1) {
      if (groups > 0 && groupDigits !== 3) return null;
      fractionDigits = 0;
    } else return null;
  }
  if (digits === 0 || fractionDigits === 0 || (groups > 0 && fractionDigits === -1 && groupDigits !== 3)) return null;
  let value: number;
  if (digits <= 15) value = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits]! : mantissa;
  else {
    let plain = groups > 0 ? raw.replaceAll(thousands, '') : raw;
    if (decimal === ',') plain = plain.replace(',', '.');
    value = Math.abs(Number(plain));
  }
  if (isNegative) value = -value;
  return value === 0 ? 0 : value;
}

const CURRENCY = /^(?:r\$|us\$|u\$s|a\$|c\$|\$|€|£|¥|brl|eur|usd|gbp|chf|mxn|ars|clp|cop)/i;
const CURRENCY_AT_END = /(?:r\$|us\$|\$|€|£|¥|brl|eur|usd|gbp|chf|mxn|ars|clp|cop)$/i;
const SPACES = /[\s\u00A0\u202F\u2009]/;

function parseFormattedNumber(raw: string, decimal: DecimalSeparator, thousands: ThousandsSeparator): number | null {
  let s = raw.trim();
  let isNegative = false;
  let signs = 0;
  if (s.startsWith('(') && s.endsWith(')')) {
    isNegative = true;
    signs++;
    s = s.slice(1, -1).trim();
  }
  // Peel signs and currency off both ends, in any order (`-R$ 5`, `R$ -5`, `5 €`, `5-`).
  for (let changed = true; changed && s !== ''; ) {
    changed = false;
    const first = s[0]!;
    if (first === '-' || first === '\u2212' || first === '+') {
      if (first !== '+') isNegative = true;
      signs++;
      s = s.slice(1).trimStart();
      changed = true;
    }
    const currency = CURRENCY.exec(s);
    if (currency) {
      s = s.slice(currency[0].length).trimStart();
      changed = true;
    }
    const last = s[s.length - 1];
    if (last === '-' || last === '\u2212') {
      isNegative = true;
      signs++;
      s = s.slice(0, -1).trimEnd();
      changed = true;
    }
    const currencyAtEnd = CURRENCY_AT_END.exec(s);
    if (currencyAtEnd && currencyAtEnd.index > 0) {
      s = s.slice(0, currencyAtEnd.index).trimEnd();
      changed = true;
    }
  }
  if (signs > 1 || s === '') return null;

  let mantissa = s;
  let exponent = '';
  const e = /[eE][+-]?\d+$/.exec(s);
  if (e) {
    mantissa = s.slice(0, e.index);
    exponent = e[0];
  }
  const decimalAt = mantissa.lastIndexOf(decimal);
  const integerPart = decimalAt === -1 ? mantissa : mantissa.slice(0, decimalAt);
  const fraction = decimalAt === -1 ? '' : mantissa.slice(decimalAt + 1);
  if (!/^\d*$/.test(fraction)) return null;
  const integerDigits = readGroupedInteger(integerPart, thousands);
  if (integerDigits === null || integerDigits + fraction === '') return null;
  const value = Number(`${isNegative ? '-' : ''}${integerDigits || '0'}.${fraction || '0'}${exponent}`);
  if (!Number.isFinite(value)) return null;
  return value === 0 ? 0 : value;
}

/** The digits of `1.234.567` (with `.` as thousands), or null when the groups are malformed. */
function readGroupedInteger(text: string, thousands: ThousandsSeparator): string | null {
  if (/^\d*$/.test(text)) return text;
  if (thousands === '') return null;
  const groups = thousands === ' ' ? text.split(SPACES_GLOBAL) : text.split(thousands === "'" ? /['\u2019]/ : thousands);
  if (groups.length < 2 || !/^\d{1,3}$/.test(groups[0]!)) return null;
  for (let i = 1; i < groups.length; i++) if (!/^\d{3}$/.test(groups[i]!)) return null;
  return groups.join('');
}
const SPACES_GLOBAL = new RegExp(SPACES.source, 'g');

export interface NumberFormat {
  decimal: DecimalSeparator;
  thousands: ThousandsSeparator;
  /** True when the values did not decide the decimal separator (only `1,234`-like or whole numbers, or a tie). */
  isGuess: boolean;
}

/**
 * Decimal and thousands separators from sample values of the money and count columns.
 *
 * Each value votes: with both `.` and `,` the last one is the decimal separator; a single separator
 * followed by 1–2 or 4+ digits is decimal (`122,62`, `0.5`); several of the same are thousands
 * (`1,234,567`); digit groups split by spaces are thousands. `1,234` and `1.234` alone are
 * ambiguous and whole numbers (`6000`) say nothing. The majority of decisive votes wins. Without
 * one (no votes, or a tie), the decimal comma is chosen when `preferDecimalComma` (detect sets it
 * when the delimiter is `;`, the values carry R$ or €, or the dates are day-first in a file not
 * separated by commas, as in Brazil and most of Europe), else the decimal point.
 * The thousands separator is the one seen, else the other mark (`.` with a decimal comma), which
 * costs nothing: groups are checked, so it cannot misread a well-formed number.
 */
export function detectNumberFormat(values: readonly string[], { preferDecimalComma = false } = {}): NumberFormat {
  let commaDecimal = 0;
  let pointDecimal = 0;
  let spaceGroups = 0;
  let apostropheGroups = 0;
  for (const raw of values) {
    const s = raw.trim().replace(/^[(\-+\u2212]*\s*(?:r\$|us\$|\$|€|£)?\s*/i, '');
    if (!/^[\d.,'\u2019\s\u00A0\u202F]*\d[\d.,'\u2019\s\u00A0\u202F]*/.test(s)) continue;
    const core = /^[\d.,'\u2019\s\u00A0\u202F]+/.exec(s)![0].trim();
    if (/\d[\s\u00A0\u202F\u2009]\d{3}(?!\d)/.test(core)) spaceGroups++;
    if (/\d['\u2019]\d{3}(?!\d)/.test(core)) apostropheGroups++;
    const lastComma = core.lastIndexOf(',');
    const lastPoint = core.lastIndexOf('.');
    if (lastComma !== -1 && lastPoint !== -1) {
      if (lastComma > lastPoint) commaDecimal++;
      else pointDecimal++;
      continue;
    }
    const mark = lastComma !== -1 ? ',' : lastPoint !== -1 ? '.' : null;
    if (mark === null) continue;
    const parts = core.split(mark);
    if (parts.length > 2) {
      if (mark === ',') pointDecimal++;
      else commaDecimal++;
      continue;
    }
    const before = parts[0]!.replace(/\D/g, '');
    const after = parts[1]!.replace(/\D/g, '');
    const isLikeThousands = after.length === 3 && before.length >= 1 && before.length <= 3 && before !== '0';
    if (isLikeThousands) continue;
    if (mark === ',') commaDecimal++;
    else pointDecimal++;
  }
  const isGuess = commaDecimal === pointDecimal;
  const decimal: DecimalSeparator = isGuess ? (preferDecimalComma ? ',' : '.') : commaDecimal > pointDecimal ? ',' : '.';
  let thousands: ThousandsSeparator = decimal === ',' ? '.' : ',';
  if (spaceGroups > 0) thousands = ' ';
  else if (apostropheGroups > 0) thousands = "'";
  return { decimal, thousands, isGuess };
}

/** How a number looks with these separators, for the `expected` field of an issue: `number 1.234,56`. */
export function numberExample(decimal: DecimalSeparator, thousands: ThousandsSeparator): string {
  return `number 1${thousands}234${decimal}56`;
}
