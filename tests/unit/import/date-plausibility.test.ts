import { describe, expect, it } from 'vitest';
import { createDateGate } from '../../../src/import/date-plausibility';
import { isoToDays } from '../../../src/import/dates';
import type { RowOutcome } from '../../../src/import/rows';
import type { SalesRow } from '../../../src/import/types';

function outcome(line: number, iso: string): RowOutcome {
  const row = { customer_id: 'A', order_date: iso, amount: 1, source_line: line } as SalesRow;
  return { line, row, issues: [], day: isoToDays(iso), dateText: iso };
}

function judge(dates: string[], referenceDates = 10_000, maxGapYears = 10) {
  const out: RowOutcome[] = [];
  const gate = createDateGate({ fileName: 'f.csv', column: 'data', referenceDates, maxGapYears, onOutcome: (o) => out.push(o) });
  dates.forEach((d, i) => gate.offer(outcome(i + 2, d)));
  gate.finish();
  return out;
}

describe('createDateGate', () => {
  it('holds outcomes until the reference is known, then hands them on in file order', () => {
    const out: RowOutcome[] = [];
    const gate = createDateGate({ fileName: 'f.csv', column: 'data', referenceDates: 3, onOutcome: (o) => out.push(o) });
    gate.offer(outcome(2, '2022-01-01'));
    gate.offer({ line: 3, row: null, issues: [], day: NaN, dateText: '' });
    gate.offer(outcome(4, '2022-01-02'));
    expect(out).toEqual([]);
    gate.offer(outcome(5, '2022-01-03'));
    expect(out.map((o) => o.line)).toEqual([2, 3, 4, 5]);
    gate.offer(outcome(6, '2022-01-04'));
    expect(out.map((o) => o.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it('rejects dates cut off from the body of the file by more than the gap, with the allowed range', () => {
    const out = judge(['2022-03-01', '2002-03-16', '2021-11-30', '2019-08-01', '2022-06-15']);
    const rejected = out.filter((o) => o.row === null);
    expect(rejected.map((o) => o.issues[0])).toEqual([
      {
        code: 'IMPORT_IMPLAUSIBLE_DATE',
        file: 'f.csv',
        line: 3,
        column: 'data',
        value: '2002-03-16',
        expected: 'date between 2009-08-01 and 2032-06-15',
        params: { role: 'order_date', from: '2009-08-01', to: '2032-06-15', maxGapYears: 10 },
      },
    ]);
  });

  it('keeps a body linked by steps shorter than the gap, however long it is', () => {
    const yearly = Array.from({ length: 40 }, (_, i) => `${1980 + i}-06-01`);
    expect(judge(yearly).every((o) => o.row !== null)).toBe(true);
    expect(judge([...yearly].reverse(), 5).every((o) => o.row !== null)).toBe(true);
  });

  it('takes the gap in years, and Infinity turns the check off', () => {
    expect(judge(['2022-01-01', '2022-01-02', '2016-12-31'], 10_000, 5).map((o) => o.row !== null)).toEqual([true, true, false]);
    expect(judge(['2022-01-01', '2022-01-02', '1902-12-31'], 10_000, Infinity).every((o) => o.row !== null)).toBe(true);
  });

  it('checks its options', () => {
    expect(() => createDateGate({ fileName: 'f', column: 'd', maxGapYears: -1, onOutcome: () => {} })).toThrow('maxGapYears must be a number ≥ 0, got -1');
  });
});
