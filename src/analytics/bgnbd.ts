// bgnbd.ts: the BG/NBD purchase model of Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way",
// Marketing Science 24(2) 275–284: how many purchases a customer will make and whether they are still a customer,
// from their frequency x, recency tₓ and age T (rfm-summary.ts). Equation numbers refer to that paper.
//
// Model: while alive, a customer buys at Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with
// probability p ~ Beta(a, b). Times are in the model unit of the summaries (days, weeks or months), and α
// carries that unit (it scales with it), while r, a and b do not.
import { bgNbdLikelihood } from './bgnbd-gradient.ts';
import { hyp2f1Tail, lnBeta, lnGamma } from './special.ts';
import { maximizeLikelihood, modelError } from './optimize.ts';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit extends BgNbdParams {
  /**
   * ln L summed over customers (eq. 6 in full, no constant dropped). It is a density in tₓ, so it depends on
   * the time unit: on CDNOW in weeks it is −9582.43, the paper's value.
   */
  logLikelihood: number;
  /** Always true on a returned fit: a fit that does not converge throws MODEL_NOT_CONVERGED instead. */
  converged: boolean;
  /** Minimiser steps of the fit that was kept. */
  iterations: number;
  /** Total weight of the rows fitted (customers). */
  customers: number;
  /** Distinct (x, tₓ, T) rows the likelihood was summed over. */
  groups: number;
  /**
   * The penalty weight used: 0 for a plain maximum-likelihood fit; > 0 when the plain fit failed and the
   * fallback added penalizer × Σ (ln θ − ln θ₀)² to the mean negative log-likelihood (θ₀ the starting values).
   */
  penalizer: number;
}

/** One customer (or `weight` identical customers) as the model reads them. */
export interface BgNbdRow {
  /** Repeat purchases (whole number ≥ 0). */
  x: number;
  /** Time of the last purchase since the first (0 when x = 0). */
  tx: number;
  /** Time since the first purchase. */
  T: number;
  weight?: number;
}

export interface BgNbdCustomer {
  x: number;
  tx: number;
  T: number;
}

export interface SummaryGroup {
  x: number;
  tx: number;
  T: number;
  /** How many customers share these (x, tₓ, T). */
  weight: number;
}

export interface BgNbdFitOptions {
  /** Minimiser steps per attempt (default 5,000). */
  maxIterations?: number;
  /** Relative tolerance on the mean log-likelihood (default 1e-12). */
  tolerance?: number;
  /** Penalty weight of the first attempt (default 0: plain maximum likelihood). */
  penalizer?: number;
  /** Penalty weight of the fallback attempt made when the first one fails (default 0.001; 0 = no fallback). */
  fallbackPenalizer?: number;
}

/**
 * Collapses rows with identical (x, tₓ, T) into one row whose weight is the sum of theirs, so a fit costs
 * per distinct history rather than per customer. For x = 0, tₓ plays no part and is set to 0. Rows of weight
 * 0 are dropped. Groups come in order of first appearance.
 */
