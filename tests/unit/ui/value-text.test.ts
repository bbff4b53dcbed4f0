// The predicted-value sentences in each language: a customer's prediction and the holdout check, with numbers
// written the local way.
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../src/i18n/locale.svelte.ts';
import { changeText, holdoutSentence, predictionSentence, rateText } from '../../../src/ui/analysis/value-text.ts';
import { prediction } from './value-fixtures.ts';

afterEach(() => setLanguage('en'));

const settings = { horizonMonths: 12, monthlyDiscount: 0.01 };
const loyal = prediction({ id: 'A', purchases: 2.34, clv: 1243.6, pAlive: 0.7841 });

describe('predictionSentence', () => {
  it('says the orders, the discounted value and the chance of still being active', () => {
    expect(predictionSentence(loyal, settings)).toBe(
      'About 2.3 more orders in the next 12 months, worth about 1,240 discounted at 1%/month; 78% likely still active.',
    );
  });

  it('uses the singular for one order and one month', () => {
    const one = prediction({ id: 'B', purchases: 1.04, clv: 87.4, pAlive: 0.9 });
    expect(predictionSentence(one, { horizonMonths: 1, monthlyDiscount: 0.005 })).toBe(
      'About 1 more order in the next month, worth about 87 discounted at 0.5%/month; 90% likely still active.',
    );
  });

  it('calls a one-time buyer’s chance rough instead of stating it as certain', () => {
    const once = prediction({ id: 'C', purchases: 0.42, clv: 12.3, pAlive: 0.31, method: 'one_time_heuristic' });
    expect(predictionSentence(once, settings)).toBe(
      'About 0.4 more orders in the next 12 months, worth about 12 discounted at 1%/month; roughly 31% likely still active (estimated from how long they have been silent).',
    );
  });

  it('says no order is expected when fewer than 0.05 are', () => {
    const gone = prediction({ id: 'D', purchases: 0.01, clv: 0.4, pAlive: 0.02 });
    expect(predictionSentence(gone, settings)).toBe('No further order is expected in the next 12 months; 2% likely still active.');
  });

  it('follows the interface language', () => {
    setLanguage('pt-BR');
    expect(predictionSentence(loyal, settings)).toBe(
      'Cerca de 2,3 pedidos a mais nos próximos 12 meses, valendo cerca de 1.240 descontado a 1% ao mês; 78% de chance de ainda estar ativo.',
    );
    setLanguage('es');
    expect(predictionSentence(loyal, settings)).toContain('Alrededor de 2,3 pedidos más en los próximos 12 meses');
    setLanguage('it');
    expect(predictionSentence(loyal, settings)).toContain('Circa 2,3 ordini in più nei prossimi 12 mesi');
  });
});

describe('holdoutSentence', () => {
  it('compares the forecast with the actual purchases of the holdout', () => {
    const report = { predictedRepeatPurchases: 1140.2, actualRepeatPurchases: 1187, holdoutLength: 26 };
    expect(holdoutSentence(report, 'week')).toBe('The model predicted 1,140 repeat purchases in the last 26 weeks; there were 1,187 (−4 %).');
  });

  it('names the holdout in the model unit, and says when nobody bought', () => {
    expect(holdoutSentence({ predictedRepeatPurchases: 12.6, actualRepeatPurchases: 0, holdoutLength: 182 }, 'day')).toBe(
      'The model predicted 13 repeat purchases in the last 182 days; there were none.',
    );
    expect(holdoutSentence({ predictedRepeatPurchases: 50, actualRepeatPurchases: 40, holdoutLength: 5.98 }, 'month')).toBe(
      'The model predicted 50 repeat purchases in the last 6 months; there were 40 (+25 %).',
    );
  });

  it('follows the interface language', () => {
    setLanguage('pt-BR');
    expect(holdoutSentence({ predictedRepeatPurchases: 1140.2, actualRepeatPurchases: 1187, holdoutLength: 26 }, 'week')).toBe(
      'O modelo previu 1.140 compras repetidas nas últimas 26 semanas; houve 1.187 (−4 %).',
    );
  });
});

describe('small texts', () => {
  it('writes a change with a true minus sign and a rate as a percentage', () => {
    expect(changeText(-4)).toBe('−4 %');
    expect(changeText(12)).toBe('+12 %');
    expect(changeText(0)).toBe('0 %');
    expect(rateText(0.0125)).toBe('1.25%');
  });
});
