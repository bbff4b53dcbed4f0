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
      // Only reached if a caller turns off `castDecimalToDouble`: Arrow's big-number value prints its
      // unscaled integer digits.
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

/** Copies an Arrow table into plain row objects, converting each column by its Arrow type. */
export function rowsFromArrow<T extends Row = Row>(table: Table): T[] {
  const rows: Row[] = Array.from({ length: table.numRows }, () => ({}));
  const fields = table.schema.fields;
  for (let column = 0; column < fields.length; column++) {
    const field = fields[column]!;
    const vector = table.getChildAt(column);
    if (!vector) continue;
    const convert = converterFor(field.type as unknown as ArrowType);
    let index = 0;
    // The vector's iterator honours the validity bitmap (nulls come out as null), unlike toArray().
    for (const value of vector) rows[index++]![field.name] = convert(value);
  }
  return rows as T[];
}