export function groupSummaries(rows: readonly BgNbdRow[]): SummaryGroup[] {
  const groups: SummaryGroup[] = [];
  // Keyed by numbers, not by strings of the times (formatting 100k floats costs more than the fit): each distinct
  // time gets a small id, and (T, tₓ) one id below span² ≤ (2·rows + 1)², exact up to 47 million rows.
  const timeIds = new Map<number, number>();
  const timeId = (t: number) => {
    let id = timeIds.get(t);
    if (id === undefined) timeIds.set(t, (id = timeIds.size));
    return id;
  };
  const span = 2 * rows.length + 1;
  const indexOf = new Map<number, Map<number, number>>();
  for (let i = 0; i < rows.length; i++) {
    const { x, T, weight = 1 } = rows[i]!;
    const tx = x === 0 ? 0 : rows[i]!.tx;
    if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`rows[${i}]: x must be a whole number ≥ 0, got ${x}`);
    if (!(tx >= 0 && Number.isFinite(tx))) throw new RangeError(`rows[${i}]: tx must be a finite number ≥ 0, got ${tx}`);
    if (!(T >= tx && Number.isFinite(T))) throw new RangeError(`rows[${i}]: T must be finite and ≥ tx (${tx}), got ${T}`);
    if (!(weight >= 0 && Number.isFinite(weight))) throw new RangeError(`rows[${i}]: weight must be a finite number ≥ 0, got ${weight}`);
    if (weight === 0) continue;
    let ofX = indexOf.get(x);
    if (ofX === undefined) indexOf.set(x, (ofX = new Map()));
    const key = timeId(T) * span + timeId(tx);
    const index = ofX.get(key);
    if (index === undefined) {
      ofX.set(key, groups.length);
      groups.push({ x, tx, T, weight });
    } else groups[index]!.weight += weight;
  }
  return groups;
}

/** The BG/NBD log-likelihood (eq. 6) of `rows` at the given parameters, summed with weights. */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, rows: readonly BgNbdRow[]): number {
  return bgNbdLikelihood(groupSummaries(rows)).value([Math.log(r), Math.log(alpha), Math.log(a), Math.log(b)]);
}

/**
 * Fits r, α, a, b by maximum likelihood over ln-parameters, after grouping identical rows: BFGS with the
 * analytic gradient (bgnbd-gradient.ts), and Nelder–Mead with restarts when BFGS fails (maximizeLikelihood in
 * optimize.ts). Starts from r = a = b = 1 and α = the mean T, which makes the start independent of the time
 * unit. When the plain fit does not converge or runs off to a boundary (a parameter beyond e^±12 times its
 * start: e.g. nobody ever drops out), it is refitted once with a small penalty (`fallbackPenalizer`) and the
 * result says so in `penalizer`. Throws a ModelError `MODEL_NO_DATA` without a repeat buyer, and
 * `MODEL_NOT_CONVERGED` when no attempt converges.
 */
