// BG/NBD against the published CDNOW results (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way",
// Marketing Science 24(2); Hardie's spreadsheet; R package BTYD; lifetimes' tests and docs — values listed in
// tests/fixtures/cdnow/README.md's source README) and against simple oracles written here from the paper's
// formulas in linear space.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bgNbdLogLikelihood,
  expectedPurchases,
  expectedPurchasesUnconditional,
  fitBgNbd,
  groupSummaries,
  pAlive,
  pAliveForDisplay,
  pAliveModified,
  probabilityOfPurchases,
  type BgNbdFit,
  type BgNbdParams,
  type BgNbdRow,
} from '../../../src/analytics/bgnbd';
import { summarizePurchases, UNIT_DAYS, type PurchaseSummary } from '../../../src/analytics/rfm-summary';
import { mulberry32 } from '../../fixtures/seeded-random';
import { CALIBRATION_END, cdnowLines, dayOf, hardieSummary } from '../../fixtures/cdnow/cdnow';

/** The paper's estimates, as fixed in BTYD's and lifetimes' tests. */
const PAPER: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

/** Eq. 6 in linear space: Γ and B ratios as products over k < x (fine for x up to a few dozen). */
function oracleLogLikelihood({ r, alpha, a, b }: BgNbdParams, rows: readonly BgNbdRow[]): number {
  let sum = 0;
  for (const { x, tx, T, weight = 1 } of rows) {
    let gammaRatio = 1; // Γ(r + x) / Γ(r)
    let betaRatio = 1; // B(a, b + x) / B(a, b)
    for (let k = 0; k < x; k++) {
      gammaRatio *= r + k;
      betaRatio *= (b + k) / (a + b + k);
    }
    const alive = (alpha + T) ** -(r + x);
    const dropped = x > 0 ? (a / (b + x - 1)) * (alpha + tx) ** -(r + x) : 0;
    sum += weight * Math.log(gammaRatio * alpha ** r * betaRatio * (alive + dropped));
  }
  return sum;
}

/** 2F1 by its plain power series. */
function oracleHyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += term;
  }
  return sum;
}

/** Eq. 10 exactly as printed (no transformation). */
function oracleExpectedPurchases({ r, alpha, a, b }: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * oracleHyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0);
  return (((a + b + x - 1) / (a - 1)) * bracket) / denominator;
}

let weekly: PurchaseSummary[];
let fit: BgNbdFit;
beforeAll(() => {
  weekly = summarizePurchases(cdnowLines(), { asOfDay: dayOf(CALIBRATION_END), unitDays: UNIT_DAYS.week });
  fit = fitBgNbd(weekly);
});

