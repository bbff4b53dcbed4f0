// Predicted CLV on CDNOW: lifetimes' printed Quickstart values (which use 30 weeks per "month"), a 12-month
// oracle summed here from the paper's formulas, and the unit conversion checked by fitting in days and weeks.
import { beforeAll, describe, expect, it } from 'vitest';
import { fitBgNbd, type BgNbdFit, type BgNbdParams } from '../../../src/analytics/bgnbd';
import { predictedClv } from '../../../src/analytics/clv';
import { fitGammaGamma, type GammaGammaFit } from '../../../src/analytics/gamma-gamma';
import { summarizePurchases, UNIT_DAYS, type PurchaseSummary } from '../../../src/analytics/rfm-summary';
import { CALIBRATION_END, cdnowLines, dayOf, hardieSummary } from '../../fixtures/cdnow/cdnow';

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

/** E[Y(t) | x, tₓ, T], FHL (2005) eq. 10 as printed, with 2F1 by its plain power series. */
function oracleExpectedPurchases({ r, alpha, a, b }: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const z = t / (alpha + T + t);
  const [A, B, C] = [r + x, b + x, a + b + x - 1];
  let term = 1;
  let hypergeometric = 1;
  for (let k = 0; Math.abs(term) > 1e-17 * hypergeometric; k++) {
    term *= ((A + k) * (B + k) * z) / ((C + k) * (k + 1));
    hypergeometric += term;
  }
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hypergeometric;
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0);
  return (((a + b + x - 1) / (a - 1)) * bracket) / denominator;
}

let weekly: PurchaseSummary[];
let bgnbd: BgNbdFit;
let gammaGamma: GammaGammaFit;
beforeAll(() => {
  weekly = summarizePurchases(cdnowLines(), { asOfDay: dayOf(CALIBRATION_END), unitDays: UNIT_DAYS.week });
  bgnbd = fitBgNbd(weekly);
  gammaGamma = fitGammaGamma(weekly);
});

describe('predictedClv', () => {
  it('reproduces lifetimes’ Quickstart CLVs (customer 1: 140.096211, 6: 1003.868107) when a month is 30 weeks as there', () => {
    // lifetimes' customer_lifetime_value(time=12, discount_rate=0.01) with its default freq='D' steps 30 units per
    // "month"; on CDNOW's weekly summary that is 30 weeks, i.e. unitDays = 30.4375 / 30 here. Fits on Hardie's file, as there.
    const hardie = hardieSummary().map(({ x, tx, T, zbar }) => ({ x, tx, T, mx: zbar }));
    const [bg, gg] = [fitBgNbd(hardie), fitGammaGamma(hardie)];
    const clv = (i: number) => predictedClv({ bgnbd: bg, gammaGamma: gg, customer: hardie[i]!, unitDays: 30.4375 / 30 });
    expect(relativeError(clv(0), 140.096211)).toBeLessThan(1e-5);
    expect(relativeError(clv(5), 1003.868107)).toBeLessThan(1e-5);
  });

  it('sums 12 discounted months of 30.4375 days (4.348 weeks) of purchases × expected spend', () => {
    const { p, q, gamma } = gammaGamma;
    const month = 30.4375 / 7;
    for (const customer of [weekly[0]!, weekly[2]!, weekly[5]!, { x: 12, tx: 37, T: 38.86, mx: 40 }]) {
      const spend = (p * (gamma + customer.x * customer.mx)) / (p * customer.x + q - 1);
      let expected = 0;
      for (let m = 1; m <= 12; m++) {
        const purchases =
          oracleExpectedPurchases(bgnbd, m * month, customer.x, customer.tx, customer.T) -
          oracleExpectedPurchases(bgnbd, (m - 1) * month, customer.x, customer.tx, customer.T);
        expected += (purchases * spend) / 1.01 ** m;
      }
      expect(relativeError(predictedClv({ bgnbd, gammaGamma, customer, unitDays: 7 }), expected)).toBeLessThan(1e-9);
    }
  });

  it('gives the same 12-month value from a fit in days as from a fit in weeks', () => {
    const daily = summarizePurchases(cdnowLines(), { asOfDay: dayOf(CALIBRATION_END), unitDays: UNIT_DAYS.day });
    const dailyFit = fitBgNbd(daily);
    for (const i of [0, 1, 5, 100]) {
      const inWeeks = predictedClv({ bgnbd, gammaGamma, customer: weekly[i]!, unitDays: 7 });
      const inDays = predictedClv({ bgnbd: dailyFit, gammaGamma, customer: daily[i]!, unitDays: 1 });
      expect(relativeError(inDays, inWeeks)).toBeLessThan(1e-4);
    }
  });

  it('is expected purchases over the horizon × spend when nothing is discounted', () => {
    const customer = weekly[0]!;
    const horizon = 6 * (30.4375 / 7);
    const spend = (gammaGamma.p * (gammaGamma.gamma + customer.x * customer.mx)) / (gammaGamma.p * customer.x + gammaGamma.q - 1);
    const expected = oracleExpectedPurchases(bgnbd, horizon, customer.x, customer.tx, customer.T) * spend;
    const clv = predictedClv({ bgnbd, gammaGamma, customer, horizonMonths: 6, monthlyDiscount: 0, unitDays: 7 });
    expect(relativeError(clv, expected)).toBeLessThan(1e-9);
  });

  it('is finite and ≥ 0 for every CDNOW customer and for a buyer with 400 repeat purchases', () => {
    for (const customer of [...weekly, { x: 400, tx: 38, T: 38.86, mx: 20 }, { x: 400, tx: 38.86, T: 38.86, mx: 20 }]) {
      const clv = predictedClv({ bgnbd, gammaGamma, customer, unitDays: 7 });
      expect(Number.isFinite(clv) && clv >= 0, `${JSON.stringify(customer)}: ${clv}`).toBe(true);
    }
  });

  it('says what it expected when given bad options', () => {
    const customer = weekly[0]!;
    expect(() => predictedClv({ bgnbd, gammaGamma, customer, horizonMonths: 0, unitDays: 7 })).toThrow('horizonMonths must be an integer ≥ 1, got 0');
    expect(() => predictedClv({ bgnbd, gammaGamma, customer, monthlyDiscount: -0.1, unitDays: 7 })).toThrow(
      'monthlyDiscount must be a finite rate ≥ 0 (0.01 = 1 % a month), got -0.1',
    );
    expect(() => predictedClv({ bgnbd, gammaGamma, customer, unitDays: Number.NaN })).toThrow(/unitDays must be a finite number of days > 0/);
  });
});
