// Per-customer predicted value on CDNOW (published BG/NBD and Gamma-Gamma estimates, and oracles written here
// from the papers' formulas in plain form), the heuristic on small hand-made books, and the edge cases.
import { beforeAll, describe, expect, it } from 'vitest';
import { predictedClv } from '../../../src/analytics/clv';
import { summarizePurchases, UNIT_DAYS, type PurchaseLine, type PurchaseSummary } from '../../../src/analytics/rfm-summary';
import { lnGamma } from '../../../src/analytics/special';
import { HEURISTIC_P_ALIVE, predictValues, type ValuePredictions } from '../../../src/analytics/value-model';
import { CALIBRATION_END, cdnowLines, dayOf } from '../../fixtures/cdnow/cdnow';

interface Params {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

/** E[Y(t) | x, tₓ, T], FHL (2005) eq. 10 as printed, with 2F1 by its plain power series. */
function oracleExpectedPurchases({ r, alpha, a, b }: Params, t: number, x: number, tx: number, T: number): number {
  const z = t / (alpha + T + t);
  const [A, B, C] = [r + x, b + x, a + b + x - 1];
  let term = 1;
  let hypergeometric = 1;
  for (let k = 0; Math.abs(term) > 1e-17 * hypergeometric; k++) {
    term *= ((A + k) * (B + k) * z) / ((C + k) * (k + 1));
    hypergeometric += term;
  }
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hypergeometric;
  return (((a + b + x - 1) / (a - 1)) * bracket) * oraclePAlive({ r, alpha, a, b }, x, tx, T);
}

/** BG/NBD P(alive) (Fader, Hardie & Lee, note 021); 1 for x = 0. */
const oraclePAlive = ({ r, alpha, a, b }: Params, x: number, tx: number, T: number) =>
  x === 0 ? 1 : 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));

/** MBG/NBD P(alive) of a one-time buyer: 1 / (1 + (a/b)((α + T)/α)^r). */
const oracleOneTimePAlive = ({ r, alpha, a, b }: Params, T: number) => 1 / (1 + (a / b) * ((alpha + T) / alpha) ** r);

const MONTH_WEEKS = 30.4375 / 7;
const ANNUITY_12 = (1 - 1.01 ** -12) / 0.01;

let weekly: PurchaseSummary[];
let result: ValuePredictions;
const asOfDay = dayOf(CALIBRATION_END);
beforeAll(() => {
  weekly = summarizePurchases(cdnowLines(), { asOfDay, unitDays: UNIT_DAYS.week });
  result = predictValues(weekly, { unitDays: 7, asOfDay });
});

