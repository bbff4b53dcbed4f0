// The BG/NBD likelihood's analytic gradient against central finite differences of the likelihood (on CDNOW in
// weeks and in days, and on a simulated book with frequent buyers, x > 300), and the quasi-Newton fit it drives
// against Nelder–Mead and the published CDNOW estimates (Fader, Hardie & Lee 2005).
import { beforeAll, describe, expect, it } from 'vitest';
import { fitBgNbd, groupSummaries, type BgNbdParams, type BgNbdRow, type SummaryGroup } from '../../../src/analytics/bgnbd';
import { bgNbdLikelihood, type BgNbdLikelihood } from '../../../src/analytics/bgnbd-gradient';
import { minimizeWithGradient } from '../../../src/analytics/bfgs';
import { minimize } from '../../../src/analytics/optimize';
import { summarizePurchases, UNIT_DAYS } from '../../../src/analytics/rfm-summary';
import { mulberry32 } from '../../fixtures/seeded-random';
import { CALIBRATION_END, cdnowLines, dayOf } from '../../fixtures/cdnow/cdnow';

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);
const logOf = ({ r, alpha, a, b }: BgNbdParams) => [Math.log(r), Math.log(alpha), Math.log(a), Math.log(b)];

/** ∂f/∂θₖ by central differences with Richardson extrapolation (error O(h⁴) plus rounding of f / h). */
function numericGradient(f: (theta: number[]) => number, theta: readonly number[], h = 1e-3): number[] {
  return theta.map((_, k) => {
    const slope = (step: number) => {
      const up = [...theta];
      const down = [...theta];
      up[k]! += step;
      down[k]! -= step;
      return (f(up) - f(down)) / (2 * step);
    };
    return (4 * slope(h / 2) - slope(h)) / 3;
  });
}

/**
 * The analytic gradient agrees with the numeric one to 1e-7 of the larger of |∂| and the likelihood's own size
 * per unit of θ (its rounding error, amplified by 1/h, is about 1e-13 of |ln L|).
 */
function expectGradientMatches(likelihood: BgNbdLikelihood, params: BgNbdParams) {
  const theta = logOf(params);
  const gradient = new Float64Array(4);
  const value = likelihood.valueAndGradient(theta, gradient);
  expect(value).toBe(likelihood.value(theta));
  const numeric = numericGradient((t) => likelihood.value(t), theta);
  numeric.forEach((expected, k) => {
    const tolerance = 1e-7 * Math.max(Math.abs(expected), 1e-3 * Math.abs(value));
    expect(Math.abs(gradient[k]! - expected), `∂/∂θ${k} at ${JSON.stringify(params)}: ${gradient[k]} vs ${expected}`).toBeLessThan(tolerance);
  });
}

/** Customers simulated from BG/NBD in days, plus frequent buyers who buy most days for a year (x in the hundreds). */
function bookWithFrequentBuyers(): BgNbdRow[] {
  const random = mulberry32(11);
  const rows: BgNbdRow[] = [];
  const customer = (rate: number, dropout: number, T: number) => {
    let [t, x, tx] = [0, 0, 0];
    for (;;) {
      t += -Math.log(1 - random()) / rate;
      if (t > T) break;
      x++;
      tx = t;
      if (random() < dropout) break;
    }
    rows.push({ x, tx, T });
  };
  for (let i = 0; i < 400; i++) customer(0.002 + 0.05 * random(), 0.2 * random(), 30 + 335 * random());
  // Frequent buyers: some still buying at the end, some who left after half a year of daily orders.
  for (let i = 0; i < 40; i++) customer(0.9 + 0.6 * random(), i % 2 === 0 ? 0 : 0.004, 365);
  return rows;
}

let weeklyGroups: SummaryGroup[];
let dailyGroups: SummaryGroup[];
let frequentGroups: SummaryGroup[];
beforeAll(() => {
  const asOfDay = dayOf(CALIBRATION_END);
  weeklyGroups = groupSummaries(summarizePurchases(cdnowLines(), { asOfDay, unitDays: UNIT_DAYS.week }));
  dailyGroups = groupSummaries(summarizePurchases(cdnowLines(), { asOfDay, unitDays: UNIT_DAYS.day }));
  frequentGroups = groupSummaries(bookWithFrequentBuyers());
});

