// bgnbd-gradient.ts: the BG/NBD log-likelihood (Fader, Hardie & Lee 2005, eq. 6) on grouped customers and its
// analytic gradient with respect to ln r, ln α, ln a, ln b, which lets Ciclo fit the model by quasi-Newton
// steps instead of hundreds of simplex steps. bgnbd.ts fits with it.
import type { SummaryGroup } from './bgnbd.ts';
import { digamma } from './digamma.ts';
import { lnBeta, lnGamma } from './special.ts';

export interface BgNbdLikelihood {
  /** ln L at ln(r, α, a, b), summed over the groups with their weights. */
  value(logParams: ArrayLike<number>): number;
  /** ln L, with ∂ln L/∂(ln r, ln α, ln a, ln b) written into `gradient` (length ≥ 4). */
  valueAndGradient(logParams: ArrayLike<number>, gradient: Float64Array): number;
  /** Distinct x, and distinct times (T and tₓ) the groups use: the per-evaluation work besides the groups. */
  distinctFrequencies: number;
  distinctTimes: number;
}

/**
 * The log-likelihood of eq. 6 on grouped rows, as reusable functions of ln(r, α, a, b) that allocate nothing
 * per call. Per customer, in log space:
 *   ln L = ln Γ(r + x) − ln Γ(r) + r ln α + ln B(a, b + x) − ln B(a, b) + ln(A₁ + A₂),
 *   A₁ = (α + T)^−(r+x) (still alive at T),  A₂ = [x > 0] a/(b + x − 1) · (α + tₓ)^−(r+x) (left after tₓ),
 * using B(a + 1, b + x − 1) / B(a, b + x) = a / (b + x − 1); ln(A₁ + A₂) is a log-sum-exp, so it stays finite
 * for frequent buyers (x in the hundreds) where the powers underflow. With π₁ = A₁/(A₁ + A₂), π₂ = 1 − π₁:
 *   ∂/∂r = ψ(r + x) − ψ(r) + ln α − π₁ ln(α + T) − π₂ ln(α + tₓ)
 *   ∂/∂α = r/α − (r + x)(π₁/(α + T) + π₂/(α + tₓ))
 *   ∂/∂a = ψ(a + b) − ψ(a + b + x) + π₂/a
 *   ∂/∂b = ψ(b + x) − ψ(a + b + x) − ψ(b) + ψ(a + b) − π₂/(b + x − 1)
 * and ∂/∂ln θ = θ ∂/∂θ. Terms that depend on x only are computed once per distinct x and summed with the
 * total weight of that x; ln(α + t) and 1/(α + t) once per distinct time (day-resolution books have at most a
 * few hundred distinct times but tens of thousands of (x, tₓ, T) groups). What is left per group is one exp,
 * one log1p and one division.
 */
