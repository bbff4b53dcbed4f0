// gamma-gamma.ts: the spend model of Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value"
// (brucehardie.com/notes/025), fitted on repeat customers only: a customer's purchases have amounts
// z ~ Gamma(p, ν), and ν ~ Gamma(q, γ) across customers. It gives each customer's expected average order value.
import { digamma } from './digamma.ts';
import { lnGamma } from './special.ts';
import { maximizeLikelihood, modelError, type LogLikelihood } from './optimize.ts';

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

export interface GammaGammaLikelihoodOptions {
  /** Parametrise q as 1 + e^θ₁ (true, as fitGammaGamma by default) or e^θ₁. */
  requireFiniteMean?: boolean;
}

/** The Gamma-Gamma log-likelihood over θ = (ln p, ln(q − 1) or ln q, ln γ), and the customers it sums over. */
export interface GammaGammaLikelihood extends LogLikelihood {
  /** p, q, γ at θ. */
  paramsAt(theta: ArrayLike<number>): GammaGammaParams;
  /** Total weight of the customers with x > 0 and mx > 0. */
  customers: number;
  /** Their weighted mean spend. */
  meanSpend: number;
}

/**
 * The Gamma-Gamma log-likelihood of the customers with x > 0 and mx > 0 (others are skipped: the model
 * describes positive amounts of repeat purchases), as reusable functions of θ that allocate nothing per call.
 * Per customer, the density of mx (Fader & Hardie 2013):
 *   ln f(mx | x) = ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln γ + (px − 1) ln mx + px ln x − (px + q) ln(γ + x·mx),
 * and its derivatives, with Lᵢ = ln(γ + x·mx):
 *   ∂/∂p = x (ψ(px + q) − ψ(px) + ln x + ln mx − Lᵢ),  ∂/∂q = ψ(px + q) − ψ(q) + ln γ − Lᵢ,
 *   ∂/∂γ = q/γ − (px + q)/(γ + x·mx);
 * then ∂/∂θ by the chain rule (∂p/∂θ₀ = p, ∂q/∂θ₁ = q − 1 or q, ∂γ/∂θ₂ = γ). Terms that depend on x only are
 * summed once per distinct x, so each evaluation costs one logarithm (and one division) per customer.
 */
export function gammaGammaLikelihood(
  rows: readonly SpendSummary[],
  { requireFiniteMean = true }: GammaGammaLikelihoodOptions = {},
): GammaGammaLikelihood {
  // Per distinct x: total weight and Σ w ln mx; per customer: x, x·mx, weight.
  const slotOf = new Map<number, number>();
  const xValues: number[] = [];
  const slotWeight: number[] = [];
  const slotLnSpend: number[] = [];
  const xs: number[] = [];
  const totals: number[] = [];
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
    totals.push(x * mx);
    weights.push(weight);
    customers += weight;
    weightedSpend += weight * mx;
  });
  const X = Float64Array.from(xs);
  const XM = Float64Array.from(totals);
  const W = Float64Array.from(weights);
  const lnX = xValues.map(Math.log);

  const paramsAt = (theta: ArrayLike<number>): GammaGammaParams => ({
    p: Math.exp(theta[0]!),
    q: requireFiniteMean ? 1 + Math.exp(theta[1]!) : Math.exp(theta[1]!),
    gamma: Math.exp(theta[2]!),
  });
  const value = (theta: ArrayLike<number>): number => {
    const p = Math.exp(theta[0]!);
    const q = requireFiniteMean ? 1 + Math.exp(theta[1]!) : Math.exp(theta[1]!);
    const gamma = Math.exp(theta[2]!);
    const lnGammaQ = lnGamma(q);
    const qLnScale = q * Math.log(gamma);
    let sum = 0;
    for (let s = 0; s < xValues.length; s++) {
      const px = p * xValues[s]!;
      sum += slotWeight[s]! * (lnGamma(px + q) - lnGamma(px) - lnGammaQ + qLnScale + px * lnX[s]!) + (px - 1) * slotLnSpend[s]!;
    }
    for (let i = 0; i < X.length; i++) sum -= W[i]! * (p * X[i]! + q) * Math.log(gamma + XM[i]!);
    return sum;
  };
  const valueAndGradient = (theta: ArrayLike<number>, gradient: Float64Array): number => {
    const p = Math.exp(theta[0]!);
    const q = requireFiniteMean ? 1 + Math.exp(theta[1]!) : Math.exp(theta[1]!);
    const gamma = Math.exp(theta[2]!);
    const lnGammaQ = lnGamma(q);
    const lnScale = Math.log(gamma); // ln γ
    const psiQ = digamma(q);
    let sum = 0;
    let dp = 0;
    let dq = 0;
    let dGamma = 0;
    for (let s = 0; s < xValues.length; s++) {
      const x = xValues[s]!;
      const w = slotWeight[s]!;
      const px = p * x;
      const psiPxQ = digamma(px + q);
      sum += w * (lnGamma(px + q) - lnGamma(px) - lnGammaQ + q * lnScale + px * lnX[s]!) + (px - 1) * slotLnSpend[s]!;
      dp += x * (w * (psiPxQ - digamma(px) + lnX[s]!) + slotLnSpend[s]!);
      dq += w * (psiPxQ - psiQ + lnScale);
      dGamma += (w * q) / gamma;
    }
    for (let i = 0; i < X.length; i++) {
      const w = W[i]!;
      const x = X[i]!;
      const total = gamma + XM[i]!;
      const lnTotal = Math.log(total);
      const shape = p * x + q;
      sum -= w * shape * lnTotal;
      dp -= w * x * lnTotal;
      dq -= w * lnTotal;
      dGamma -= (w * shape) / total;
    }
    gradient[0] = p * dp;
    gradient[1] = (requireFiniteMean ? q - 1 : q) * dq;
    gradient[2] = gamma * dGamma;
    return sum;
  };
  return { value, valueAndGradient, paramsAt, customers, meanSpend: customers === 0 ? 0 : weightedSpend / customers };
}

/**
 * Fits p, q, γ by maximum likelihood on the customers with x > 0 and mx > 0 (gammaGammaLikelihood): BFGS with
 * the analytic gradient, and Nelder–Mead when BFGS fails (optimize.ts, maximizeLikelihood). Throws ModelError
 * `MODEL_NO_DATA` without an eligible customer, `MODEL_NOT_CONVERGED` on failure.
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
  const likelihood = gammaGammaLikelihood(rows, { requireFiniteMean });
  const { customers } = likelihood;
  if (customers === 0) {
    throw modelError('MODEL_NO_DATA', 'Gamma-Gamma needs at least one customer with a repeat purchase of positive value; none was given');
  }
  // Start at p = 1, q = 2, γ = the mean spend: a population mean pγ/(q − 1) equal to the observed one.
  const start = [0, 0, Math.log(likelihood.meanSpend)];
  const result = maximizeLikelihood(likelihood, start, { customers, maxIterations, tolerance, penalizer: 0, fallbackPenalizer });
  const { p, q, gamma } = likelihood.paramsAt(result.theta);
  if (!result.ok) {
    throw modelError(
      'MODEL_NOT_CONVERGED',
      `Gamma-Gamma did not converge after ${result.iterations} steps (p = ${p.toPrecision(4)}, q = ${q.toPrecision(4)}, ` +
        `γ = ${gamma.toPrecision(4)}): too few repeat buyers (${customers}) or too little spread in their spend`,
    );
  }
  return {
    p,
    q,
    gamma,
    logLikelihood: likelihood.value(result.theta),
    converged: true,
    iterations: result.iterations,
    customers,
    penalizer: result.penalizer,
  };
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
