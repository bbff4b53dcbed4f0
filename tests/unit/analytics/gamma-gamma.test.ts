// Gamma-Gamma against Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value", on the 946 CDNOW
// repeat buyers (Hardie's spreadsheet and lifetimes' tests and docs), plus a numeric check that the spend
// density integrates to 1.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectedAverageSpend,
  fitGammaGamma,
  gammaGammaLikelihood,
  spendFrequencyCorrelation,
  type GammaGammaFit,
} from '../../../src/analytics/gamma-gamma';
import { minimize } from '../../../src/analytics/optimize';
import { summarizePurchases, UNIT_DAYS, type PurchaseSummary } from '../../../src/analytics/rfm-summary';
import { lnGamma } from '../../../src/analytics/special';
import { CALIBRATION_END, cdnowLines, dayOf, hardieSummary } from '../../fixtures/cdnow/cdnow';

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);
const PUBLISHED = { p: 6.2488, q: 3.7446, gamma: 15.4477 };

let hardie: { x: number; mx: number }[];
let summary: PurchaseSummary[];
let fit: GammaGammaFit;
beforeAll(() => {
  hardie = hardieSummary().map(({ x, zbar }) => ({ x, mx: zbar }));
  summary = summarizePurchases(cdnowLines(), { asOfDay: dayOf(CALIBRATION_END), unitDays: UNIT_DAYS.week });
  fit = fitGammaGamma(summary);
});

describe('fitGammaGamma on the CDNOW repeat buyers', () => {
  it('reproduces p = 6.2488, q = 3.7446, γ = 15.4477 within 0.5 % from the sample’s own summary', () => {
    expect(fit.customers).toBe(946);
    expect(fit.converged).toBe(true);
    for (const key of ['p', 'q', 'gamma'] as const) expect(relativeError(fit[key], PUBLISHED[key])).toBeLessThan(0.005);
  });

  it('reproduces them to 2 decimals from Hardie’s zbar, with or without the q > 1 constraint (lifetimes asserts)', () => {
    for (const requireFiniteMean of [true, false]) {
      const fromHardie = fitGammaGamma(hardie, { requireFiniteMean });
      expect([fromHardie.p, fromHardie.q, fromHardie.gamma].map((v) => v.toFixed(2))).toEqual(['6.25', '3.74', '15.45']);
      for (const key of ['p', 'q', 'gamma'] as const) expect(relativeError(fromHardie[key], PUBLISHED[key])).toBeLessThan(0.001);
    }
  });

  it('fits weighted duplicates like the repeated rows, and skips one-time and zero-spend customers', () => {
    const repeaters = hardie.filter((h) => h.x > 0);
    const doubled = fitGammaGamma(repeaters.map((h) => ({ ...h, weight: 2 })));
    const repeated = fitGammaGamma([...repeaters, ...repeaters, { x: 0, mx: 0 }, { x: 3, mx: 0 }]);
    expect(repeated.customers).toBe(1892);
    for (const key of ['p', 'q', 'gamma'] as const) expect(relativeError(doubled[key], repeated[key])).toBeLessThan(1e-5);
    expect(relativeError(doubled.logLikelihood, repeated.logLikelihood)).toBeLessThan(1e-9);
  });

  it('uses a spend density that integrates to 1 over mx (no constant missing)', () => {
    // ln f(m | x) for one customer is the fit's log-likelihood of the row { x, mx: m }; integrate over m = e^u.
    const { p, q, gamma } = fit;
    // f(m | x) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q m^(px−1) x^(px) / (γ + m x)^(px+q)
    const density = (m: number, x: number) => {
      const lnConstant = lnGamma(p * x + q) - lnGamma(p * x) - lnGamma(q) + q * Math.log(gamma) + p * x * Math.log(x);
      return Math.exp(lnConstant + (p * x - 1) * Math.log(m) - (p * x + q) * Math.log(gamma + m * x));
    };
    for (const x of [1, 4, 20]) {
      let integral = 0;
      const step = 0.001;
      for (let u = -15; u < 15; u += step) integral += density(Math.exp(u + step / 2), x) * Math.exp(u + step / 2) * step;
      expect(integral).toBeCloseTo(1, 6);
    }
    // …and the fit's total is the sum of those log-densities.
    const total = summary.filter((s) => s.x > 0 && s.mx > 0).reduce((sum, s) => sum + Math.log(density(s.mx, s.x)), 0);
    expect(relativeError(fit.logLikelihood, total)).toBeLessThan(1e-12);
  });

  it('throws MODEL_NO_DATA when no customer has a positive repeat spend', () => {
    expect(() => fitGammaGamma([{ x: 0, mx: 0 }, { x: 2, mx: 0 }])).toThrow(expect.objectContaining({ code: 'MODEL_NO_DATA' }));
  });
});

