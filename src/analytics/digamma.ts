// digamma.ts: ψ(x) = d/dx ln Γ(x), which the gradients of Ciclo's purchase and spend likelihoods need
// (BG/NBD's ln Γ(r + x) and ln B(a, b + x), Gamma-Gamma's ln Γ(px + q)).

// Asymptotic series ψ(y) ≈ ln y − 1/(2y) − Σₖ B₂ₖ / (2k y^(2k)) (Abramowitz & Stegun 6.3.18), k = 1..7: the
// coefficients B₂ₖ / 2k are 1/12, −1/120, 1/252, −1/240, 1/132, −691/32760, 1/12. From y = 10 on, the first
// omitted term (3617/8160 · y^−16) is below 5e-17, so the error is rounding only.
const ASYMPTOTIC = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12];
const ASYMPTOTIC_FROM = 10;

/**
 * The digamma function ψ(x) = Γ′(x)/Γ(x). For x > 0 the argument is shifted up to ≥ 10 with
 * ψ(x) = ψ(x + 1) − 1/x, then the asymptotic series is summed: absolute error about 1e-15 (relative, away from
 * the root near 1.4616). Negative non-integers use the reflection formula ψ(1 − x) − ψ(x) = π cot(πx); the
 * poles at 0, −1, −2, … give NaN, as does NaN; +Infinity gives +Infinity.
 */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) {
    if (Number.isInteger(x) || x === Number.NEGATIVE_INFINITY) return Number.NaN;
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  if (x === Number.POSITIVE_INFINITY) return x;
  let y = x;
  let shift = 0;
  while (y < ASYMPTOTIC_FROM) {
    shift += 1 / y;
    y += 1;
  }
  const inverseSquared = 1 / (y * y);
  let series = 0;
  for (let k = ASYMPTOTIC.length - 1; k >= 0; k--) series = series * inverseSquared + ASYMPTOTIC[k]!;
  return Math.log(y) - 0.5 / y - series * inverseSquared - shift;
}