describe('predictValues on the CDNOW sample (weekly, as of 1997-09-30)', () => {
  it('fits BG/NBD and Gamma-Gamma to the published estimates within 0.5 %', () => {
    expect(result.method).toBe('bgnbd_gamma_gamma');
    expect(result.reason).toBe('ok');
    expect(result.detail).toBeNull();
    const { bgnbd, gammaGamma } = result;
    expect(relativeError(bgnbd!.r, 0.2426)).toBeLessThan(0.005);
    expect(relativeError(bgnbd!.alpha, 4.4136)).toBeLessThan(0.005);
    expect(relativeError(bgnbd!.a, 0.7929)).toBeLessThan(0.005);
    expect(relativeError(bgnbd!.b, 2.4259)).toBeLessThan(0.005);
    expect(relativeError(gammaGamma!.p, 6.2488)).toBeLessThan(0.005);
    expect(relativeError(gammaGamma!.q, 3.7446)).toBeLessThan(0.005);
    expect(relativeError(gammaGamma!.gamma, 15.4477)).toBeLessThan(0.005);
    expect(result.customerCount).toBe(2357);
    expect(result.repeatBuyers).toBe(946);
    expect(result.clvBasis).toBe('model');
  });

  it('reports the frequency–spend correlation 0.1139 of the lifetimes docs, below the warning', () => {
    expect(Math.abs(result.spendCorrelation! - 0.113884)).toBeLessThan(1e-3);
    expect(result.spendCorrelationWarning).toBe(false);
  });

  it('returns one prediction per customer, in input order, with the summary fields', () => {
    expect(result.customers.map((c) => c.customerId)).toEqual(weekly.map((s) => s.customerId));
    const first = result.customers[0]!;
    // Customer 1 in Hardie's summary: x = 2, tₓ = 30.43, T = 38.86, zbar = 22.35.
    expect(first.frequency).toBe(2);
    expect(first.recency).toBeCloseTo(30.43, 2);
    expect(first.T).toBeCloseTo(38.86, 2);
    expect(first.monetaryValue).toBeCloseTo(22.35, 1);
  });

  it('gives repeat buyers BG/NBD’s P(alive) and one-time buyers the modified BG/NBD value, never 1', () => {
    const fit = result.bgnbd!;
    let oneTime = 0;
    result.customers.forEach((c, i) => {
      const { x, tx, T } = weekly[i]!;
      if (x > 0) {
        expect(c.pAliveMethod).toBe('bgnbd');
        expect(relativeError(c.pAlive, oraclePAlive(fit, x, tx, T))).toBeLessThan(1e-12);
      } else {
        oneTime++;
        expect(c.pAliveMethod).toBe('one_time_heuristic');
        expect(c.pAlive).toBeLessThan(1);
        expect(relativeError(c.pAlive, oracleOneTimePAlive(fit, T))).toBeLessThan(1e-12);
      }
      expect(c.churnProbability).toBeCloseTo(1 - c.pAlive, 15);
    });
    expect(oneTime).toBe(1411);
  });

  it('gives the expected purchases of the next 12 months (52.18 weeks) from eq. 10', () => {
    const fit = result.bgnbd!;
    for (const i of [0, 1, 2, 5, 100, 1000, 2356]) {
      const { x, tx, T } = weekly[i]!;
      expect(relativeError(result.customers[i]!.expectedPurchases, oracleExpectedPurchases(fit, 12 * MONTH_WEEKS, x, tx, T))).toBeLessThan(1e-9);
    }
  });

  it('gives Gamma-Gamma’s expected spend, and the population mean pγ/(q − 1) to one-time buyers', () => {
    const { p, q, gamma } = result.gammaGamma!;
    expect(result.populationSpend).toBeCloseTo((p * gamma) / (q - 1), 10);
    result.customers.forEach((c, i) => {
      const { x, mx } = weekly[i]!;
      const expected = x > 0 && mx > 0 ? (p * (gamma + x * mx)) / (p * x + q - 1) : (p * gamma) / (q - 1);
      expect(relativeError(c.expectedSpend, expected)).toBeLessThan(1e-12);
    });
    // Hardie's spreadsheet, customers 1 and 6 (with p, q, γ = 6.25, 3.74, 15.44): 24.65 and 71.46.
    expect(Math.abs(result.customers[0]!.expectedSpend - 24.65)).toBeLessThan(0.1);
    expect(Math.abs(result.customers[5]!.expectedSpend - 71.46)).toBeLessThan(0.1);
  });

  it('sums 12 discounted months of expected purchases × spend, for every customer as clv.ts does', () => {
    const { bgnbd, gammaGamma } = result;
    const { p, q, gamma } = gammaGamma!;
    for (const i of [0, 2, 5, 100]) {
      const { x, tx, T, mx } = weekly[i]!;
      const spend = x > 0 ? (p * (gamma + x * mx)) / (p * x + q - 1) : (p * gamma) / (q - 1);
      let expected = 0;
      for (let m = 1; m <= 12; m++) {
        const purchases =
          oracleExpectedPurchases(bgnbd!, m * MONTH_WEEKS, x, tx, T) - oracleExpectedPurchases(bgnbd!, (m - 1) * MONTH_WEEKS, x, tx, T);
        expected += (purchases * spend) / 1.01 ** m;
      }
      expect(relativeError(result.customers[i]!.predictedClv, expected)).toBeLessThan(1e-9);
    }
    // Grouping identical histories must not mix customers up: compare all with clv.ts, customer by customer.
    result.customers.forEach((c, i) => {
      const customer = weekly[i]!;
      expect(c.predictedClv).toBeCloseTo(predictedClv({ bgnbd: bgnbd!, gammaGamma: gammaGamma!, customer, unitDays: 7 }), 9);
    });
  });

  it('dates the next order on the first day on which P(ordered again) reaches ½, by numeric integration', () => {
    const fit = result.bgnbd!;
    // P(a living customer orders within t weeks) = ∫ (1 − e^(−λt)) Gamma(λ; r + x, α + T) dλ, by Simpson's rule.
    const orderWithin = (x: number, T: number, t: number) => {
      const shape = fit.r + x;
      const rate = fit.alpha + T;
      const upper = (shape + 60 * Math.sqrt(shape)) / rate;
      const n = 20_000;
      const h = upper / n;
      const lnNorm = shape * Math.log(rate) - lnGamma(shape);
      let sum = 0;
      for (let k = 1; k < n; k++) {
        const lambda = k * h;
        const density = Math.exp(lnNorm + (shape - 1) * Math.log(lambda) - rate * lambda);
        sum += (k % 2 === 1 ? 4 : 2) * density * (1 - Math.exp(-lambda * t));
      }
      return (sum * h) / 3;
    };
    let checked = 0;
    for (const i of [0, 5, 16, 40, 156, 508]) {
      const { x, T } = weekly[i]!;
      const c = result.customers[i]!;
      if (!(c.pAlive > 0.5 && x > 0)) continue;
      let day = 1;
      while (c.pAlive * orderWithin(x, T, day / 7) < 0.5) day++;
      expect(c.expectedNextOrderDay).toBe(asOfDay + day);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('leaves the next order undated when P(alive) ≤ ½ or when it falls beyond the horizon', () => {
    result.customers.forEach((c) => {
      if (c.pAlive <= 0.5) expect(c.expectedNextOrderDay).toBeNull();
      if (c.expectedNextOrderDay !== null) {
        expect(c.expectedNextOrderDay).toBeGreaterThan(asOfDay);
        expect(c.expectedNextOrderDay - asOfDay).toBeLessThanOrEqual(Math.ceil(365.25));
      }
    });
    // Customer 1 (P(alive) 0.73) orders within a year; a 1-month horizon drops the date.
    expect(result.customers[0]!.expectedNextOrderDay).not.toBeNull();
    const short = predictValues(weekly, { unitDays: 7, asOfDay, horizonMonths: 1 });
    expect(short.customers[0]!.expectedNextOrderDay).toBeNull();
  });

  it('never gives NaN, a negative CLV or a probability outside [0, 1]', () => {
    for (const c of result.customers) {
      for (const value of [c.pAlive, c.churnProbability, c.expectedPurchases, c.expectedSpend, c.predictedClv]) {
        expect(Number.isFinite(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
      }
      expect(c.pAlive).toBeLessThanOrEqual(1);
    }
  });

  it('gives a repeat buyer whose repeat orders were free the population mean spend', () => {
    const changed = weekly.map((s, i) => (i === 5 ? { ...s, mx: 0 } : s));
    const free = predictValues(changed, { unitDays: 7, asOfDay });
    const { p, q, gamma } = free.gammaGamma!;
    expect(free.customers[5]!.expectedSpend).toBeCloseTo((p * gamma) / (q - 1), 10);
    expect(free.customers[5]!.predictedClv).toBeGreaterThan(0);
  });

  it('warns when frequency and spend are clearly correlated', () => {
    const correlated = weekly.map((s) => (s.x > 0 ? { ...s, mx: 10 * s.x + (Number(s.customerId) % 7) } : s));
    const warned = predictValues(correlated, { unitDays: 7, asOfDay });
    expect(warned.spendCorrelation!).toBeGreaterThan(0.9);
    expect(warned.spendCorrelationWarning).toBe(true);
  });

  it('stays finite for a customer with more than 300 repeat purchases', () => {
    const lines: PurchaseLine[] = cdnowLines();
    for (let day = dayOf('1996-01-01'); day <= asOfDay; day++) lines.push({ customerId: 'daily', day, amount: 12 });
    const summaries = summarizePurchases(lines, { asOfDay, unitDays: 7 });
    const predictions = predictValues(summaries, { unitDays: 7, asOfDay });
    expect(predictions.method).toBe('bgnbd_gamma_gamma');
    const index = summaries.findIndex((s) => s.customerId === 'daily');
    const { x, tx, T } = summaries[index]!;
    expect(x).toBe(638);
    const c = predictions.customers[index]!;
    expect(c.pAlive).toBeGreaterThan(0.99);
    expect(relativeError(c.expectedPurchases, oracleExpectedPurchases(predictions.bgnbd!, 12 * MONTH_WEEKS, x, tx, T))).toBeLessThan(1e-6);
    // With 638 repeat orders the expected spend is almost the own mean of 12.
    expect(c.expectedSpend).toBeCloseTo(12, 1);
    let clv = 0;
    for (let m = 1; m <= 12; m++) {
      const month = oracleExpectedPurchases(predictions.bgnbd!, m * MONTH_WEEKS, x, tx, T) - oracleExpectedPurchases(predictions.bgnbd!, (m - 1) * MONTH_WEEKS, x, tx, T);
      clv += (month * c.expectedSpend) / 1.01 ** m;
    }
    expect(relativeError(c.predictedClv, clv)).toBeLessThan(1e-6);
    expect(c.expectedNextOrderDay).toBe(asOfDay + 1);

    const heuristic = predictValues(summaries, { unitDays: 7, asOfDay, minCustomers: 5000 });
    const h = heuristic.customers[index]!;
    expect(heuristic.method).toBe('heuristic');
    expect([h.pAlive, h.expectedPurchases, h.expectedSpend, h.predictedClv].every(Number.isFinite)).toBe(true);
  });
});

/** A book on `asOf`: each customer's order days given as days before asOf, each order worth `amount`. */
function book(asOf: number, histories: readonly { id: string; daysAgo: readonly number[]; amount?: number }[]): PurchaseLine[] {
  return histories.flatMap(({ id, daysAgo, amount = 50 }) => daysAgo.map((ago) => ({ customerId: id, day: asOf - ago, amount })));
}

describe('predictValues: the heuristic', () => {
  const asOf = dayOf('2024-06-30');
  // 20 customers. Monthly buyers with different silences, one-time buyers, and one silent for over a year.
  const histories = [
    { id: 'monthly-on-time', daysAgo: [90, 60, 30] }, // gap 30, 30 days silent: overdue 1 → active
    { id: 'monthly-late', daysAgo: [150, 120, 90, 60] }, // gap 30, 60 days: overdue 2 → at risk
    { id: 'monthly-lapsed', daysAgo: [200, 170, 140] }, // gap 30, 140 days: overdue 4.67 → lapsed
    { id: 'monthly-lost', daysAgo: [300, 270, 240] }, // gap 30, 240 days: overdue 8 → lost
    { id: 'weekly-lost', daysAgo: [420, 400, 380] }, // gap 20 but 380 days silent → lost
    { id: 'one-time-recent', daysAgo: [10] },
    { id: 'one-time-old', daysAgo: [100] },
    ...Array.from({ length: 13 }, (_, k) => ({ id: `two-orders-${k}`, daysAgo: [60 + k, 20 + k], amount: 40 })),
  ];
  const summaries = summarizePurchases(book(asOf, histories), { asOfDay: asOf, unitDays: 7 });
  const trailingRevenue = summaries.map((s) => (s.customerId === 'monthly-on-time' ? 300 : s.customerId === 'monthly-late' ? -20 : 100));
  const predictions = predictValues(summaries, { unitDays: 7, asOfDay: asOf, trailingRevenue });
  const byId = (id: string) => predictions.customers[summaries.findIndex((s) => s.customerId === id)]!;

  it('is used, and says so, for a book of 20 customers', () => {
    expect(predictions.method).toBe('heuristic');
    expect(predictions.reason).toBe('too_few_customers');
    expect(predictions.detail).toContain('20 customers');
    expect(predictions.bgnbd).toBeNull();
    expect(predictions.gammaGamma).toBeNull();
    expect(predictions.clvBasis).toBe('trailing_revenue');
    expect(predictions.customers.every((c) => c.pAliveMethod === 'recency_heuristic')).toBe(true);
  });

  it('bands P(alive) by how overdue the customer is against their usual gap', () => {
    expect(byId('monthly-on-time').pAlive).toBe(0.9);
    expect(byId('monthly-late').pAlive).toBe(0.6);
    expect(byId('monthly-lapsed').pAlive).toBe(0.25);
    expect(byId('monthly-lost').pAlive).toBe(0.05);
    expect(byId('weekly-lost').pAlive).toBe(0.05);
    expect(byId('monthly-lapsed').churnProbability).toBeCloseTo(0.75, 15);
    // One-time buyers use the book's median gap of the customers with 2+ repeat orders: 30, 30, 30, 30, 20 → 30.
    expect(byId('one-time-recent').pAlive).toBe(0.9); // 10 / 30
    expect(byId('one-time-old').pAlive).toBe(0.25); // 100 / 30 = 3.33
    expect(HEURISTIC_P_ALIVE).toEqual({ active: 0.9, atRisk: 0.6, lapsed: 0.25, lost: 0.05 });
  });

  it('values a customer at trailing revenue / 12 × P(alive) over 12 discounted months, never below 0', () => {
    expect(byId('monthly-on-time').predictedClv).toBeCloseTo((300 / 12) * 0.9 * ANNUITY_12, 9);
    expect(byId('monthly-late').predictedClv).toBe(0);
    expect(byId('one-time-recent').predictedClv).toBeCloseTo((100 / 12) * 0.9 * ANNUITY_12, 9);
  });

  it('expects P(alive) × horizon ÷ gap purchases and dates the next order by an exponential wait', () => {
    const onTime = byId('monthly-on-time');
    expect(onTime.expectedPurchases).toBeCloseTo((0.9 * 365.25) / 30, 9);
    expect(onTime.expectedSpend).toBe(50);
    // 0.9 (1 − e^(−t/30)) = ½ at t = −30 ln(1 − 5/9) = 24.33 days → the 25th day.
    expect(onTime.expectedNextOrderDay).toBe(asOf + 25);
    expect(byId('monthly-late').expectedNextOrderDay).toBe(asOf + Math.ceil(-30 * Math.log(1 - 0.5 / 0.6)));
    expect(byId('monthly-lapsed').expectedNextOrderDay).toBeNull();
    // One-time buyers get the mean repeat spend of the book: (5 × 50 + 13 × 40) / 18.
    expect(byId('one-time-recent').expectedSpend).toBeCloseTo((5 * 50 + 13 * 40) / 18, 12);
  });

  it('values by order rate × spend without trailing revenue', () => {
    const rated = predictValues(summaries, { unitDays: 7, asOfDay: asOf });
    expect(rated.clvBasis).toBe('order_rate');
    const onTime = rated.customers[summaries.findIndex((s) => s.customerId === 'monthly-on-time')]!;
    expect(onTime.predictedClv).toBeCloseTo(50 * 0.9 * (30.4375 / 30) * ANNUITY_12, 9);
  });

  it('is used when fewer than 30 customers bought twice', () => {
    const many = [...histories, ...Array.from({ length: 120 }, (_, k) => ({ id: `once-${k}`, daysAgo: [k + 1] }))];
    const s = summarizePurchases(book(asOf, many), { asOfDay: asOf, unitDays: 7 });
    const p = predictValues(s, { unitDays: 7, asOfDay: asOf });
    expect(p.method).toBe('heuristic');
    expect(p.reason).toBe('too_few_repeat_buyers');
    expect(p.detail).toContain('18 repeat buyers');
  });

  it('falls back when Gamma-Gamma cannot fit a book where every order costs the same', () => {
    // 100 customers, 40 of them with repeat orders, every order 25.00: the spend model has no spread to fit.
    const fixedPrice = Array.from({ length: 100 }, (_, k) => ({
      id: `box-${k}`,
      daysAgo: k < 40 ? [200 - k, 140 - k, 80 - (k % 30)] : [150 - k],
      amount: 25,
    }));
    const s = summarizePurchases(book(asOf, fixedPrice), { asOfDay: asOf, unitDays: 7 });
    const p = predictValues(s, { unitDays: 7, asOfDay: asOf });
    expect(p.method).toBe('heuristic');
    expect(p.reason).toBe('not_converged');
    expect(p.detail).toContain('Gamma-Gamma');
    expect(p.customers.every((c) => Number.isFinite(c.predictedClv) && c.predictedClv >= 0)).toBe(true);
  });

  it('falls back when BG/NBD does not converge within the allowed steps', () => {
    const p = predictValues(weekly, { unitDays: 7, asOfDay, fit: { maxIterations: 3 } });
    expect(p.method).toBe('heuristic');
    expect(p.reason).toBe('not_converged');
    expect(p.detail).toContain('BG/NBD did not converge');
    expect(p.customers).toHaveLength(2357);
  });

  it('handles a book of one-time buyers only', () => {
    const once = Array.from({ length: 200 }, (_, k) => ({ id: `once-${k}`, daysAgo: [k * 2] }));
    const s = summarizePurchases(book(asOf, once), { asOfDay: asOf, unitDays: 7 });
    const p = predictValues(s, { unitDays: 7, asOfDay: asOf });
    expect(p.reason).toBe('too_few_repeat_buyers');
    expect(p.populationSpend).toBe(0);
    // No repeat buyer: the usual gap falls back to 30 days. k = 10 is 20 days silent (active), k = 100 is 200 (lost).
    expect(p.customers[10]!.pAlive).toBe(0.9);
    expect(p.customers[100]!.pAlive).toBe(0.05);
    for (const c of p.customers) {
      expect([c.pAlive, c.expectedPurchases, c.expectedSpend, c.predictedClv].every(Number.isFinite)).toBe(true);
      expect(c.predictedClv).toBe(0);
    }
  });

  it('returns an empty, labelled result for no customers', () => {
    const p = predictValues([], { unitDays: 7, asOfDay: asOf });
    expect(p).toMatchObject({ method: 'heuristic', reason: 'too_few_customers', customers: [], customerCount: 0, repeatBuyers: 0 });
  });
});

describe('predictValues: options', () => {
  const asOf = dayOf('2024-06-30');
  const summaries = summarizePurchases(book(asOf, [{ id: 'a', daysAgo: [30, 10] }]), { asOfDay: asOf, unitDays: 7 });
  const call = (options: object) => () => predictValues(summaries, { unitDays: 7, asOfDay: asOf, ...options });

  it('says what was expected and what came', () => {
    expect(call({ horizonMonths: 0 })).toThrow('horizonMonths must be an integer ≥ 1, got 0');
    expect(call({ horizonMonths: 1.5 })).toThrow('horizonMonths must be an integer ≥ 1, got 1.5');
    expect(call({ monthlyDiscount: -0.01 })).toThrow('monthlyDiscount must be a finite rate ≥ 0 (0.01 = 1 % a month), got -0.01');
    expect(call({ unitDays: 0 })).toThrow('unitDays must be a finite number of days > 0');
    expect(call({ asOfDay: 1.5 })).toThrow('asOfDay must be a whole number of days since 1970-01-01, got 1.5');
    expect(call({ minCustomers: 0 })).toThrow('minCustomers must be an integer ≥ 1, got 0');
    expect(call({ minRepeatBuyers: 2.5 })).toThrow('minRepeatBuyers must be an integer ≥ 1, got 2.5');
    expect(call({ trailingRevenue: [1, 2] })).toThrow('trailingRevenue must have one value per summary (1), got 2');
    expect(call({ trailingRevenue: [Number.NaN] })).toThrow('trailingRevenue[0] must be a finite number, got NaN');
  });

  it('rejects summaries made for another analysis day or time unit', () => {
    expect(call({ asOfDay: asOf + 1 })).toThrow('summaries[0]: T = ');
    expect(call({ unitDays: 1 })).toThrow('summarise with the same asOfDay and unitDays');
  });
});
