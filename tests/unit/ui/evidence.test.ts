// The evidence sentence of a trend label, in each language, with numbers written the local way.
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../src/i18n/locale.svelte.ts';
import { evidenceSentence, pValueText, slopeText } from '../../../src/ui/analysis/evidence.ts';
import { customer } from './analysis-fixtures.ts';

afterEach(() => setLanguage('en'));

const downtrader = customer({ id: 'A', label: 'downtrader', slopePct: -6.04, pValue: 0.031, deltaPerPeriod: -420.4 }).trend;
const context = { unit: 'month' as const, window: 12, firstOrder: '2024-11-02' };

describe('evidenceSentence', () => {
  it('says the money per period against the baseline, the slope and p', () => {
    expect(evidenceSentence(downtrader, context)).toBe('−420/month vs its own 12-month baseline, −6 %/month, p = 0.03');
  });

  it('writes weeks for a weekly analysis and a plus sign for an uptrader', () => {
    const up = customer({ id: 'B', label: 'uptrader', slopePct: 12.4, pValue: 0.004, deltaPerPeriod: 35 }).trend;
    expect(evidenceSentence(up, { ...context, unit: 'week', window: 26 })).toBe('+35/week vs its own 26-week baseline, +12 %/week, p = 0.004');
  });

  it('follows the interface language', () => {
    setLanguage('pt-BR');
    expect(evidenceSentence(downtrader, context)).toBe('−420/mês em relação à sua própria média de 12 meses, −6 %/mês, p = 0,03');
    setLanguage('es');
    expect(evidenceSentence(downtrader, context)).toBe('−420/mes frente a su propia media de 12 meses, −6 %/mes, p = 0,03');
    setLanguage('it');
    expect(evidenceSentence(downtrader, { ...context, unit: 'week' })).toBe('−420/settimana rispetto alla propria media di 12 settimane, −6 %/settimana, p = 0,03');
  });

  it('explains the labels that carry no trend', () => {
    const fresh = customer({ id: 'C', label: 'new', slopePct: null, pValue: null }).trend;
    expect(evidenceSentence(fresh, context)).toBe('First order on Nov 2, 2024: too recent to read a trend.');
    expect(evidenceSentence(customer({ id: 'D', label: 'insufficient_data' }).trend, context)).toBe('Too few orders in the last periods to read a trend.');
  });
});

describe('number texts', () => {
  it('rounds slopes to one decimal below 10 and p-values to two decimals or one significant digit', () => {
    expect(slopeText(-6.44)).toBe('−6.4');
    expect(slopeText(23.6)).toBe('+24');
    expect(slopeText(0)).toBe('0');
    expect(pValueText(0.031)).toBe('0.03');
    expect(pValueText(0.0042)).toBe('0.004');
    expect(pValueText(0.5)).toBe('0.50');
  });
});
