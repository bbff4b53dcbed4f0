// rows.ts: one CSV record → one canonical sales row, or the reasons it was rejected. Cells are trimmed,
// blank text becomes null, and the amount comes from its column or from quantity × unit price.
// This runs once per line of the file, so it allocates nothing for a good row beyond the row itself.
import { dateExample, isoToDays, parseDate } from './dates';
import { isBlankRecord } from './records';
import { numberExample, parseNumber } from './numbers';
import type { CsvSettings, ImportErrorCode, ImportIssue, Mapping, Role, SalesRow } from './types';

/** Longer cells are refused: nobody types 10,000 characters in a sales line; a broken quote does. */
export const MAX_CELL_CHARS = 10_000;
/** Raw values quoted in an issue are cut to this length. */
const MAX_ISSUE_VALUE_CHARS = 200;

export const DEFAULT_DATE_WINDOW = { from: '1900-01-01', to: '2100-12-31' } as const;

export interface RowOutcome {
  line: number;
  /** The canonical row, or null when the record was rejected. */
  row: SalesRow | null;
  /** Why it was rejected (empty for a good row). Only the first problem unless all were asked for. */
  issues: ImportIssue[];
  /** The order date as days since 1970-01-01 (NaN when it could not be read). */
  day: number;
  /** The raw text of the order date cell. */
  dateText: string;
}

export interface RowReaderOptions {
  fileName: string;
  headers: readonly string[];
  settings: CsvSettings;
  mapping: Mapping;
  dateWindow?: { from: string; to: string };
  /** Report every problem of a record (the preview does) rather than stop at the first. */
  collectAllIssues?: boolean;
}

/** Reads records into outcomes (null for a blank line, which is skipped without a word). */
export type RowReader = (cells: string[], line: number) => RowOutcome | null;

const TEXT_ROLES = ['order_id', 'product', 'category', 'channel', 'salesperson', 'customer_name', 'region'] as const;
const DATE_CACHE_LIMIT = 50_000;
const NO_ISSUES: ImportIssue[] = [];

interface ReadDate {
  iso: string | null;
  day: number;
}