export function fitBgNbd(
  rows: readonly BgNbdRow[],
  { maxIterations = 5000, tolerance = 1e-12, penalizer = 0, fallbackPenalizer = 0.001 }: BgNbdFitOptions = {},
): BgNbdFit {
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`maxIterations must be an integer ≥ 1, got ${maxIterations}`);
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be > 0, got ${tolerance}`);
  if (!(penalizer >= 0 && Number.isFinite(penalizer))) throw new RangeError(`penalizer must be a finite number ≥ 0, got ${penalizer}`);
  if (!(fallbackPenalizer >= 0 && Number.isFinite(fallbackPenalizer))) {
    throw new RangeError(`fallbackPenalizer must be a finite number ≥ 0, got ${fallbackPenalizer}`);
  }

  const groups = groupSummaries(rows);
  let customers = 0;
  let weightedT = 0;
  let repeatBuyers = 0;
  for (const g of groups) {
    customers += g.weight;
    weightedT += g.weight * g.T;
    if (g.x > 0) repeatBuyers += g.weight;
  }
  if (repeatBuyers === 0) {
    throw modelError('MODEL_NO_DATA', `BG/NBD needs at least one customer with a repeat purchase; the ${customers} customers given have none`);
  }
  const meanT = weightedT / customers;
  const start = [0, Math.log(meanT > 0 ? meanT : 1), 0, 0];
  const likelihood = bgNbdLikelihood(groups);
  const result = maximizeLikelihood(likelihood, start, { customers, maxIterations, tolerance, penalizer, fallbackPenalizer });
  const [r, alpha, a, b] = result.theta.map(Math.exp) as [number, number, number, number];
  if (!result.ok) {
    throw modelError(
      'MODEL_NOT_CONVERGED',
      `BG/NBD did not converge after ${result.iterations} steps (r = ${r.toPrecision(4)}, α = ${alpha.toPrecision(4)}, ` +
        `a = ${a.toPrecision(4)}, b = ${b.toPrecision(4)}): the purchase histories do not determine the model ` +
        `(${repeatBuyers} of ${customers} customers bought again); a longer history or more repeat buyers is needed`,
    );
  }
  return {
    r,
    alpha,
    a,
    b,
    logLikelihood: likelihood.value(result.theta),
    converged: true,
    iterations: result.iterations,
    customers,
    groups: groups.length,
    penalizer: result.penalizer,
  };
}

/** ln of the odds "dropped out after the last purchase" : "still alive", for a customer with x > 0. */
function lnDropoutOdds({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number, bShift: number): number {
  return Math.log(a) - Math.log(b + x + bShift) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/**
 * P(alive | x, tₓ, T) of BG/NBD: 1 / (1 + [x > 0] a/(b + x − 1) · ((α + T)/(α + tₓ))^(r+x)) (FHL 2005, and
 * Fader, Hardie & Lee's note "Computing P(alive) Using the BG/NBD Model", brucehardie.com/notes/021). It is
 * 1 for every one-time buyer (x = 0) by construction: the model lets customers drop out only after a repeat
 * purchase. See `pAliveForDisplay` for what Ciclo shows them.
 */
export function pAlive(fit: BgNbdParams, { x, tx, T }: BgNbdCustomer): number {
  if (x === 0) return 1;
  return 1 / (1 + Math.exp(lnDropoutOdds(fit, x, tx, T, -1)));
}

/**
 * P(alive) of the modified BG/NBD (MBG/NBD; Batislam, Denizel & Filiztekin 2007), where a customer may also
 * drop out right after the first purchase: 1 / (1 + a/(b + x) · ((α + T)/(α + tₓ))^(r+x)), for every x.
 * With BG/NBD estimates and x = 0 this is exactly the posterior P(alive) of a one-time buyer if the same
 * Beta(a, b) dropout chance applied after the first purchase: 1 / (1 + (a/b)((α + T)/α)^r), which falls
 * as the customer's silence T grows.
 */
export function pAliveModified(fit: BgNbdParams, { x, tx, T }: BgNbdCustomer): number {
  return 1 / (1 + Math.exp(lnDropoutOdds(fit, x, x === 0 ? 0 : tx, T, 0)));
}

export interface DisplayedPAlive {
  value: number;
  /** 'bgnbd' for repeat buyers; 'one_time_heuristic' for one-time buyers, whose BG/NBD value is always 1. */
  method: 'bgnbd' | 'one_time_heuristic';
}

/**
 * The P(alive) Ciclo shows. Repeat buyers (x > 0): BG/NBD's P(alive). One-time buyers (x = 0): not BG/NBD's
 * 1, which would read as "certainly active", but `pAliveModified` with the fitted parameters — the chance
 * that they did not drop out after their first purchase given that they have not bought again in T; it is
 * below 1 even at T = 0 (b / (a + b)) and falls with T.
 */
export function pAliveForDisplay(fit: BgNbdParams, customer: BgNbdCustomer): DisplayedPAlive {
  return customer.x === 0
    ? { value: pAliveModified(fit, customer), method: 'one_time_heuristic' }
    : { value: pAlive(fit, customer), method: 'bgnbd' };
}

function checkTime(name: string, t: number): void {
  if (!(t >= 0 && Number.isFinite(t))) throw new RangeError(`${name} must be a finite time ≥ 0 in model units, got ${t}`);
}

/**
 * E[Y(t) | x, tₓ, T]: expected purchases in the next t time units (eq. 10):
 *   (a + b + x − 1)/(a − 1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r + x, b + x; a + b + x − 1; z)] · P(alive),
 * z = t/(α + T + t). Euler's transformation 2F1(A, B; C; z) = (1 − z)^(C−A−B) 2F1(C − A, C − B; C; z) turns the
 * bracket into 1 − (1 − z)^(a−1) 2F1(a + b − 1 − r, a − 1; a + b + x − 1; z), whose series has small numerator
 * parameters and a large denominator one, so it converges in a few terms even for x in the hundreds (the
 * original's terms grow like x^k; the remedy of Fader & Hardie's note "Overcoming the BG/NBD Model's #NUM!
 * Error Problem", brucehardie.com/notes/027). Writing ε = a − 1 and 2F1 = 1 + ε S (hyp2f1Tail), bracket/ε becomes
 * −expm1(ε ln(1 − z))/ε − (1 − z)^ε S, which has no 0/0 at a = 1.
 */
export function expectedPurchases(fit: BgNbdParams, t: number, customer: BgNbdCustomer): number {
  checkTime('t', t);
  return conditionalExpectation(fit, t, customer.x, customer.T) * pAlive(fit, customer);
}

function conditionalExpectation({ r, alpha, a, b }: BgNbdParams, t: number, x: number, T: number): number {
  if (t === 0) return 0;
  const epsilon = a - 1;
  const z = t / (alpha + T + t);
  const lnOneMinusZ = -Math.log1p(t / (alpha + T));
  const head = epsilon === 0 ? -lnOneMinusZ : -Math.expm1(epsilon * lnOneMinusZ) / epsilon;
  const tail = hyp2f1Tail(a + b - 1 - r, epsilon, a + b + x - 1, z);
  const value = (a + b + x - 1) * (head - Math.exp(epsilon * lnOneMinusZ) * tail);
  return value > 0 ? value : 0;
}

/**
 * E[X(t)]: expected purchases of a randomly chosen new customer in their first t time units (eq. 9):
 * (a + b − 1)/(a − 1) · [1 − (α/(α+t))^r 2F1(r, b; a + b − 1; t/(α+t))], computed as E[Y(t) | x = 0, T = 0].
 */
export function expectedPurchasesUnconditional(fit: BgNbdParams, t: number): number {
  checkTime('t', t);
  return conditionalExpectation(fit, t, 0, 0);
}

/**
 * P(X(t) = n) for a randomly chosen new customer (eq. 8):
 *   B(a, b + n)/B(a, b) · NB(n) + [n > 0] B(a + 1, b + n − 1)/B(a, b) · P(NB ≥ n),
 * where NB(j) = Γ(r + j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j is the purchase count of a customer who never
 * drops out. The NB tail is summed directly when it is small (1 − head would cancel).
 */
export function probabilityOfPurchases(fit: BgNbdParams, t: number, n: number): number {
  checkTime('t', t);
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
  if (t === 0) return n === 0 ? 1 : 0;
  const { r, alpha, a, b } = fit;
  const lnP = Math.log(t) - Math.log(alpha + t);
  const lnQ = -Math.log1p(t / alpha);
  const p = Math.exp(lnP);
  const lnNbAt = (j: number) => lnGamma(r + j) - lnGamma(r) - lnGamma(j + 1) + r * lnQ + j * lnP;
  const lnBetaAB = lnBeta(a, b);
  const neverDropped = Math.exp(lnBeta(a, b + n) - lnBetaAB + lnNbAt(n));
  if (n === 0) return neverDropped;

  let head = 0;
  let pmf = Math.exp(r * lnQ);
  for (let j = 0; j < n; j++) {
    head += pmf;
    pmf *= ((r + j) / (j + 1)) * p;
  }
  let tail: number;
  if (head <= 0.5) tail = 1 - head;
  else {
    tail = 0;
    let term = Math.exp(lnNbAt(n));
    for (let j = n; term > 1e-17 * tail || j === n; j++) {
      tail += term;
      term *= ((r + j) / (j + 1)) * p;
      if (j - n > 1_000_000) break;
    }
  }
  const dropped = Math.exp(lnBeta(a + 1, b + n - 1) - lnBetaAB) * tail;
  return neverDropped + dropped;
}
