import { describe, expect, it } from 'vitest';
import { addMonths, dayOf, isoOfDay, monthEnd } from '../../../src/analytics/days';

/** Independent oracle: the UTC epoch milliseconds of JavaScript's own calendar. */
function utcDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

describe('dayOf and isoOfDay', () => {
  it('counts days from 1970-01-01', () => {
    expect(dayOf('1970-01-01')).toBe(0);
    expect(dayOf('1970-01-02')).toBe(1);
    expect(dayOf('1969-12-31')).toBe(-1);
    // 30 years of 365 days plus 7 leap days (1972 … 1996), then January (31) and February 2000 (29).
    expect(dayOf('2000-03-01')).toBe(30 * 365 + 7 + 31 + 29);
    // 54 years of 365 days plus 13 leap days (1972 … 2020), then 31 + 29 + 4 days.
    expect(dayOf('2024-03-05')).toBe(54 * 365 + 13 + 64);
  });

  it('agrees with the UTC calendar every 13 days from 1899 to 2101, both ways', () => {
    for (let day = utcDay('1899-01-01'); day <= utcDay('2101-12-31'); day += 13) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(dayOf(iso)).toBe(day);
      expect(isoOfDay(day)).toBe(iso);
    }
  });

  it('accepts 29 February only in leap years', () => {
    expect(dayOf('2024-02-29')).toBe(utcDay('2024-02-29'));
    expect(dayOf('2000-02-29')).toBe(utcDay('2000-02-29'));
    expect(() => dayOf('2023-02-29')).toThrow('calendar date');
    expect(() => dayOf('1900-02-29')).toThrow('calendar date');
  });

  it('rejects what is not an ISO calendar date, saying what came', () => {
    for (const bad of ['2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-1-5', '05/03/2024', '', '2024-03-05T10:00']) {
      expect(() => dayOf(bad)).toThrow(`"${bad}"`);
    }
    expect(() => isoOfDay(1.5)).toThrow('whole number of days, got 1.5');
    expect(() => isoOfDay(NaN)).toThrow('got NaN');
  });
});

describe('addMonths', () => {
  it('moves to the same day of another month', () => {
    expect(addMonths('2024-01-15', 1)).toBe('2024-02-15');
    expect(addMonths('2024-12-15', 1)).toBe('2025-01-15');
    expect(addMonths('2024-01-15', -1)).toBe('2023-12-15');
    expect(addMonths('2024-03-10', 0)).toBe('2024-03-10');
    expect(addMonths('2024-03-10', 24)).toBe('2026-03-10');
    expect(addMonths('2024-03-10', -27)).toBe('2021-12-10');
  });

  it('lands on the last day when the target month is shorter', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2023-03-31', -1)).toBe('2023-02-28');
    expect(addMonths('2024-05-31', 1)).toBe('2024-06-30');
    expect(addMonths('2024-01-31', -13)).toBe('2022-12-31');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('rejects fractional months and bad dates', () => {
    expect(() => addMonths('2024-01-31', 0.5)).toThrow('whole number of months, got 0.5');
    expect(() => addMonths('2024/01/31', 1)).toThrow('"2024/01/31"');
  });
});

describe('monthEnd', () => {
  it('gives the last day of the month, leap years included', () => {
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(monthEnd('2023-02-01')).toBe('2023-02-28');
    expect(monthEnd('1900-02-14')).toBe('1900-02-28');
    expect(monthEnd('2000-02-14')).toBe('2000-02-29');
    expect(monthEnd('2024-04-30')).toBe('2024-04-30');
    expect(monthEnd('2024-12-01')).toBe('2024-12-31');
    expect(monthEnd('9999-12-01')).toBe('9999-12-31');
  });

  it('is one day before the first of the next month', () => {
    for (let m = 0; m < 48; m++) {
      const first = addMonths('2022-01-01', m);
      expect(dayOf(monthEnd(first))).toBe(dayOf(addMonths(first, 1)) - 1);
    }
  });
});