export function createRowReader({
  fileName,
  headers,
  settings,
  mapping,
  dateWindow = DEFAULT_DATE_WINDOW,
  collectAllIssues = false,
}: RowReaderOptions): RowReader {
  const fromIso = parseDate(dateWindow.from, 'ymd');
  const toIso = parseDate(dateWindow.to, 'ymd');
  if (!fromIso || !toIso || fromIso > toIso) {
    throw new RangeError(`dateWindow must be two ISO dates, from ≤ to, got ${dateWindow.from} .. ${dateWindow.to}`);
  }
  const fromDay = isoToDays(fromIso);
  const toDay = isoToDays(toIso);
  const width = headers.length;
  const { decimal, thousands, dateOrder } = settings;
  const expectedNumber = numberExample(decimal, thousands);
  const expectedDate = dateExample(dateOrder);
  const at = (role: Role): number => mapping[role] ?? -1;
  const iCustomer = at('customer_id');
  const iDate = at('order_date');
  const iAmount = at('amount');
  const iQuantity = at('quantity');
  const iUnitPrice = at('unit_price');
  const iCost = at('cost');
  const isAmountFromProduct = iAmount === -1 && iQuantity !== -1 && iUnitPrice !== -1;
  const isComplete = iCustomer !== -1 && iDate !== -1 && (iAmount !== -1 || isAmountFromProduct);
  const textColumns = TEXT_ROLES.filter((role) => mapping[role] !== undefined).map((role) => [role, mapping[role]!] as const);

  function issue(
    code: ImportErrorCode,
    line: number,
    role: Role | null,
    value?: string,
    expected?: string,
    params?: ImportIssue['params'],
  ): ImportIssue {
    const problem: ImportIssue = { code, file: fileName, line };
    if (role !== null) problem.column = headers[mapping[role]!];
    if (value !== undefined) problem.value = value.length > MAX_ISSUE_VALUE_CHARS ? value.slice(0, MAX_ISSUE_VALUE_CHARS) : value;
    if (expected !== undefined) problem.expected = expected;
    problem.params = role === null ? { ...params } : { role, ...params };
    return problem;
  }

  // Sales files repeat the same few hundred dates; reading each text once saves most of the work.
  const dateCache = new Map<string, ReadDate>();
  function readDate(text: string): ReadDate {
    let read = dateCache.get(text);
    if (read === undefined) {
      if (dateCache.size >= DATE_CACHE_LIMIT) dateCache.clear();
      const iso = parseDate(text, dateOrder);
      read = { iso, day: iso === null ? NaN : isoToDays(iso) };
      dateCache.set(text, read);
    }
    return read;
  }

  // Problems of the record being read; copied out only when there are some.
  const found: ImportIssue[] = [];
  const rejected = (line: number, day: number, dateText: string): RowOutcome => ({ line, row: null, issues: found.slice(), day, dateText });

  function readNumber(cells: string[], index: number, role: Role, line: number): number | null {
    if (index === -1) return null;
    const text = (cells[index] ?? '').trim();
    if (text === '') return null;
    const value = parseNumber(text, decimal, thousands);
    if (value === null) found.push(issue('IMPORT_BAD_NUMBER', line, role, text, expectedNumber));
    return value;
  }

  return (cells, line) => {
    if (isBlankRecord(cells)) return null;
    found.length = 0;
    // Spreadsheets pad rows with empty cells; only cells that hold something make a row too long.
    if (cells.length < width || (cells.length > width && !isBlankRecord(cells.slice(width)))) {
      found.push(issue('IMPORT_RAGGED_ROW', line, null, undefined, `${width} fields`, { expected: width, found: cells.length }));
      return rejected(line, NaN, '');
    }
    for (let i = 0; i < width; i++) {
      const length = cells[i]!.length;
      if (length <= MAX_CELL_CHARS) continue;
      found.push({
        code: 'IMPORT_FIELD_TOO_LONG',
        file: fileName,
        line,
        column: headers[i],
        value: cells[i]!.slice(0, MAX_ISSUE_VALUE_CHARS),
        params: { length, limit: MAX_CELL_CHARS },
      });
      if (!collectAllIssues) return rejected(line, NaN, '');
    }

    const customerId = iCustomer === -1 ? '' : (cells[iCustomer] ?? '').trim();
    if (iCustomer !== -1 && customerId === '') {
      found.push(issue('IMPORT_MISSING_VALUE', line, 'customer_id', ''));
      if (!collectAllIssues) return rejected(line, NaN, '');
    }

    const dateText = iDate === -1 ? '' : (cells[iDate] ?? '').trim();
    let orderDate: string | null = null;
    let day = NaN;
    if (iDate !== -1) {
      if (dateText === '') found.push(issue('IMPORT_MISSING_VALUE', line, 'order_date', ''));
      else {
        const read = readDate(dateText);
        if (read.iso === null) found.push(issue('IMPORT_BAD_DATE', line, 'order_date', dateText, expectedDate));
        else if (read.day < fromDay || read.day > toDay) {
          const expected = `date between ${fromIso} and ${toIso}`;
          found.push(issue('IMPORT_IMPLAUSIBLE_DATE', line, 'order_date', dateText, expected, { from: fromIso!, to: toIso! }));
        } else {
          orderDate = read.iso;
          day = read.day;
        }
      }
      if (found.length > 0 && !collectAllIssues) return rejected(line, day, dateText);
    }

    const quantity = readNumber(cells, iQuantity, 'quantity', line);
    const unitPrice = readNumber(cells, iUnitPrice, 'unit_price', line);
    const cost = readNumber(cells, iCost, 'cost', line);
    let amount: number | null = null;
    if (iAmount !== -1) {
      if ((cells[iAmount] ?? '').trim() === '') found.push(issue('IMPORT_MISSING_VALUE', line, 'amount', ''));
      else amount = readNumber(cells, iAmount, 'amount', line);
    } else if (isAmountFromProduct) {
      if ((cells[iQuantity] ?? '').trim() === '') found.push(issue('IMPORT_MISSING_VALUE', line, 'quantity', ''));
      if ((cells[iUnitPrice] ?? '').trim() === '') found.push(issue('IMPORT_MISSING_VALUE', line, 'unit_price', ''));
      // toPrecision(15) drops the binary noise of the product (3 × 19.99 is 59.97, not 59.970000000000006).
      if (quantity !== null && unitPrice !== null) amount = Number((quantity * unitPrice).toPrecision(15));
    }
    if (found.length > 0 || !isComplete || orderDate === null || amount === null) return rejected(line, day, dateText);

    const row: SalesRow = {
      customer_id: customerId,
      order_date: orderDate,
      amount,
      quantity,
      unit_price: unitPrice,
      cost,
      order_id: null,
      product: null,
      category: null,
      channel: null,
      salesperson: null,
      customer_name: null,
      region: null,
      source_file: fileName,
      source_line: line,
    };
    for (const [role, index] of textColumns) {
      const text = (cells[index] ?? '').trim();
      if (text !== '') row[role] = text;
    }
    return { line, row, issues: NO_ISSUES, day, dateText };
  };
}
