import { describe, expect, it } from 'vitest';
import { addYears, dateExample, daysToIso, detectDateOrder, isoToDays } from '../../../src/import/dates';
import { parseDate, type DateOrder } from '../../../src/import/index';

describe('parseDate', () => {
  const cases: Array<[raw: string, order: DateOrder, expected: string | null]> = [
    // ISO, with and without time, under every order
    ['2024-03-05', 'ymd', '2024-03-05'],
    ['2024-03-05', 'dmy', '2024-03-05'],
    ['2024-03-05', 'mdy', '2024-03-05'],
    ['2024-03-05 14:30', 'ymd', '2024-03-05'],
    ['2024-03-05 14:30:00', 'ymd', '2024-03-05'],
    ['2024-03-05T14:30:00Z', 'ymd', '2024-03-05'],
    ['2024-03-05T23:30:00.123+02:00', 'ymd', '2024-03-05'],
    ['2024/3/5', 'ymd', '2024-03-05'],
    ['2024.03.05', 'ymd', '2024-03-05'],
    ['20240305', 'ymd', '2024-03-05'],
    // day first
    ['05/03/2024', 'dmy', '2024-03-05'],
    ['5/3/2024', 'dmy', '2024-03-05'],
    ['05-03-2024', 'dmy', '2024-03-05'],
    ['05.03.2024', 'dmy', '2024-03-05'],
    ['05/03/24', 'dmy', '2024-03-05'],
    ['05/03/2024 02:01', 'dmy', '2024-03-05'],
    ['18/06/2022 02:01:59', 'dmy', '2022-06-18'],
    ['  31/12/1999  ', 'dmy', '1999-12-31'],
    // month first
    ['03/05/2024', 'mdy', '2024-03-05'],
    ['3/5/2024', 'mdy', '2024-03-05'],
    ['12/31/2024 11:59 PM', 'mdy', '2024-12-31'],
    ['3/5/24 9:05 am', 'mdy', '2024-03-05'],
    // two-digit year pivot: 00–69 → 20xx, 70–99 → 19xx
    ['01/01/00', 'dmy', '2000-01-01'],
    ['01/01/69', 'dmy', '2069-01-01'],
    ['01/01/70', 'dmy', '1970-01-01'],
    ['01/01/99', 'dmy', '1999-01-01'],
    // Excel serials (days since 1899-12-30)
    ['45292', 'excel', '2024-01-01'],
    ['45292.75', 'excel', '2024-01-01'],
    ['45292,5', 'excel', '2024-01-01'],
    ['36526', 'excel', '2000-01-01'],
    ['61', 'excel', '1900-03-01'],
    ['2024-01-01', 'excel', '2024-01-01'],
    // calendar checks
    ['29/02/2024', 'dmy', '2024-02-29'],
    ['29/02/2023', 'dmy', null],
    ['29/02/1900', 'dmy', null],
    ['29/02/2000', 'dmy', '2000-02-29'],
    ['31/02/2024', 'dmy', null],
    ['31/04/2024', 'dmy', null],
    ['2024-02-30', 'ymd', null],
    ['2024-13-01', 'ymd', null],
    ['00/01/2024', 'dmy', null],
    // wrong order for the value
    ['13/01/2024', 'mdy', null],
    ['01/13/2024', 'dmy', null],
    ['05/03/2024', 'ymd', null],
    ['05/03/2024', 'excel', null],
    ['20240305', 'dmy', null],
    // not dates
    ['', 'dmy', null],
    ['yesterday', 'dmy', null],
    ['March 5, 2024', 'mdy', null],
    ['05/03', 'dmy', null],
    ['05/03-2024', 'dmy', null],
    ['5/3/2024 25', 'dmy', null],
    ['05/03/202', 'dmy', null],
    ['45292', 'dmy', null],
    ['0', 'excel', null],
    ['-5', 'excel', null],
  ];
  it.each(cases)('reads %j as %s → %j', (raw, order, expected) => {
    expect(parseDate(raw, order)).toBe(expected);
  });
});

