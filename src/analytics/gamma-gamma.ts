// gamma-gamma.ts: the spend model of Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value"
// (brucehardie.com/notes/025), fitted on repeat customers only: a customer's purchases have amounts
// z ~ Gamma(p, ν), and ν ~ Gamma(q, γ) across customers. It gives each customer's expected average order value.
import { lnGamma } from './special.ts';
import { minimize, modelError, RUN_OFF, RUN_OFF_WALL } from './optimize.ts';

export interface GammaGammaParams {
  p: number;
  q: number;
  /** The scale γ (lifetimes calls it v); in the currency of the amounts. */
  gamma: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  /** ln L summed over the fitted customers (the density of their mean spend, nothing dropped). */
  logLikelihood: number;
  /** Always true on a returned fit: a fit that does not converge throws MODEL_NOT_CONVERGED instead. */
  converged: boolean;
  iterations: number;
  /** Customers fitted: those with x > 0 and mx > 0 (total weight). */
  customers: number;
  /** 0 for a plain maximum-likelihood fit, > 0 when the penalised fallback was used (see fitBgNbd). */
  penalizer: number;
}

/** One customer as the spend model reads them: x repeat purchases with mean amount mx. */
export interface SpendSummary {
  x: number;
  mx: number;
  weight?: number;
}

export interface GammaGammaFitOptions {
  maxIterations?: number;
  tolerance?: number;
  /**
   * Keep q > 1 (default true), so that the population's mean spend pγ/(q − 1) — the expected spend of a
   * customer without repeat purchases — is finite. On CDNOW the optimum has q ≈ 3.7 either way.
   */
  requireFiniteMean?: boolean;
  /** Penalty weight of the fallback attempt when the plain fit fails (default 0.001; 0 = none). */
  fallbackPenalizer?: number;
}

/**
 * Fits p, q, γ by maximum likelihood on the customers with x > 0 and mx > 0 (others are skipped: the model
 * describes positive amounts of repeat purchases). Per customer, the density of mx (Fader & Hardie 2013):
 *   ln f(mx | x) = ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln γ + (px − 1) ln mx + px ln x − (px + q) ln(γ + x·mx).
 * Terms that depend on x only are summed once per distinct x, so each evaluation costs one logarithm per
 * customer. Throws ModelError `MODEL_NO_DATA` without an eligible customer, `MODEL_NOT_CONVERGED` on failure.
 */