describe('fitBgNbd on the CDNOW sample (weekly, as of 1997-09-30)', () => {
  it('reproduces r = 0.2426, α = 4.4136, a = 0.7929, b = 2.4259 within 0.5 % (FHL 2005, lifetimes docs)', () => {
    expect(fit.converged).toBe(true);
    expect(fit.penalizer).toBe(0);
    expect(fit.customers).toBe(2357);
    expect(relativeError(fit.r, 0.2426)).toBeLessThan(0.005);
    expect(relativeError(fit.alpha, 4.4136)).toBeLessThan(0.005);
    expect(relativeError(fit.a, 0.7929)).toBeLessThan(0.005);
    expect(relativeError(fit.b, 2.4259)).toBeLessThan(0.005);
    // lifetimes asserts the paper's values to 2 decimals.
    expect([fit.r, fit.alpha, fit.a, fit.b].map((v) => v.toFixed(2))).toEqual(['0.24', '4.41', '0.79', '2.43']);
  });

  it('gives lifetimes’ printed estimates (r 0.242593, α 4.413532, a 0.792886, b 2.425752) on Hardie’s rounded summary', () => {
    const fromHardie = fitBgNbd(hardieSummary());
    const printed = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(relativeError(fromHardie[key], printed[key])).toBeLessThan(1e-5);
  });

  it('reaches the paper’s log-likelihood −9582.43, the full eq. 6 in weeks (no constant dropped)', () => {
    expect(relativeError(fit.logLikelihood, -9582.43)).toBeLessThan(0.005);
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 1);
    // The oracle sums the same likelihood per customer, ungrouped, in linear space.
    expect(relativeError(fit.logLikelihood, oracleLogLikelihood(fit, weekly))).toBeLessThan(1e-12);
    expect(relativeError(bgNbdLogLikelihood(PAPER, weekly), oracleLogLikelihood(PAPER, weekly))).toBeLessThan(1e-12);
  });

  it('gives the same fit in days: r, a, b unchanged, α × 7, and ln L shifted by −Σx · ln 7 (a density in tₓ)', () => {
    const daily = summarizePurchases(cdnowLines(), { asOfDay: dayOf(CALIBRATION_END), unitDays: UNIT_DAYS.day });
    const dailyFit = fitBgNbd(daily);
    const repeatPurchases = weekly.reduce((sum, s) => sum + s.x, 0);
    expect(relativeError(dailyFit.r, fit.r)).toBeLessThan(1e-4);
    expect(relativeError(dailyFit.alpha, 7 * fit.alpha)).toBeLessThan(1e-4);
    expect(relativeError(dailyFit.a, fit.a)).toBeLessThan(1e-4);
    expect(relativeError(dailyFit.b, fit.b)).toBeLessThan(1e-4);
    expect(dailyFit.logLikelihood).toBeCloseTo(fit.logLikelihood - repeatPurchases * Math.log(7), 5);
  });

  it('fits identical customers grouped with weights exactly as one by one', () => {
    const groups = groupSummaries(weekly);
    expect(groups.length).toBeLessThan(weekly.length);
    expect(groups.reduce((sum, g) => sum + g.weight, 0)).toBe(2357);
    for (const g of groups.slice(0, 50)) {
      const count = weekly.filter((s) => s.x === g.x && s.T === g.T && (g.x === 0 || s.tx === g.tx)).length;
      expect(g.weight).toBe(count);
    }
    // Reversed, ungrouped input: the same estimates.
    const reversed = fitBgNbd([...weekly].reverse().map(({ x, tx, T }) => ({ x, tx, T })));
    const grouped = fitBgNbd(groups);
    for (const other of [reversed, grouped]) {
      for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(relativeError(other[key], fit[key])).toBeLessThan(1e-6);
    }
  });

  it('ranks lifetimes’ documented top five by expected purchases next week (ids 509, 841, 1981, 157, 1516)', () => {
    const nextWeek = weekly.map((s) => ({ id: s.customerId, value: expectedPurchases(fit, 1, s) }));
    const top = nextWeek.sort((p, q) => p.value - q.value).slice(-5);
    expect(top.map((c) => c.id)).toEqual(['509', '841', '1981', '157', '1516']);
    [0.424877, 0.474738, 0.486526, 0.662396, 0.710623].forEach((published, i) => {
      expect(Math.abs(top[i]!.value - published)).toBeLessThan(1e-3);
    });
  });

  it('forecasts E[X(t)] = 0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576 at t = 1/7, 1, 3, 31.857, 32, 78 weeks', () => {
    const t = [0.1429, 1, 3, 31.8571, 32, 78];
    const published = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    t.forEach((weeks, i) => expect(Math.abs(expectedPurchasesUnconditional(fit, weeks) - published[i]!)).toBeLessThan(5e-4));
  });

  it('has no NaN anywhere on the 2,357 customers', () => {
    for (const c of weekly) {
      const values = [pAlive(fit, c), pAliveModified(fit, c), pAliveForDisplay(fit, c).value, expectedPurchases(fit, 52, c)];
      for (const v of values) expect(Number.isFinite(v) && v >= 0, `customer ${c.customerId}: ${values}`).toBe(true);
    }
  });
});