describe('detectDateOrder', () => {
  it('picks dmy when a first part is over 12', () => {
    expect(detectDateOrder(['03/01/2022', '25/01/2022', '04/02/2022'], 'mdy')).toMatchObject({ order: 'dmy', isAmbiguous: false });
  });

  it('picks mdy when a second part is over 12', () => {
    expect(detectDateOrder(['03/01/2022', '01/25/2022'], 'dmy')).toMatchObject({ order: 'mdy', isAmbiguous: false });
  });

  it('picks ymd for ISO dates and compact yyyymmdd', () => {
    expect(detectDateOrder(['1997-01-01', '1997-01-18 10:00'], 'dmy')).toMatchObject({ order: 'ymd', isAmbiguous: false });
    expect(detectDateOrder(['19970101', '19970118'], 'dmy')).toMatchObject({ order: 'ymd', isAmbiguous: false });
  });

  it('asks when every value fits both orders, and proposes the fallback meanwhile', () => {
    const guess = detectDateOrder(['01/02/2024', '03/04/2024', '01/02/2024', '05/06/2024', '07/08/2024'], 'dmy');
    expect(guess).toEqual({ order: 'dmy', isAmbiguous: true, isUnknown: false, examples: ['01/02/2024', '03/04/2024', '05/06/2024'] });
  });

  it('reads a column of numbers in the plausible serial range as Excel serials', () => {
    expect(detectDateOrder(['45292', '45293.5', '45400'], 'mdy')).toMatchObject({ order: 'excel' });
  });

  it('does not take small numbers for Excel serials', () => {
    expect(detectDateOrder(['1', '2', '3'], 'mdy')).toMatchObject({ isUnknown: true });
  });

  it('says the format is unknown when no value reads in any order', () => {
    expect(detectDateOrder(['March 5, 2024', 'April 1, 2024'], 'mdy')).toEqual({
      order: 'mdy',
      isAmbiguous: false,
      isUnknown: true,
      examples: ['March 5, 2024', 'April 1, 2024'],
    });
  });

  it('lets the majority decide when values disagree, and ignores blanks', () => {
    expect(detectDateOrder(['25/01/2022', '26/01/2022', '01/13/2022', '', '  '], 'mdy')).toMatchObject({ order: 'dmy' });
  });
});

describe('day numbers', () => {
  it('round-trips ISO dates through days since 1970-01-01', () => {
    expect(isoToDays('1970-01-01')).toBe(0);
    expect(isoToDays('2000-03-01')).toBe(11017);
    for (const iso of ['1900-01-01', '1999-12-31', '2000-02-29', '2024-12-31', '2100-12-31']) {
      expect(daysToIso(isoToDays(iso))).toBe(iso);
    }
  });

  it('matches the JavaScript calendar for a run of days', () => {
    for (let day = -30000; day < 60000; day += 97) {
      expect(daysToIso(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
    }
  });
});

describe('addYears', () => {
  it('moves by calendar years, landing 29 February on the 28th', () => {
    expect(daysToIso(addYears(isoToDays('2022-06-15'), 10))).toBe('2032-06-15');
    expect(daysToIso(addYears(isoToDays('2019-08-01'), -10))).toBe('2009-08-01');
    expect(daysToIso(addYears(isoToDays('2024-02-29'), 1))).toBe('2025-02-28');
    expect(daysToIso(addYears(isoToDays('2024-02-29'), -4))).toBe('2020-02-29');
  });

  it('takes a fractional count of years as 365.2425 days each', () => {
    expect(addYears(0, 0.5) - 0).toBe(183);
  });
});

describe('dateExample', () => {
  it('shows the order the user chose', () => {
    expect(dateExample('dmy')).toBe('date dd/mm/yyyy');
    expect(dateExample('excel')).toBe('date (Excel serial number)');
  });
});
