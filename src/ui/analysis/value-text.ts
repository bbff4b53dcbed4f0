// The predicted-value sentences in the interface language: a customer's ("About 2.3 more orders in the next
// 12 months, worth about 1,240 discounted at 1%/month; 78% likely still active.") and the holdout check's
// ("The model predicted 1,240 repeat purchases in the last 26 weeks; there were 1,187 (−4 %)."). Money has no
// currency symbol, as everywhere in Ciclo.
import type { HoldoutReport } from '../../analytics/holdout.ts';
import type { ModelUnit } from '../../analytics/rfm-summary.ts';
import type { CustomerPrediction } from '../../analytics/value-model.ts';
import { formatNumber, plural, t } from '../../i18n/index.ts';
import { signedNumber } from './evidence.ts';
import { holdoutSentenceFacts, predictionSentenceFacts } from './value-figures.ts';

/** A share 0..1 as a whole percentage in the interface language (`78%`, `78 %` in some languages). */
export function shareText(share: number): string {
  return formatNumber(share, { style: 'percent', maximumFractionDigits: 0 });
}

/** A monthly discount rate as a percentage with up to two decimals (`1%`, `0.5%`). */
export function rateText(rate: number): string {
  return formatNumber(rate, { style: 'percent', maximumFractionDigits: 2 });
}

/** "in the next 12 months" (or "in the next month"). */
export function inNextMonthsText(horizonMonths: number): string {
  return plural('value.inNextMonths', horizonMonths);
}

/** "next 12 months", for labels ("Predicted value, next 12 months"). */
export function nextMonthsText(horizonMonths: number): string {
  return plural('value.nextMonths', horizonMonths);
}

export interface PredictionContext {
  horizonMonths: number;
  monthlyDiscount: number;
}

/** The plain sentence of a customer's prediction. An approximate P(alive) is said to be rough and where it comes from. */
export function predictionSentence(prediction: CustomerPrediction, { horizonMonths, monthlyDiscount }: PredictionContext): string {
  const facts = predictionSentenceFacts(prediction);
  const span = inNextMonthsText(horizonMonths);
  const alive = t(facts.isApproximate ? 'value.aliveApproximate' : 'value.alive', { share: shareText(facts.pAlive) });
  if (facts.kind === 'none') return t('value.sentenceNone', { span, alive });
  return plural('value.sentence', facts.purchases, {
    span,
    value: formatNumber(facts.value, { maximumFractionDigits: 2 }),
    rate: rateText(monthlyDiscount),
    alive,
  });
}

/** "in the last 26 weeks" for a holdout of `span` model units. */
export function inLastSpanText(span: number, unit: ModelUnit): string {
  return plural(`value.validation.span.${unit}`, span);
}

/** A change in whole percent with a true minus sign and a space before %: `−4 %`, `+12 %`, `0 %`. */
export function changeText(changePct: number): string {
  return `${signedNumber(changePct, 0)} %`;
}

/** The holdout check in one sentence. */
export function holdoutSentence(report: Pick<HoldoutReport, 'predictedRepeatPurchases' | 'actualRepeatPurchases' | 'holdoutLength'>, unit: ModelUnit): string {
  const facts = holdoutSentenceFacts(report);
  const span = inLastSpanText(facts.span, unit);
  const predicted = formatNumber(facts.predicted, { maximumFractionDigits: 0 });
  if (facts.changePct === null) return t('value.validation.sentenceNoActual', { predicted, span });
  return t('value.validation.sentence', {
    predicted,
    span,
    actual: formatNumber(facts.actual, { maximumFractionDigits: 0 }),
    change: changeText(facts.changePct),
  });
}