export function bgNbdLikelihood(groups: readonly SummaryGroup[]): BgNbdLikelihood {
  const size = groups.length;
  const xSlotOf = new Map<number, number>();
  const timeSlotOf = new Map<number, number>();
  const slotIn = (map: Map<number, number>, value: number) => {
    let slot = map.get(value);
    if (slot === undefined) map.set(value, (slot = map.size));
    return slot;
  };
  const xSlots = new Int32Array(size);
  const TSlots = new Int32Array(size);
  const txSlots = new Int32Array(size);
  const xs = new Float64Array(size);
  const weights = new Float64Array(size);
  let totalWeight = 0;
  for (let i = 0; i < size; i++) {
    const g = groups[i]!;
    xs[i] = g.x;
    weights[i] = g.weight;
    totalWeight += g.weight;
    xSlots[i] = slotIn(xSlotOf, g.x);
    TSlots[i] = slotIn(timeSlotOf, g.T);
    txSlots[i] = slotIn(timeSlotOf, g.x === 0 ? 0 : g.tx);
  }
  const xValues = Float64Array.from(xSlotOf.keys());
  const slotWeights = new Float64Array(xValues.length);
  for (let i = 0; i < size; i++) slotWeights[xSlots[i]!]! += weights[i]!;
  const times = Float64Array.from(timeSlotOf.keys());
  // Per distinct x: the x-only part of ln L, ln(a/(b + x − 1)), and 1/(b + x − 1).
  const xTerms = new Float64Array(xValues.length);
  const dropTerms = new Float64Array(xValues.length);
  const inverseB = new Float64Array(xValues.length);
  const lnAlphaPlus = new Float64Array(times.length);
  const inverseAlphaPlus = new Float64Array(times.length);

  /** Fills the per-x and per-time tables for r, α, a, b, and returns Σ w · (x-only terms). */
  const prepare = (r: number, alpha: number, a: number, b: number): number => {
    const common = r * Math.log(alpha) - lnGamma(r) - lnBeta(a, b);
    const lnA = Math.log(a);
    let sum = 0;
    for (let s = 0; s < xValues.length; s++) {
      const x = xValues[s]!;
      xTerms[s] = common + lnGamma(r + x) + lnBeta(a, b + x);
      dropTerms[s] = x > 0 ? lnA - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
      inverseB[s] = x > 0 ? 1 / (b + x - 1) : 0;
      sum += slotWeights[s]! * xTerms[s]!;
    }
    for (let k = 0; k < times.length; k++) lnAlphaPlus[k] = Math.log(alpha + times[k]!);
    return sum;
  };

  const value = (logParams: ArrayLike<number>): number => {
    const r = Math.exp(logParams[0]!);
    let sum = prepare(r, Math.exp(logParams[1]!), Math.exp(logParams[2]!), Math.exp(logParams[3]!));
    for (let i = 0; i < size; i++) {
      const rx = r + xs[i]!;
      const alive = -rx * lnAlphaPlus[TSlots[i]!]!;
      let term = alive;
      if (xs[i] !== 0) {
        const dropped = dropTerms[xSlots[i]!]! - rx * lnAlphaPlus[txSlots[i]!]!;
        term = alive > dropped ? alive + Math.log1p(Math.exp(dropped - alive)) : dropped + Math.log1p(Math.exp(alive - dropped));
      }
      sum += weights[i]! * term;
    }
    return sum;
  };

  const valueAndGradient = (logParams: ArrayLike<number>, gradient: Float64Array): number => {
    const r = Math.exp(logParams[0]!);
    const alpha = Math.exp(logParams[1]!);
    const a = Math.exp(logParams[2]!);
    const b = Math.exp(logParams[3]!);
    let sum = prepare(r, alpha, a, b);
    for (let k = 0; k < times.length; k++) inverseAlphaPlus[k] = 1 / (alpha + times[k]!);

    // x-only parts of the derivatives, summed with the weight of each distinct x.
    const psiR = digamma(r);
    const psiAB = digamma(a + b);
    const psiB = digamma(b);
    const lnAlpha = Math.log(alpha);
    let dr = 0;
    let da = 0;
    let db = 0;
    for (let s = 0; s < xValues.length; s++) {
      const x = xValues[s]!;
      const w = slotWeights[s]!;
      if (x === 0) {
        dr += w * lnAlpha;
        continue;
      }
      const psiABX = digamma(a + b + x);
      dr += w * (digamma(r + x) - psiR + lnAlpha);
      da += w * (psiAB - psiABX);
      db += w * (digamma(b + x) - psiABX - psiB + psiAB);
    }
    let dAlpha = (r / alpha) * totalWeight;

    // Per group: ln(A₁ + A₂) and the weights π₁, π₂ of its two terms.
    let dropped2 = 0; // Σ w π₂
    for (let i = 0; i < size; i++) {
      const w = weights[i]!;
      const rx = r + xs[i]!;
      const T = TSlots[i]!;
      const lnT = lnAlphaPlus[T]!;
      const alive = -rx * lnT;
      if (xs[i] === 0) {
        sum += w * alive;
        dr -= w * lnT;
        dAlpha -= w * rx * inverseAlphaPlus[T]!;
        continue;
      }
      const s = xSlots[i]!;
      const t = txSlots[i]!;
      const lnTx = lnAlphaPlus[t]!;
      const dropped = dropTerms[s]! - rx * lnTx;
      let share: number; // π₂
      if (alive > dropped) {
        const e = Math.exp(dropped - alive);
        sum += w * (alive + Math.log1p(e));
        share = e / (1 + e);
      } else {
        const e = Math.exp(alive - dropped);
        sum += w * (dropped + Math.log1p(e));
        share = 1 / (1 + e);
      }
      const aliveShare = 1 - share;
      dr -= w * (aliveShare * lnT + share * lnTx);
      dAlpha -= w * rx * (aliveShare * inverseAlphaPlus[T]! + share * inverseAlphaPlus[t]!);
      dropped2 += w * share;
      db -= w * share * inverseB[s]!;
    }
    da += dropped2 / a;
    gradient[0] = r * dr;
    gradient[1] = alpha * dAlpha;
    gradient[2] = a * da;
    gradient[3] = b * db;
    return sum;
  };

  return { value, valueAndGradient, distinctFrequencies: xValues.length, distinctTimes: times.length };
}