describe('expectedAverageSpend', () => {
  it('gives Hardie’s E[M] for customers 1..10 with p, q, γ = 6.25, 3.74, 15.44 (abs 0.1)', () => {
    const published = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    hardie.slice(0, 10).forEach((customer, i) => {
      expect(Math.abs(expectedAverageSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, customer) - published[i]!)).toBeLessThan(0.1);
    });
  });

  it('averages 35.2529588 over all 2,357 customers with the fit on zbar (lifetimes docs)', () => {
    const fromHardie = fitGammaGamma(hardie);
    const mean = hardie.reduce((sum, c) => sum + expectedAverageSpend(fromHardie, c), 0) / hardie.length;
    expect(Math.abs(mean - 35.2529588256)).toBeLessThan(1e-4);
  });

  it('is the weighted mean (q − 1)/(px + q − 1) · pγ/(q − 1) + px/(px + q − 1) · mx, and never negative', () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    const populationMean = (params.p * params.gamma) / (params.q - 1);
    expect(expectedAverageSpend(params, { x: 0, mx: 0 })).toBeCloseTo(populationMean, 12);
    const w = (6.25 * 3) / (6.25 * 3 + 3.74 - 1);
    expect(expectedAverageSpend(params, { x: 3, mx: 80 })).toBeCloseTo((1 - w) * populationMean + w * 80, 12);
    expect(expectedAverageSpend(params, { x: 3, mx: -50 })).toBeGreaterThanOrEqual(0);
    expect(() => expectedAverageSpend({ p: 1, q: 0.5, gamma: 1 }, { x: 0, mx: 0 })).toThrow(/infinite when p·x \+ q ≤ 1/);
  });
});

describe('spendFrequencyCorrelation', () => {
  it('gives 0.113884 between frequency and zbar among the repeat buyers (lifetimes docs), below the warning', () => {
    const result = spendFrequencyCorrelation(hardie);
    expect(result.customers).toBe(946);
    expect(Math.abs(result.correlation! - 0.113884)).toBeLessThan(1e-6);
    expect(result.isCorrelated).toBe(false);
  });

  it('warns on a clear correlation, and gives null without spread', () => {
    const linear = [1, 2, 3, 4, 5].map((x) => ({ x, mx: 10 * x }));
    expect(spendFrequencyCorrelation(linear)).toEqual({ correlation: expect.closeTo(1, 12), customers: 5, isCorrelated: true });
    expect(spendFrequencyCorrelation([1, 2, 3].map((x) => ({ x, mx: 5 }))).correlation).toBeNull();
    expect(spendFrequencyCorrelation([{ x: 1, mx: 5 }]).correlation).toBeNull();
  });
});

describe('gammaGammaLikelihood', () => {
  /**
   * ∂f/∂θₖ by central differences with Richardson extrapolation. The step is large because f, a sum of
   * ln Γ terms in the tens of thousands that cancel to a few thousand, is only accurate to about 1e-10.
   */
  const numericGradient = (f: (theta: number[]) => number, theta: readonly number[], h = 1e-2) =>
    theta.map((_, k) => {
      const slope = (step: number) => {
        const [up, down] = [[...theta], [...theta]];
        up[k]! += step;
        down[k]! -= step;
        return (f(up) - f(down)) / (2 * step);
      };
      return (4 * slope(h / 2) - slope(h)) / 3;
    });

  it('has the gradient of central differences, with q = 1 + e^θ₁ and with q = e^θ₁', () => {
    // Customers with x in the hundreds too, so px + q is large.
    const rows = [...summary, { x: 350, mx: 12.5 }, { x: 600, mx: 80, weight: 2 }];
    for (const requireFiniteMean of [true, false]) {
      const likelihood = gammaGammaLikelihood(rows, { requireFiniteMean });
      for (const theta of [
        [Math.log(6.25), Math.log(requireFiniteMean ? 2.74 : 3.74), Math.log(15.44)],
        [0, 0, Math.log(35)],
        [-2, 2, 5],
      ]) {
        const gradient = new Float64Array(3);
        const value = likelihood.valueAndGradient(theta, gradient);
        expect(value).toBe(likelihood.value(theta));
        numericGradient((t) => likelihood.value(t), theta).forEach((expected, k) => {
          const tolerance = 1e-6 * Math.max(Math.abs(expected), 1e-3 * Math.abs(value));
          expect(Math.abs(gradient[k]! - expected), `∂/∂θ${k} at ${theta}: ${gradient[k]} vs ${expected}`).toBeLessThan(tolerance);
        });
      }
    }
  });

  it('is flat at the fit, which Nelder–Mead on the same likelihood confirms', () => {
    const likelihood = gammaGammaLikelihood(summary);
    const theta = [Math.log(fit.p), Math.log(fit.q - 1), Math.log(fit.gamma)];
    const gradient = new Float64Array(3);
    expect(likelihood.valueAndGradient(theta, gradient)).toBeCloseTo(fit.logLikelihood, 9);
    for (const component of gradient) expect(Math.abs(component) / fit.customers).toBeLessThan(1e-8);
    const simplex = minimize((t) => -likelihood.value(t) / likelihood.customers, [0, 0, Math.log(likelihood.meanSpend)]);
    const fromSimplex = likelihood.paramsAt(simplex.x);
    for (const key of ['p', 'q', 'gamma'] as const) expect(relativeError(fit[key], fromSimplex[key])).toBeLessThan(1e-6);
  });
});
