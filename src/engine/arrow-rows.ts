// Turns DuckDB's Arrow results into plain rows that can cross a worker boundary and go into tests
// as they are: numbers, strings, booleans, null, arrays and records, with dates as ISO strings.
import type { Table } from 'apache-arrow';
import type { Row } from './engine.ts';

// Arrow's `Type` ids (format/Schema.fbs), as `DataType.typeId` reports them. Kept here as numbers so
// this module needs no runtime import of apache-arrow (the CLI build leaves DuckDB's copy external).
const ARROW_INT = 2;
const ARROW_DECIMAL = 7;
const ARROW_DATE = 8;
const ARROW_TIMESTAMP = 10;
const ARROW_LIST = 12;
const ARROW_STRUCT = 13;
const ARROW_FIXED_SIZE_LIST = 16;
const ARROW_LARGE_LIST = 21;
const ARROW_DICTIONARY = -1;

/** The parts of an Arrow `DataType` the conversion reads. */
interface ArrowType {
  readonly typeId: number;
  readonly timezone?: string | null;
  readonly scale?: number;
  readonly dictionary?: ArrowType;
  readonly children?: readonly { readonly name: string; readonly type: ArrowType }[];
}

type Convert = (value: unknown) => unknown;

const MS_PER_DAY = 86_400_000;

/**
 * Arrow hands DATE values over as milliseconds since 1970-01-01 (UTC midnight), whatever the unit on the
 * wire. The UTC fields of that instant are the calendar date, with no local time zone involved.
 */
