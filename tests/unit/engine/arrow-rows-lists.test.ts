// rowsFromArrow reads list, record and scalar columns straight from Arrow's typed arrays. The tables are built
// here with apache-arrow from plain values written in the test, so the expected rows are those same values
// (BIGINT as plain numbers, DATE as ISO text), whatever path the conversion takes.
import {
  DateDay,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  Struct,
  Table,
  TimestampMillisecond,
  Utf8,
  Vector,
  vectorFromArray,
  type DataType,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { rowsFromArrow } from '../../../src/engine/arrow-rows.ts';

const listOf = <T extends DataType>(type: T) => new List(new Field('item', type, true));
const DAY_MS = 86_400_000;

describe('rowsFromArrow on list columns', () => {
  it('reads lists of ints, doubles and strings, with nulls inside them, empty lists and null lists', () => {
    const table = new Table({
      ints: vectorFromArray([[1, 2, 3], [], null, [-7, null, 2147483647]], listOf(new Int32())),
      doubles: vectorFromArray([[0.5, -0], [null], [1e300, 0.1 + 0.2], []], listOf(new Float64())),
      texts: vectorFromArray([['a', 'Café'], null, ['', null, 'ünï'], []], listOf(new Utf8())),
    });
    expect(rowsFromArrow(table)).toEqual([
      { ints: [1, 2, 3], doubles: [0.5, -0], texts: ['a', 'Café'] },
      { ints: [], doubles: [null], texts: null },
      { ints: null, doubles: [1e300, 0.30000000000000004], texts: ['', null, 'ünï'] },
      { ints: [-7, null, 2147483647], doubles: [], texts: [] },
    ]);
    // -0 stays -0: the values are the stored doubles.
    expect(Object.is((rowsFromArrow(table)[0]!.doubles as number[])[1], -0)).toBe(true);
  });

  it('reads BIGINT lists as plain numbers, nulls included', () => {
    const table = new Table({
      ids: vectorFromArray([[1n, 9007199254740991n], [null, -3n], []], listOf(new Int64())),
      lines: vectorFromArray([4n, null, -1n], new Int64()),
    });
    expect(rowsFromArrow(table)).toEqual([
      { ids: [1, 9007199254740991], lines: 4 },
      { ids: [null, -3], lines: null },
      { ids: [], lines: -1 },
    ]);
  });

  it('reads lists of dates as ISO dates, and lists inside records and records inside lists', () => {
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    const span = new Struct([new Field('first', new DateDay(), true), new Field('days', listOf(new Int32()), true)]);
    const table = new Table({
      dates: vectorFromArray([[day('2024-02-29'), null, day('1969-12-31')], []], listOf(new DateDay())),
      span: vectorFromArray(
        [
          { first: day('2023-05-06'), days: [19483, 19484] },
          { first: null, days: null },
        ],
        span,
      ),
      spans: vectorFromArray([[{ first: day('2024-01-01'), days: [] }], [null]], listOf(span)),
    });
    expect(rowsFromArrow(table)).toEqual([
      {
        dates: ['2024-02-29', null, '1969-12-31'],
        span: { first: '2023-05-06', days: [19483, 19484] },
        spans: [{ first: '2024-01-01', days: [] }],
      },
      { dates: [], span: { first: null, days: null }, spans: [null] },
    ]);
  });

  it('reads every record batch of a table (ASCII text in one, accents in the other) and the rows of a sliced table', () => {
    const batch = (lists: (number[] | null)[], names: string[]) =>
      new Table({ days: vectorFromArray(lists, listOf(new Int32())), name: vectorFromArray(names, new Utf8()) });
    const table = batch([[1, 2], null], ['a', 'b']).concat(batch([[3], [], [4, 5, 6]], ['c', 'dé', 'e']));
    expect(table.batches).toHaveLength(2);
    expect(rowsFromArrow(table)).toEqual([
      { days: [1, 2], name: 'a' },
      { days: null, name: 'b' },
      { days: [3], name: 'c' },
      { days: [], name: 'dé' },
      { days: [4, 5, 6], name: 'e' },
    ]);
    // A slice starts inside a batch: its offsets, values and validity bits all start further in.
    expect(rowsFromArrow(table.slice(1, 5))).toEqual([
      { days: null, name: 'b' },
      { days: [3], name: 'c' },
      { days: [], name: 'dé' },
      { days: [4, 5, 6], name: 'e' },
    ]);
    const one = batch([[7], null, [8, 9]], ['x', 'y', 'z']);
    expect(rowsFromArrow(one.slice(2))).toEqual([{ days: [8, 9], name: 'z' }]);
  });

  it('reads a list whose items have a validity bitmap but no null as the plain values', () => {
    // A bitmap of all ones, as some writers send: nothing is null.
    const values = makeData({ type: new Int32(), length: 3, nullCount: 0, data: Int32Array.from([5, 6, 7]), nullBitmap: Uint8Array.of(0b111) });
    const lists = makeData({ type: listOf(new Int32()), length: 2, nullCount: 0, valueOffsets: Int32Array.from([0, 1, 3]), child: values });
    expect(rowsFromArrow(new Table({ days: new Vector([lists]) }))).toEqual([{ days: [5] }, { days: [6, 7] }]);
  });

  it('keeps the slower conversion for the types it has no fast path for, such as timestamps inside lists', () => {
    const at = Date.UTC(2024, 2, 5, 13, 45, 30, 250);
    const table = new Table({
      stamps: vectorFromArray([[at, null], null], listOf(new TimestampMillisecond())),
      day: vectorFromArray([new Date(20 * DAY_MS), null], new DateDay()),
    });
    expect(rowsFromArrow(table)).toEqual([
      { stamps: ['2024-03-05T13:45:30.250', null], day: '1970-01-21' },
      { stamps: null, day: null },
    ]);
  });
});
