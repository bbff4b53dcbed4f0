// A sales batch: how imported sales lines travel from the importer (usually in the import worker) into
// DuckDB. It is one Arrow IPC stream whose columns are those of the `sales` table, in its order and with
// its types, so DuckDB appends it as it is: numbers stay the exact doubles the importer read, dates are
// day counts, and text is UTF-8. `source_file` carries the tag of the append, the same on every row.
import {
  DateDay,
  Dictionary,
  Field,
  Float64,
  Int32,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  type Data,
} from 'apache-arrow';
import { SALES_COLUMNS, type SalesRow } from '../import/types.ts';
import { TextColumn, utf8Data } from './text-column.ts';

/** Rows ready for `appendSalesBatch` (pipeline.ts): an Arrow IPC stream, plain data that can cross to a worker. */
export interface SalesBatch {
  bytes: Uint8Array;
  rowCount: number;
}

/** The columns of a batch, in the `sales` table's order (DuckDB matches them by position). */
export const SALES_BATCH_COLUMNS = SALES_COLUMNS;

const INITIAL_CAPACITY = 8192;

export interface SalesBatchBuilder {
  readonly rowCount: number;
  /** About how many bytes the batch holds so far, to cut batches of a bounded size. */
  readonly byteLength: number;
  /**
   * Adds `rows` (their own `source_file` is replaced by the tag). Throws RangeError on a value DuckDB would
   * refuse, naming its line, and then adds none of them.
   */
  add(rows: readonly SalesRow[]): void;
  /** The rows added since the last call, as one batch; the builder starts over empty. */
  take(): SalesBatch;
}

/** Collects sales rows into batches tagged `fileTag`. */
export function createSalesBatchBuilder(fileTag: string): SalesBatchBuilder {
  if (typeof fileTag !== 'string' || fileTag === '') {
    throw new RangeError(`fileTag must be a non-empty text, got ${JSON.stringify(fileTag)}`);
  }
  let capacity = INITIAL_CAPACITY;
  let rowCount = 0;
  let days = new Int32Array(capacity);
  let lines = new Int32Array(capacity);
  const amount = new NumberColumn(capacity);
  const quantity = new NumberColumn(capacity);
  const unitPrice = new NumberColumn(capacity);
  const cost = new NumberColumn(capacity);
  const customerId = new TextColumn(capacity);
  const orderId = new TextColumn(capacity);
  const product = new TextColumn(capacity);
  const category = new TextColumn(capacity);
  const channel = new TextColumn(capacity);
  const salesperson = new TextColumn(capacity);
  const customerName = new TextColumn(capacity);
  const region = new TextColumn(capacity);
  const texts = [customerId, orderId, product, category, channel, salesperson, customerName, region];
  const sourceFile = makeVector(utf8Data([fileTag]));

  function reserve(rows: number): void {
    if (rows <= capacity) return;
    capacity = Math.max(rows, capacity * 2);
    days = grown(days, capacity, rowCount);
    lines = grown(lines, capacity, rowCount);
    for (const column of [amount, quantity, unitPrice, cost]) column.reserve(capacity, rowCount);
    for (const column of texts) column.reserve(capacity);
  }

  return {
    get rowCount() {
      return rowCount;
    },
    get byteLength() {
      let bytes = rowCount * (4 + 4 * 8 + 4);
      for (const column of texts) bytes += column.byteLength;
      return bytes;
    },

    add(rows) {
      reserve(rowCount + rows.length);
      // Check every row before writing any, so a refused row leaves the batch as it was.
      let lastDate = '';
      let lastDay = 0;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const line = row.source_line;
        if ((line | 0) !== line) throw new RangeError(`source_line must be an integer below 2^31, got ${line}`);
        if (typeof row.customer_id !== 'string') {
          throw new RangeError(`customer_id must be a text, got ${String(row.customer_id)} (line ${line})`);
        }
        if (row.order_date !== lastDate) {
          lastDay = daysSinceEpoch(row.order_date);
          if (Number.isNaN(lastDay)) {
            throw new RangeError(`order_date must be an ISO date YYYY-MM-DD, got ${JSON.stringify(row.order_date)} (line ${line})`);
          }
          lastDate = row.order_date;
        }
        days[rowCount + i] = lastDay;
        checkNumber(row.amount, 'amount', line, false);
        checkNumber(row.quantity, 'quantity', line, true);
        checkNumber(row.unit_price, 'unit_price', line, true);
        checkNumber(row.cost ?? null, 'cost', line, true);
      }
      for (const row of rows) {
        lines[rowCount] = row.source_line;
        amount.set(rowCount, row.amount);
        quantity.set(rowCount, row.quantity);
        unitPrice.set(rowCount, row.unit_price);
        cost.set(rowCount, row.cost ?? null);
        customerId.push(row.customer_id);
        // Spelled out rather than looped over role names: this runs for every line of the file.
        orderId.push(row.order_id ?? null);
        product.push(row.product ?? null);
        category.push(row.category ?? null);
        channel.push(row.channel ?? null);
        salesperson.push(row.salesperson ?? null);
        customerName.push(row.customer_name ?? null);
        region.push(row.region ?? null);
        rowCount++;
      }
    },

    take() {
      const length = rowCount;
      let dictionaryId = 0;
      const columns: Record<(typeof SALES_BATCH_COLUMNS)[number], Data> = {
        customer_id: customerId.data(dictionaryId++),
        order_date: makeData({ type: new DateDay(), length, data: days.subarray(0, length) }),
        amount: amount.data(length),
        quantity: quantity.data(length),
        unit_price: unitPrice.data(length),
        cost: cost.data(length),
        order_id: orderId.data(dictionaryId++),
        product: product.data(dictionaryId++),
        category: category.data(dictionaryId++),
        channel: channel.data(dictionaryId++),
        salesperson: salesperson.data(dictionaryId++),
        customer_name: customerName.data(dictionaryId++),
        region: region.data(dictionaryId++),
        // One dictionary entry, the tag, and a key of 0 for every row.
        source_file: makeData({
          type: new Dictionary(new Utf8(), new Int32(), dictionaryId++),
          length,
          data: new Int32Array(length),
          dictionary: sourceFile,
        }),
        source_line: makeData({ type: new Int32(), length, data: lines.subarray(0, length) }),
      };
      const fields = SALES_BATCH_COLUMNS.map((name) => new Field(name, columns[name].type, columns[name].nullCount > 0));
      const children = SALES_BATCH_COLUMNS.map((name) => columns[name]);
      const schema = new Schema(fields);
      const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }));
      const bytes = tableToIPC(new Table(schema, [batch]), 'stream');

      // The next batch starts with the room this one needed: batches are cut at a steady size.
      rowCount = 0;
      days = new Int32Array(capacity);
      lines = new Int32Array(capacity);
      for (const column of [amount, quantity, unitPrice, cost, ...texts]) column.reset(capacity);
      return { bytes, rowCount: length };
    },
  };
}

