// Numbers, money, dates and sizes follow the interface language, and dates never shift by time zone.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatMoney, formatNumber } from '../../../src/i18n/format.ts';

describe('locale formatting', () => {
  it('writes numbers with the separators of each language', () => {
    expect(formatNumber(1234.5, undefined, 'en')).toBe('1,234.5');
    expect(formatNumber(1234.5, undefined, 'pt-BR')).toBe('1.234,5');
    expect(formatNumber(1234.5, undefined, 'it')).toBe('1234,5');
  });

  it('writes money with two decimals and no guessed currency symbol', () => {
    expect(formatMoney(9163729.84, undefined, 'pt-BR')).toBe('9.163.729,84');
    expect(formatMoney(3, undefined, 'en')).toBe('3.00');
    expect(formatMoney(3, 'EUR', 'en')).toBe('€3.00');
  });

  it('writes an ISO date as the calendar day it names', () => {
    expect(formatDate('2024-03-01', 'short', 'en')).toBe('03/01/2024');
    expect(formatDate('2024-03-01', 'short', 'pt-BR')).toBe('01/03/2024');
    expect(formatDate('2023-12-31T23:00:00', 'short', 'es')).toBe('31/12/2023');
    expect(formatDate('not a date', 'short', 'en')).toBe('not a date');
  });

  it('writes file sizes in binary megabytes and gigabytes', () => {
    expect(formatBytes(1024 * 1024 * 1024, 'en')).toBe('1 GB');
    expect(formatBytes(1.5 * 1024 * 1024, 'pt-BR')).toBe('1,5 MB');
    expect(formatBytes(10, 'en')).toBe('1 kB');
  });
});