describe('bgNbdLikelihood gradient', () => {
  it('matches central differences on CDNOW in weeks at the paper’s estimates, the start and far-off points', () => {
    const likelihood = bgNbdLikelihood(weeklyGroups);
    for (const params of [
      { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
      { r: 1, alpha: 32.7, a: 1, b: 1 },
      { r: 5, alpha: 0.5, a: 3, b: 0.2 },
      { r: 0.01, alpha: 200, a: 0.05, b: 40 },
    ]) {
      expectGradientMatches(likelihood, params);
    }
  });

  it('matches central differences on CDNOW in days', () => {
    const likelihood = bgNbdLikelihood(dailyGroups);
    for (const params of [
      { r: 0.243, alpha: 30.9, a: 0.793, b: 2.426 },
      { r: 2, alpha: 300, a: 1.5, b: 8 },
    ]) {
      expectGradientMatches(likelihood, params);
    }
  });

  it('matches central differences on a book with frequent buyers (x > 300), in both branches of the log-sum-exp', () => {
    expect(Math.max(...frequentGroups.map((g) => g.x))).toBeGreaterThan(300);
    // Frequent buyers whose last purchase is long past (the "left" term dominates) and recent (the "alive" one).
    expect(frequentGroups.some((g) => g.x > 100 && g.T - g.tx > 100)).toBe(true);
    expect(frequentGroups.some((g) => g.x > 300 && g.T - g.tx < 5)).toBe(true);
    const likelihood = bgNbdLikelihood(frequentGroups);
    for (const params of [
      { r: 0.4, alpha: 20, a: 0.6, b: 4 },
      { r: 3, alpha: 3, a: 0.05, b: 50 },
      { r: 0.05, alpha: 500, a: 8, b: 0.5 },
    ]) {
      expectGradientMatches(likelihood, params);
    }
  });

  it('weighs a group of weight 3 exactly like three identical rows, value and gradient', () => {
    const rows = [
      { x: 4, tx: 20.5, T: 38 },
      { x: 0, tx: 0, T: 12 },
      { x: 350, tx: 37.9, T: 38 },
    ];
    const weighted = bgNbdLikelihood(rows.map((row) => ({ ...row, weight: 3 })));
    const repeated = bgNbdLikelihood(rows.flatMap((row) => [row, row, row].map((r) => ({ ...r, weight: 1 }))));
    const theta = logOf({ r: 0.3, alpha: 5, a: 0.8, b: 2.5 });
    const [g1, g3] = [new Float64Array(4), new Float64Array(4)];
    expect(relativeError(weighted.valueAndGradient(theta, g3), repeated.valueAndGradient(theta, g1))).toBeLessThan(1e-14);
    for (let k = 0; k < 4; k++) expect(relativeError(g3[k]!, g1[k]!)).toBeLessThan(1e-13);
  });

  it('vanishes at the fitted CDNOW estimates', () => {
    const fit = fitBgNbd(weeklyGroups);
    const gradient = new Float64Array(4);
    bgNbdLikelihood(weeklyGroups).valueAndGradient(logOf(fit), gradient);
    // Per customer, in ln-parameters.
    for (const component of gradient) expect(Math.abs(component) / fit.customers).toBeLessThan(1e-8);
  });
});

describe('minimizeWithGradient on the CDNOW likelihood (weekly)', () => {
  it('reaches the optimum Nelder–Mead reaches, the published one, in far fewer evaluations', () => {
    const likelihood = bgNbdLikelihood(weeklyGroups);
    const customers = weeklyGroups.reduce((sum, g) => sum + g.weight, 0);
    const meanT = weeklyGroups.reduce((sum, g) => sum + g.weight * g.T, 0) / customers;
    const start = [0, Math.log(meanT), 0, 0];
    const quasiNewton = minimizeWithGradient((theta, gradient) => {
      const value = -likelihood.valueAndGradient(theta, gradient) / customers;
      for (let k = 0; k < 4; k++) gradient[k] = -gradient[k]! / customers;
      return value;
    }, start);
    const simplex = minimize((theta) => -likelihood.value(theta) / customers, start);
    expect(quasiNewton.converged).toBe(true);
    expect(simplex.converged).toBe(true);
    expect(quasiNewton.evaluations).toBeLessThan(simplex.evaluations / 10);
    const [r, alpha, a, b] = quasiNewton.x.map(Math.exp) as [number, number, number, number];
    const [rNm, alphaNm, aNm, bNm] = simplex.x.map(Math.exp) as [number, number, number, number];
    expect(relativeError(r, rNm)).toBeLessThan(1e-6);
    expect(relativeError(alpha, alphaNm)).toBeLessThan(1e-6);
    expect(relativeError(a, aNm)).toBeLessThan(1e-6);
    expect(relativeError(b, bNm)).toBeLessThan(1e-6);
    expect(quasiNewton.value).toBeLessThanOrEqual(simplex.value + 1e-13);
    // FHL (2005): r = 0.2426, α = 4.4136, a = 0.7929, b = 2.4259, ln L = −9582.43.
    expect(relativeError(r, 0.2426)).toBeLessThan(0.005);
    expect(relativeError(alpha, 4.4136)).toBeLessThan(0.005);
    expect(relativeError(a, 0.7929)).toBeLessThan(0.005);
    expect(relativeError(b, 2.4259)).toBeLessThan(0.005);
    expect(-quasiNewton.value * customers).toBeCloseTo(-9582.43, 1);
  });
});

describe('fitBgNbd on a book with frequent buyers', () => {
  it('converges without a penalty to finite estimates', () => {
    const fit = fitBgNbd(frequentGroups);
    expect(fit.converged).toBe(true);
    expect(fit.penalizer).toBe(0);
    for (const value of [fit.r, fit.alpha, fit.a, fit.b, fit.logLikelihood]) expect(Number.isFinite(value)).toBe(true);
    // The same maximum as a direct Nelder–Mead run on the same likelihood.
    const likelihood = bgNbdLikelihood(frequentGroups);
    const simplex = minimize((theta) => -likelihood.value(theta), logOf(fit));
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(-simplex.value - 1e-9 * Math.abs(simplex.value));
  });
});