/** `rows` as one batch tagged `fileTag`. Throws RangeError on a value DuckDB would refuse. */
export function encodeSalesBatch(rows: readonly SalesRow[], fileTag: string): SalesBatch {
  const builder = createSalesBatchBuilder(fileTag);
  builder.add(rows);
  return builder.take();
}

function checkNumber(value: number | null | undefined, column: string, line: number, isNullable: boolean): void {
  if (value == null && isNullable) return;
  if (!Number.isFinite(value)) throw new RangeError(`${column} must be a finite number, got ${value} (line ${line})`);
}

/** A DOUBLE column; NaN and infinities were refused before `set`. */
class NumberColumn {
  #values: Float64Array;
  #validity: Uint8Array;
  #nullCount = 0;

  constructor(capacity: number) {
    this.#values = new Float64Array(capacity);
    this.#validity = new Uint8Array((capacity + 7) >> 3);
  }

  set(row: number, value: number | null | undefined): void {
    if (value == null) this.#nullCount++;
    else {
      this.#values[row] = value;
      this.#validity[row >> 3]! |= 1 << (row & 7);
    }
  }

  reserve(capacity: number, rows: number): void {
    this.#values = grown(this.#values, capacity, rows);
    const validity = new Uint8Array((capacity + 7) >> 3);
    validity.set(this.#validity);
    this.#validity = validity;
  }

  reset(capacity: number): void {
    this.#values = new Float64Array(capacity);
    this.#validity = new Uint8Array((capacity + 7) >> 3);
    this.#nullCount = 0;
  }

  data(length: number): Data<Float64> {
    return makeData({
      type: new Float64(),
      length,
      nullCount: this.#nullCount,
      nullBitmap: this.#nullCount > 0 ? this.#validity : undefined,
      data: this.#values.subarray(0, length),
    });
  }
}

function grown<T extends Int32Array | Float64Array>(values: T, capacity: number, rows: number): T {
  const copy = new (values.constructor as new (length: number) => T)(capacity);
  copy.set(values.subarray(0, rows));
  return copy;
}

/**
 * Days from 1970-01-01 to the ISO date `text` (proleptic Gregorian calendar, as DuckDB's DATE), or NaN
 * when `text` is not `YYYY-MM-DD` or names a day that does not exist. Pure arithmetic: no time zone
 * can move it. Days-from-civil algorithm of H. Hinnant, https://howardhinnant.github.io/date_algorithms.html
 */
export function daysSinceEpoch(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The number written by the ASCII digits text[from..to), or NaN. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