export function isoDateFromEpochMs(ms: number): string {
  return new Date(Math.floor(ms / MS_PER_DAY) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** TIMESTAMP (no zone) becomes `YYYY-MM-DDTHH:MM:SS.sss`; TIMESTAMPTZ keeps the `Z` of the UTC instant. */
function isoTimestamp(ms: number, hasZone: boolean): string {
  const text = new Date(ms).toISOString();
  return hasZone ? text : text.slice(0, -1);
}

function plainScalar(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

function converterFor(type: ArrowType): Convert {
  switch (type.typeId) {
    case ARROW_DATE:
      return (value) => (value == null ? null : isoDateFromEpochMs(Number(value)));
    case ARROW_TIMESTAMP: {
      const hasZone = type.timezone != null && type.timezone !== '';
      return (value) => (value == null ? null : isoTimestamp(Number(value), hasZone));
    }
    case ARROW_INT:
      return plainScalar;
    case ARROW_DECIMAL: {
      // DECIMAL (and HUGEINT, as DECIMAL(38, 0)) arrives as Arrow's big-number value, which prints its
      // unscaled integer digits; money and counts stay far below 2^53, so a double holds them exactly.
      const divisor = 10 ** (type.scale ?? 0);
      return (value) => (value == null ? null : Number(String(value)) / divisor);
    }
    case ARROW_DICTIONARY:
      // DuckDB ENUM columns: the vector already returns the dictionary value.
      return type.dictionary ? converterFor(type.dictionary) : plainScalar;
    case ARROW_LIST:
    case ARROW_FIXED_SIZE_LIST:
    case ARROW_LARGE_LIST: {
      const child = type.children?.[0];
      const convertItem = child ? converterFor(child.type) : plainScalar;
      return (value) => (value == null ? null : Array.from(value as Iterable<unknown>, convertItem));
    }
    case ARROW_STRUCT: {
      const fields = (type.children ?? []).map((field) => ({ name: field.name, convert: converterFor(field.type) }));
      return (value) => {
        if (value == null) return null;
        const source = value as Record<string, unknown>;
        const record: Row = {};
        for (const { name, convert } of fields) record[name] = convert(source[name]);
        return record;
      };
    }
    default:
      return (value) => {
        if (value == null) return null;
        if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
          return (value as { toJSON(): unknown }).toJSON();
        }
        return plainScalar(value);
      };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Fast path: the common column types are read straight from the typed arrays of each Arrow chunk (values,
// valueOffsets, validity bitmap), without building a Vector per list value. A list of 24 numbers then costs
// 24 array reads instead of a sliced Vector and its iterator (about a second per analysis of a million sales
// lines). Any other type (timestamps, decimals, dictionaries, …) anywhere in a column sends that whole column
// through the converters above, so both paths give the same values by construction.

const ARROW_NULL = 1;
const ARROW_FLOAT = 3;
const ARROW_UTF8 = 5;
const ARROW_BOOL = 6;
const DATE_UNIT_DAY = 0;
const FLOAT_PRECISION_HALF = 0;

/** The parts of an Arrow `Data` chunk the fast path reads (apache-arrow's `Data`, format/Schema.fbs layouts). */
interface ArrowData {
  readonly type: ArrowType & { readonly unit?: number; readonly precision?: number; readonly bitWidth?: number };
  readonly length: number;
  readonly offset: number;
  readonly nullCount: number;
  readonly nullBitmap?: Uint8Array;
  /** Lists and strings: where each value starts (relative to this chunk, already shifted by `offset`). */
  readonly valueOffsets?: Int32Array;
  /** Fixed-width types: one value per row, already shifted by `offset`; strings: their UTF-8 bytes; booleans: bits. */
  readonly values?: ArrayLike<number | bigint>;
  readonly children: readonly ArrowData[];
}

/** Reads the value at `index` of a chunk (null where the validity bitmap says so). */
type Read = (data: ArrowData, index: number) => unknown;

/** Whether the value at `index` is null: Arrow's bitmap has a 0 bit (counted from the chunk's `offset`). */
function isNullAt(data: ArrowData, index: number): boolean {
  if (data.nullCount === 0) return false;
  const bitmap = data.nullBitmap;
  if (bitmap === undefined || bitmap.byteLength === 0) return false;
  const position = data.offset + index;
  return (bitmap[position >> 3]! & (1 << (position & 7))) === 0;
}

const utf8 = new TextDecoder('utf-8');

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** The fast reader of a type, or null when the type (or one inside it) has none. */
function fastReaderFor(type: ArrowData['type']): Read | null {
  switch (type.typeId) {
    case ARROW_NULL:
      return () => null;
    case ARROW_INT:
      // 64-bit integers come as bigint: plain numbers, as plainScalar does.
      return (data, index) => {
        if (isNullAt(data, index)) return null;
        const value = data.values![index]!;
        return typeof value === 'bigint' ? Number(value) : value;
      };
    case ARROW_FLOAT:
      if (type.precision === FLOAT_PRECISION_HALF) return null;
      return (data, index) => (isNullAt(data, index) ? null : data.values![index]!);
    case ARROW_BOOL:
      return (data, index) => {
        if (isNullAt(data, index)) return null;
        const position = data.offset + index;
        return ((data.values![position >> 3] as number) & (1 << (position & 7))) !== 0;
      };
    case ARROW_UTF8: {
      // A chunk whose bytes are all ASCII (customer ids usually are) is decoded once, and each value is a slice
      // of that text: one byte is one character there. Otherwise each value is decoded on its own.
      let chunk: ArrowData | null = null;
      let asciiText: string | null = null;
      return (data, index) => {
        if (isNullAt(data, index)) return null;
        const bytes = data.values as Uint8Array;
        if (data !== chunk) {
          chunk = data;
          asciiText = isAscii(bytes) ? utf8.decode(bytes) : null;
        }
        const offsets = data.valueOffsets!;
        const start = offsets[index]!;
        const end = offsets[index + 1]!;
        return asciiText !== null ? asciiText.slice(start, end) : utf8.decode(bytes.subarray(start, end));
      };
    }
    case ARROW_DATE: {
      if (type.unit !== DATE_UNIT_DAY) return null;
      // Days since 1970-01-01; a book spans a few thousand distinct days, so each ISO text is made once.
      const isoByDay = new Map<number, string>();
      return (data, index) => {
        if (isNullAt(data, index)) return null;
        const day = data.values![index] as number;
        let iso = isoByDay.get(day);
        if (iso === undefined) {
          iso = isoDateFromEpochMs(day * MS_PER_DAY);
          isoByDay.set(day, iso);
        }
        return iso;
      };
    }
    case ARROW_LIST: {
      const child = type.children?.[0];
      const readItem = child ? fastReaderFor(child.type) : null;
      if (readItem === null) return null;
      // Integers of 32 bits or fewer and floats (not half) are the values themselves: copied without a call per item.
      const itemType: ArrowData['type'] = child!.type;
      const isPlainNumber = (itemType.typeId === ARROW_INT && itemType.bitWidth! <= 32) || itemType.typeId === ARROW_FLOAT;
      return (data, index) => {
        if (isNullAt(data, index)) return null;
        const offsets = data.valueOffsets!;
        const items = data.children[0]!;
        const begin = offsets[index]!;
        const length = offsets[index + 1]! - begin;
        const list = new Array<unknown>(length);
        if (isPlainNumber && items.nullCount === 0) {
          const values = items.values!;
          for (let k = 0; k < length; k++) list[k] = values[begin + k];
        } else {
          for (let k = 0; k < length; k++) list[k] = readItem(items, begin + k);
        }
        return list;
      };
    }
    case ARROW_STRUCT: {
      const fields: { name: string; read: Read }[] = [];
      for (const field of type.children ?? []) {
        const read = fastReaderFor(field.type);
        if (read === null) return null;
        fields.push({ name: field.name, read });
      }
      return (data, index) => {
        if (isNullAt(data, index)) return null;
        const record: Row = {};
        for (let f = 0; f < fields.length; f++) record[fields[f]!.name] = fields[f]!.read(data.children[f]!, index);
        return record;
      };
    }
    default:
      return null;
  }
}

/** A column of a table: its chunks, and its values by the Vector iterator (the slow path). */
interface ArrowColumn extends Iterable<unknown> {
  readonly data: readonly ArrowData[];
}

/** Copies an Arrow table into plain row objects, converting each column by its Arrow type. */
export function rowsFromArrow<T extends Row = Row>(table: Table): T[] {
  const rows: Row[] = Array.from({ length: table.numRows }, () => ({}));
  const fields = table.schema.fields;
  for (let column = 0; column < fields.length; column++) {
    const field = fields[column]!;
    const vector = table.getChildAt(column) as unknown as ArrowColumn | null;
    if (!vector) continue;
    const name = field.name;
    const read = fastReaderFor(field.type as unknown as ArrowData['type']);
    let index = 0;
    if (read !== null) {
      for (const data of vector.data) {
        for (let i = 0; i < data.length; i++) rows[index++]![name] = read(data, i);
      }
      continue;
    }
    const convert = converterFor(field.type as unknown as ArrowType);
    // The vector's iterator honours the validity bitmap (nulls come out as null), unlike toArray().
    for (const value of vector) rows[index++]![name] = convert(value);
  }
  return rows as T[];
}
