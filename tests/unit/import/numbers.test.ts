import { describe, expect, it } from 'vitest';
import { detectNumberFormat, numberExample } from '../../../src/import/numbers';
import { parseNumber, type DecimalSeparator, type ThousandsSeparator } from '../../../src/import/index';

type Case = [raw: string, decimal: DecimalSeparator, thousands: ThousandsSeparator, expected: number | null];

describe('parseNumber', () => {
  const cases: Case[] = [
    // plain
    ['123', '.', '', 123],
    ['123.45', '.', ',', 123.45],
    ['123,45', ',', '.', 123.45],
    ['0', '.', ',', 0],
    ['-0', '.', ',', 0],
    ['007', '.', ',', 7],
    ['.5', '.', ',', 0.5],
    ['6000', ',', '.', 6000],
    ['122,62', ',', '.', 122.62],
    // thousands
    ['1.234,56', ',', '.', 1234.56],
    ['1,234.56', '.', ',', 1234.56],
    ['1.234.567,89', ',', '.', 1234567.89],
    ['1,234,567', '.', ',', 1234567],
    ['1.234', ',', '.', 1234],
    ['1,234', '.', ',', 1234],
    ['1 234,56', ',', ' ', 1234.56],
    ['1\u00A0234,56', ',', ' ', 1234.56],
    ['1\u202F234\u202F567,5', ',', ' ', 1234567.5],
    ["1'234.50", '.', "'", 1234.5],
    // currencies
    ['R$ 1.234,56', ',', '.', 1234.56],
    ['R$1.234,56', ',', '.', 1234.56],
    ['€ 12,50', ',', '.', 12.5],
    ['12,50 €', ',', '.', 12.5],
    ['US$ 10.00', '.', ',', 10],
    ['$1,234.56', '.', ',', 1234.56],
    ['£3.20', '.', ',', 3.2],
    ['EUR 7,5', ',', '.', 7.5],
    // negatives
    ['-123', '.', ',', -123],
    ['(123)', '.', ',', -123],
    ['(123,45)', ',', '.', -123.45],
    ['(R$ 1.234,56)', ',', '.', -1234.56],
    ['123-', '.', ',', -123],
    ['1.234,56-', ',', '.', -1234.56],
    ['-R$ 5,00', ',', '.', -5],
    ['R$ -5,00', ',', '.', -5],
    ['\u22125.5', '.', ',', -5.5],
    ['+42', '.', ',', 42],
    ['+1.234,5', ',', '.', 1234.5],
    // exponent (Excel writes it for very large or small values)
    ['1.5E+03', '.', ',', 1500],
    ['2,5E-2', ',', '.', 0.025],
    // surrounding spaces
    ['  42.5  ', '.', ',', 42.5],
    // unreadable
    ['', '.', ',', null],
    ['abc', '.', ',', null],
    ['12%', '.', ',', null],
    ['1.2.3', '.', ',', null],
    ['12.34', ',', '.', null],
    ['1,23,456', '.', ',', null],
    ['1234,56', '.', '', null],
    ['1 234', '.', '', null],
    ['--5', '.', ',', null],
    ['(-5)', '.', ',', null],
    ['-', '.', ',', null],
    ['R$', ',', '.', null],
    ['12 34', ',', '.', null],
    ['1,2', '.', ',', null],
  ];
  it.each(cases)('reads %j with decimal %j and thousands %j as %j', (raw, decimal, thousands, expected) => {
    expect(parseNumber(raw, decimal, thousands)).toBe(expected);
  });
});

describe('detectNumberFormat', () => {
  it('reads "6000" and "122,62" as a decimal comma (the CEAPS reimbursements)', () => {
    expect(detectNumberFormat(['6000', '122,62', '1500'])).toMatchObject({ decimal: ',', isGuess: false });
  });

  it('reads 1,234.56 as a decimal point with comma thousands', () => {
    expect(detectNumberFormat(['1,234.56', '12.00'])).toEqual({ decimal: '.', thousands: ',', isGuess: false });
  });

  it('reads 1.234,56 as a decimal comma with point thousands', () => {
    expect(detectNumberFormat(['1.234,56', 'R$ 99,90'])).toEqual({ decimal: ',', thousands: '.', isGuess: false });
  });

  it('reads several thousands marks as thousands even without decimals', () => {
    expect(detectNumberFormat(['1.234.567'])).toMatchObject({ decimal: ',', thousands: '.' });
    expect(detectNumberFormat(['1,234,567'])).toMatchObject({ decimal: '.', thousands: ',' });
  });

  it('sees space-grouped thousands (including the no-break spaces Excel writes)', () => {
    expect(detectNumberFormat(['1\u202F234,56', '12,00'])).toEqual({ decimal: ',', thousands: ' ', isGuess: false });
  });

  it('sees Swiss apostrophe thousands', () => {
    expect(detectNumberFormat(["1'234.50"])).toEqual({ decimal: '.', thousands: "'", isGuess: false });
  });

  it('treats a lone 1,234 as ambiguous and follows the hint: decimal comma when the file uses ;', () => {
    expect(detectNumberFormat(['1,234', '2,500'], { preferDecimalComma: true })).toEqual({ decimal: ',', thousands: '.', isGuess: true });
    expect(detectNumberFormat(['1,234', '2,500'], { preferDecimalComma: false })).toEqual({ decimal: '.', thousands: ',', isGuess: true });
  });

  it('reads 0,123 as a decimal comma (a thousands group never follows a lone zero)', () => {
    expect(detectNumberFormat(['0,123'])).toMatchObject({ decimal: ',', isGuess: false });
  });

  it('lets the majority win when values disagree', () => {
    expect(detectNumberFormat(['1,5', '2,25', '3.75'])).toMatchObject({ decimal: ',' });
  });

  it('guesses the decimal point from whole numbers alone', () => {
    expect(detectNumberFormat(['10', '20', '(30)'])).toEqual({ decimal: '.', thousands: ',', isGuess: true });
  });
});

describe('numberExample', () => {
  it('shows the number format the user chose', () => {
    expect(numberExample(',', '.')).toBe('number 1.234,56');
    expect(numberExample('.', '')).toBe('number 1234.56');
  });
});
