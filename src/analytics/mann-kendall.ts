// The Mann–Kendall trend test (Mann 1945; Kendall 1975), as Ciclo reads a customer's periods: does the series
// tend to rise or fall, whatever the shape? It compares every later period with every earlier one, so it is
// rank-based, needs no normality and is untouched by any monotone transform of the values (such as log).
//
// This is the "original" test as hydrology software states it (e.g. pyMannKendall's original_test):
//   S     = Σ_{i<j} sign(x_j − x_i)
//   Var S = [n(n−1)(2n+5) − Σ_groups t(t−1)(2t+5)] / 18      (t = size of each group of tied values)
//   z     = (S − 1)/√Var S if S > 0,  (S + 1)/√Var S if S < 0,  0 if S = 0   (continuity correction)
//   p     = 2·(1 − Φ(|z|))                                      (two-sided)
//   τ     = S / (n(n−1)/2)                                      (Kendall's tau-a)

import { twoSidedPValue } from './normal';

export interface MannKendall {
  n: number;
  s: number;
  /** Variance of S under "no trend", tie-corrected. */
  varS: number;
  z: number;
  pValue: number;
  tau: number;
}

/**
 * Mann–Kendall statistics of `values`, oldest first. The values must be finite: dropping missing periods is the
 * caller's job. With fewer than 3 values, or when every value is tied (Var S = 0), there is no evidence either
 * way and the result has z = 0, p = 1 (S, Var S and τ are still reported; τ is 0 below 2 values).
 * O(n²) time and no allocation: ties are counted in the same pass as S.
 */
export function mannKendall(values: ArrayLike<number>): MannKendall {
  const n = values.length;
  let s = 0;
  // For each i, e = number of later values equal to x_i. Over a tie group of size t these counts are
  // t−1, t−2, …, 0, so Σe = t(t−1)/2 and Σe² = (t−1)t(2t−1)/6, hence
  //   t(t−1)(2t+5) = t(t−1)(2t−1) + 6t(t−1) = 6Σe² + 12Σe,
  // and the tie correction is Σ over all i of 6e² + 12e, with no sorting or grouping.
  let ties = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = values[i]!;
    let equal = 0;
    for (let j = i + 1; j < n; j++) {
      const xj = values[j]!;
      if (xj > xi) s++;
      else if (xj < xi) s--;
      else equal++;
    }
    ties += 6 * equal * equal + 12 * equal;
  }
  const varS = (mannKendallVarianceTerm(n) - ties) / 18;
  const pairs = (n * (n - 1)) / 2;
  const tau = pairs > 0 ? s / pairs : 0;
  if (n < 3 || varS <= 0) return { n, s, varS, z: 0, pValue: 1, tau };
  const z = mannKendallZ(s, varS);
  return { n, s, varS, z, pValue: twoSidedPValue(z), tau };
}

/** The continuity-corrected z of a Mann–Kendall S with variance `varS` (> 0). */
export function mannKendallZ(s: number, varS: number): number {
  if (s > 0) return (s - 1) / Math.sqrt(varS);
  if (s < 0) return (s + 1) / Math.sqrt(varS);
  return 0;
}

/**
 * t(t−1)(2t+5): for t = n it is the untied part of 18·Var S; for t = a tie group's size, that group's correction.
 */
export function mannKendallVarianceTerm(t: number): number {
  return t < 2 ? 0 : t * (t - 1) * (2 * t + 5);
}