export function fitGammaGamma(
  rows: readonly SpendSummary[],
  { maxIterations = 5000, tolerance = 1e-12, requireFiniteMean = true, fallbackPenalizer = 0.001 }: GammaGammaFitOptions = {},
): GammaGammaFit {
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`maxIterations must be an integer ≥ 1, got ${maxIterations}`);
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be > 0, got ${tolerance}`);
  if (!(fallbackPenalizer >= 0 && Number.isFinite(fallbackPenalizer))) {
    throw new RangeError(`fallbackPenalizer must be a finite number ≥ 0, got ${fallbackPenalizer}`);
  }

  // Per distinct x: total weight and Σ w ln mx; per customer: x, mx, weight.
  const slotOf = new Map<number, number>();
  const xValues: number[] = [];
  const slotWeight: number[] = [];
  const slotLnSpend: number[] = [];
  const xs: number[] = [];
  const spends: number[] = [];
  const weights: number[] = [];
  let customers = 0;
  let weightedSpend = 0;
  rows.forEach(({ x, mx, weight = 1 }, i) => {
    if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`rows[${i}]: x must be a whole number ≥ 0, got ${x}`);
    if (!Number.isFinite(mx)) throw new RangeError(`rows[${i}]: mx must be a finite number, got ${mx}`);
    if (!(weight >= 0 && Number.isFinite(weight))) throw new RangeError(`rows[${i}]: weight must be a finite number ≥ 0, got ${weight}`);
    if (x === 0 || mx <= 0 || weight === 0) return;
    let slot = slotOf.get(x);
    if (slot === undefined) {
      slot = xValues.length;
      slotOf.set(x, slot);
      xValues.push(x);
      slotWeight.push(0);
      slotLnSpend.push(0);
    }
    slotWeight[slot]! += weight;
    slotLnSpend[slot]! += weight * Math.log(mx);
    xs.push(x);
    spends.push(mx);
    weights.push(weight);
    customers += weight;
    weightedSpend += weight * mx;
  });
  if (customers === 0) {
    throw modelError('MODEL_NO_DATA', 'Gamma-Gamma needs at least one customer with a repeat purchase of positive value; none was given');
  }
  const X = Float64Array.from(xs);
  const M = Float64Array.from(spends);
  const W = Float64Array.from(weights);
  const lnX = xValues.map(Math.log);

  const toParams = (theta: ArrayLike<number>) => ({
    p: Math.exp(theta[0]!),
    q: requireFiniteMean ? 1 + Math.exp(theta[1]!) : Math.exp(theta[1]!),
    gamma: Math.exp(theta[2]!),
  });
  const logLikelihood = (theta: ArrayLike<number>): number => {
    const { p, q, gamma } = toParams(theta);
    const lnGammaQ = lnGamma(q);
    const lnScale = q * Math.log(gamma);
    let sum = 0;
    for (let s = 0; s < xValues.length; s++) {
      const px = p * xValues[s]!;
      sum += slotWeight[s]! * (lnGamma(px + q) - lnGamma(px) - lnGammaQ + lnScale + px * lnX[s]!) + (px - 1) * slotLnSpend[s]!;
    }
    for (let i = 0; i < X.length; i++) {
      sum -= W[i]! * (p * X[i]! + q) * Math.log(gamma + X[i]! * M[i]!);
    }
    return sum;
  };

  // Start at p = 1, q = 2, γ = the mean spend: a population mean pγ/(q − 1) equal to the observed one.
  const start = [0, 0, Math.log(weightedSpend / customers)];
  const attempt = (penalizer: number) => {
    const result = minimize(
      (theta) => {
        let penalty = 0;
        for (let k = 0; k < 3; k++) {
          const step = theta[k]! - start[k]!;
          // A wall past the run-off limit, so a fit heading for a boundary stops there instead of crawling.
          if (Math.abs(step) > RUN_OFF_WALL) return Number.POSITIVE_INFINITY;
          penalty += step * step;
        }
        return -logLikelihood(theta) / customers + penalizer * penalty;
      },
      start,
      { maxIterations, tolerance },
    );
    const ranOff = result.x.some((value, k) => Math.abs(value - start[k]!) > RUN_OFF);
    return { ...result, ok: result.converged && !ranOff && Number.isFinite(result.value) };
  };
  let penalizer = 0;
  let result = attempt(0);
  if (!result.ok && fallbackPenalizer > 0) {
    penalizer = fallbackPenalizer;
    result = attempt(fallbackPenalizer);
  }
  const { p, q, gamma } = toParams(result.x);
  if (!result.ok) {
    throw modelError(
      'MODEL_NOT_CONVERGED',
      `Gamma-Gamma did not converge after ${result.iterations} steps (p = ${p.toPrecision(4)}, q = ${q.toPrecision(4)}, ` +
        `γ = ${gamma.toPrecision(4)}): too few repeat buyers (${customers}) or too little spread in their spend`,
    );
  }
  return { p, q, gamma, logLikelihood: logLikelihood(result.x), converged: true, iterations: result.iterations, customers, penalizer };
}

/**
 * E[M | p, q, γ, x, mx], the expected average order value of a customer (Fader & Hardie 2013, the
 * conditional expectation of the mean transaction value):
 *   (γ + x·mx) p / (px + q − 1) = (q − 1)/(px + q − 1) · pγ/(q − 1) + px/(px + q − 1) · mx,
 * a weighted mean of the population mean and the customer's own mean, trusting the own mean more as x grows.
 * x = 0 gives the population mean. A negative mx (net returns) counts as 0, so the result is never negative.
 * Throws when px + q ≤ 1 (a fit with q ≤ 1, whose population mean is infinite).
 */
export function expectedAverageSpend({ p, q, gamma }: GammaGammaParams, { x, mx }: SpendSummary): number {
  if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`x must be a whole number ≥ 0, got ${x}`);
  if (!Number.isFinite(mx)) throw new RangeError(`mx must be a finite number, got ${mx}`);
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) {
    throw new RangeError(`the expected spend is infinite when p·x + q ≤ 1 (p = ${p}, q = ${q}, x = ${x}); fit with requireFiniteMean`);
  }
  return ((gamma + x * Math.max(0, mx)) * p) / denominator;
}

/** |Pearson correlation| from which Ciclo warns that spend and frequency are not independent. */
export const SPEND_FREQUENCY_WARNING = 0.3;

export interface SpendFrequencyCorrelation {
  /** Pearson correlation of x and mx; null with fewer than 3 customers or no spread in either. */
  correlation: number | null;
  /** Customers it was computed on (x > 0 and mx > 0, as in the fit; weights count as repeats). */
  customers: number;
  /** |correlation| ≥ SPEND_FREQUENCY_WARNING: the Gamma-Gamma assumption of independence is doubtful. */
  isCorrelated: boolean;
}

/**
 * Pearson correlation between purchase frequency and mean spend among the customers the spend model is
 * fitted on. Gamma-Gamma assumes they are independent (Fader & Hardie 2013, section 2); a clear correlation
 * means CLV = purchases × spend double-counts or under-counts.
 */
export function spendFrequencyCorrelation(rows: readonly SpendSummary[]): SpendFrequencyCorrelation {
  let n = 0;
  let meanX = 0;
  let meanM = 0;
  for (const { x, mx, weight = 1 } of rows) {
    if (x > 0 && mx > 0 && weight > 0) {
      n += weight;
      meanX += weight * x;
      meanM += weight * mx;
    }
  }
  if (n < 3) return { correlation: null, customers: n, isCorrelated: false };
  meanX /= n;
  meanM /= n;
  let sxx = 0;
  let smm = 0;
  let sxm = 0;
  for (const { x, mx, weight = 1 } of rows) {
    if (x > 0 && mx > 0 && weight > 0) {
      sxx += weight * (x - meanX) ** 2;
      smm += weight * (mx - meanM) ** 2;
      sxm += weight * (x - meanX) * (mx - meanM);
    }
  }
  if (sxx === 0 || smm === 0) return { correlation: null, customers: n, isCorrelated: false };
  const correlation = sxm / Math.sqrt(sxx * smm);
  return { correlation, customers: n, isCorrelated: Math.abs(correlation) >= SPEND_FREQUENCY_WARNING };
}