describe('fitBgNbd on customers simulated from the model', () => {
  it('recovers r = 0.5, α = 10, a = 0.8, b = 2.5 from 10,000 simulated day-unit histories', () => {
    const truth = { r: 0.5, alpha: 10, a: 0.8, b: 2.5 };
    const random = mulberry32(1);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    // Marsaglia & Tsang (2000) gamma variates; shape < 1 through Gamma(shape + 1) · U^(1/shape).
    const gammaVariate = (shape: number): number => {
      if (shape < 1) return gammaVariate(shape + 1) * random() ** (1 / shape);
      const d = shape - 1 / 3;
      const c = 1 / Math.sqrt(9 * d);
      for (;;) {
        const z = normal();
        const v = (1 + c * z) ** 3;
        if (v > 0 && Math.log(1 - random()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
      }
    };
    // FHL (2005) assumptions: Poisson purchases at λ ~ Gamma(r, α) while alive; after each repeat purchase the
    // customer leaves with probability p ~ Beta(a, b). Observed for T days after the first purchase.
    const rows: BgNbdRow[] = [];
    for (let i = 0; i < 10_000; i++) {
      const T = 30 + 335 * random();
      const rate = gammaVariate(truth.r) / truth.alpha;
      const g = gammaVariate(truth.a);
      const p = g / (g + gammaVariate(truth.b));
      let [t, x, tx] = [0, 0, 0];
      for (;;) {
        t += -Math.log(1 - random()) / rate;
        if (t > T) break;
        x++;
        tx = t;
        if (random() < p) break;
      }
      rows.push({ x, tx, T });
    }
    const estimate = fitBgNbd(rows);
    // Sampling error at this size is a few % for r and α and about 10 % for a and b.
    expect(relativeError(estimate.r, truth.r)).toBeLessThan(0.1);
    expect(relativeError(estimate.alpha, truth.alpha)).toBeLessThan(0.1);
    expect(relativeError(estimate.a, truth.a)).toBeLessThan(0.25);
    expect(relativeError(estimate.b, truth.b)).toBeLessThan(0.25);
  });
});

describe('expectedPurchases (eq. 10)', () => {
  it('gives 1.226 for x = 2, tₓ = 30.43, T = 38.86 over the next 39 weeks (Hardie’s spreadsheet)', () => {
    expect(Math.abs(expectedPurchases(PAPER, 39, { x: 2, tx: 30.43, T: 38.86 }) - 1.226)).toBeLessThan(0.001);
    expect(Math.abs(expectedPurchases(fit, 39, { x: 2, tx: 30.43, T: 38.86 }) - 1.226)).toBeLessThan(0.001);
  });

  it('agrees with the untransformed formula on a grid of customers, frequent buyers (x = 400) included', () => {
    for (const [t, x, tx, T] of [
      [39, 0, 0, 38.86],
      [1, 1, 0.5, 30],
      [52, 5, 20, 38],
      [200, 10, 30, 39],
      [39, 400, 38.86, 38.86],
      [39, 400, 38, 38.86],
    ] as const) {
      const expected = oracleExpectedPurchases(PAPER, t, x, tx, T);
      expect(relativeError(expectedPurchases(PAPER, t, { x, tx, T }), expected), `${[t, x, tx, T]}`).toBeLessThan(1e-10);
    }
  });

  it('is continuous through a = 1, where eq. 10 reads 0/0', () => {
    const customer = { x: 2, tx: 30.43, T: 38.86 };
    const at = (a: number) => expectedPurchases({ ...PAPER, a }, 39, customer);
    expect(Number.isFinite(at(1))).toBe(true);
    expect(Math.abs(at(1) - (at(1 - 1e-6) + at(1 + 1e-6)) / 2)).toBeLessThan(1e-9);
    expect(relativeError(at(1.001), oracleExpectedPurchases({ ...PAPER, a: 1.001 }, 39, 2, 30.43, 38.86))).toBeLessThan(1e-7);
  });

  it('stays finite for x = 400 and x = 5,000, and is 0 over no time', () => {
    for (const x of [400, 5000]) {
      const value = expectedPurchases(fit, 39, { x, tx: 38, T: 38.86 });
      expect(Number.isFinite(value) && value >= 0).toBe(true);
      expect(Number.isFinite(pAlive(fit, { x, tx: 38, T: 38.86 }))).toBe(true);
    }
    expect(expectedPurchases(fit, 0, { x: 3, tx: 5, T: 10 })).toBe(0);
    expect(() => expectedPurchases(fit, -1, { x: 3, tx: 5, T: 10 })).toThrow('t must be a finite time ≥ 0 in model units, got -1');
  });
});

describe('probabilityOfPurchases (eq. 8) with r, α, a, b = 0.243, 4.414, 0.793, 2.426', () => {
  it('gives BTYD’s P(X(39) = 0) = 0.5737864 and P(X(2) = 10) = 1.07869e-07', () => {
    expect(Math.abs(probabilityOfPurchases(PAPER, 39, 0) - 0.5737864)).toBeLessThan(1e-4);
    expect(Math.abs(probabilityOfPurchases(PAPER, 2, 10) - 1.07869e-7)).toBeLessThan(1e-4);
    expect(relativeError(probabilityOfPurchases(PAPER, 2, 10), 1.07869e-7)).toBeLessThan(1e-4);
  });

  it('gives BTYD’s P(X(30) = n) for n = 11..20 to 5 decimals', () => {
    const published = [
      0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613,
      0.000222226,
    ];
    published.forEach((p, i) => expect(probabilityOfPurchases(PAPER, 30, 11 + i)).toBeCloseTo(p, 5));
    published.forEach((p, i) => expect(relativeError(probabilityOfPurchases(PAPER, 30, 11 + i), p)).toBeLessThan(1e-6));
  });

  it('is a distribution whose mean is E[X(t)] (eq. 8 against eq. 9)', () => {
    for (const t of [1, 39, 78]) {
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 5000; n++) {
        const p = probabilityOfPurchases(PAPER, t, n);
        total += p;
        mean += n * p;
      }
      expect(total).toBeCloseTo(1, 10);
      expect(relativeError(mean, expectedPurchasesUnconditional(PAPER, t))).toBeLessThan(1e-8);
    }
  });
});

describe('P(alive)', () => {
  it('is 1 for a customer with no repeat purchase (the model’s convention, lifetimes asserts == 1)', () => {
    expect(pAlive(fit, { x: 0, tx: 0, T: 38.86 })).toBe(1);
  });

  it('follows 1 / (1 + a/(b + x − 1) ((α + T)/(α + tₓ))^(r + x)) for repeat buyers', () => {
    const { r, alpha, a, b } = PAPER;
    for (const [x, tx, T] of [
      [2, 30.43, 38.86],
      [1, 1.71, 38.86],
      [20, 10, 38],
    ] as const) {
      const expected = 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
      expect(pAlive(PAPER, { x, tx, T })).toBeCloseTo(expected, 14);
    }
  });

  it('shows one-time buyers the chance they did not leave after their first purchase, labelled as a heuristic', () => {
    const { r, alpha, a, b } = PAPER;
    // If the Beta(a, b) dropout chance also applied after the first purchase: P(stayed | no purchase in T) =
    // (1 − p)·P(no purchase | λ) / (p + (1 − p)·P(no purchase | λ)), averaged over p and λ.
    const oracle = (T: number) => {
      const silent = (alpha / (alpha + T)) ** r;
      return ((b / (a + b)) * silent) / (a / (a + b) + (b / (a + b)) * silent);
    };
    let previous = 1;
    for (const T of [0, 1, 10, 38.86, 100]) {
      const shown = pAliveForDisplay(PAPER, { x: 0, tx: 0, T });
      expect(shown.method).toBe('one_time_heuristic');
      expect(shown.value).toBeCloseTo(oracle(T), 14);
      expect(shown.value).toBeLessThan(previous);
      previous = shown.value;
    }
    expect(pAliveForDisplay(PAPER, { x: 0, tx: 0, T: 0 }).value).toBeCloseTo(b / (a + b), 14);
    expect(pAliveForDisplay(PAPER, { x: 2, tx: 30.43, T: 38.86 })).toEqual({ value: pAlive(PAPER, { x: 2, tx: 30.43, T: 38.86 }), method: 'bgnbd' });
  });
});

describe('fitBgNbd when the data cannot support a plain fit', () => {
  // 300 customers followed for 52 weeks who buy at 0.5..1.5 a week and never leave: the plain maximum runs off
  // to a/(a + b) → 0.
  const loyal: BgNbdRow[] = [];
  const random = mulberry32(7);
  for (let i = 0; i < 300; i++) {
    const rate = 0.5 + random();
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(1 - random()) / rate;
      if (t > 52) break;
      x++;
      tx = t;
    }
    loyal.push({ x, tx, T: 52 });
  }

  it('falls back to a small penalty and says so', () => {
    const penalised = fitBgNbd(loyal);
    expect(penalised.penalizer).toBe(0.001);
    expect(penalised.converged).toBe(true);
    expect(Math.abs(penalised.r / penalised.alpha - 1)).toBeLessThan(0.1); // mean rate of U(0.5, 1.5)
    expect(penalised.a / (penalised.a + penalised.b)).toBeLessThan(0.01); // almost nobody leaves
  });

  it('throws MODEL_NOT_CONVERGED with a readable message when no attempt converges', () => {
    expect(() => fitBgNbd(loyal, { fallbackPenalizer: 0 })).toThrow(expect.objectContaining({ code: 'MODEL_NOT_CONVERGED' }));
    expect(() => fitBgNbd(weekly, { maxIterations: 20 })).toThrow(/BG\/NBD did not converge after 20 steps .*946 of 2357 customers bought again/);
  });

  it('throws MODEL_NO_DATA when nobody bought twice, and checks its rows', () => {
    expect(() => fitBgNbd([{ x: 0, tx: 0, T: 5 }])).toThrow(expect.objectContaining({ code: 'MODEL_NO_DATA' }));
    expect(() => groupSummaries([{ x: 1.5, tx: 0, T: 5 }])).toThrow('rows[0]: x must be a whole number ≥ 0, got 1.5');
    expect(() => groupSummaries([{ x: 1, tx: 6, T: 5 }])).toThrow('rows[0]: T must be finite and ≥ tx (6), got 5');
  });
});
