// The words behind a customer's trend label, in the interface language: "−420/month vs its own 12-month
// baseline, −6 %/month, p = 0.03". Money has no currency symbol, as everywhere in Ciclo (exports rarely say it).
import type { PeriodUnit, TrendResult } from '../../analytics/types.ts';
import { formatDate, formatNumber, t } from '../../i18n/index.ts';

/** A signed number with a true minus sign (U+2212), e.g. `−6.5`, `+3`. */
export function signedNumber(value: number, maximumFractionDigits: number): string {
  const text = formatNumber(value, { maximumFractionDigits, signDisplay: 'exceptZero' });
  return text.replace('-', '\u2212');
}

/** A slope in %/period: one decimal below 10, none above (`−6.4`, `+12`). */
export function slopeText(slopePct: number): string {
  return signedNumber(slopePct, Math.abs(slopePct) < 10 ? 1 : 0);
}

/** A p-value: two decimals, or one significant digit when smaller than 0.01 (`0.03`, `0.004`). */
export function pValueText(pValue: number): string {
  if (pValue < 0.01) return formatNumber(pValue, { maximumSignificantDigits: 1 });
  return formatNumber(pValue, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Money change per period, whole units, signed: `−420`. */
export function moneyChangeText(value: number): string {
  return signedNumber(value, Math.abs(value) < 10 ? 2 : 0);
}

export interface EvidenceContext {
  unit: PeriodUnit;
  /** Periods of the trend window (the baseline). */
  window: number;
  firstOrder: string;
}

/** The sentence that explains a trend label from its evidence; null when there is nothing to say. */
export function evidenceSentence(trend: TrendResult, { unit, window, firstOrder }: EvidenceContext): string | null {
  const evidence = trend.evidence;
  if ((trend.label === 'uptrader' || trend.label === 'downtrader') && evidence) {
    return t(unit === 'week' ? 'customer.evidenceWeek' : 'customer.evidenceMonth', {
      delta: moneyChangeText(evidence.deltaPerPeriod),
      window,
      slope: slopeText(evidence.slopePct),
      p: pValueText(evidence.pValue),
    });
  }
  if (trend.label === 'stable' && evidence) {
    return t('customer.evidenceStable', {
      slope: slopeText(evidence.slopePct),
      unit: t(unit === 'week' ? 'customer.unitWeek' : 'customer.unitMonth'),
      p: pValueText(evidence.pValue),
    });
  }
  if (trend.label === 'new') return t('customer.noEvidence.new', { date: formatDate(firstOrder, 'medium') });
  if (trend.label === 'insufficient_data') return t('customer.noEvidence.insufficient_data');
  if (trend.label === 'inactive') return t('customer.noEvidence.inactive');
  return null;
}
