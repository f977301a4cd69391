/*
 * The few distributions the estimator needs (docs/twin.md "Confidence intervals"): Student's t quantile
 * from the regularized incomplete beta function (Numerical Recipes, 3rd ed., 6.4: the continued fraction
 * by the modified Lentz method; ln Gamma by Lanczos' approximation, g = 7, 9 terms).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/** ln Gamma(x) for x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x)
  const z = x - 1
  let sum = LANCZOS[0] as number
  for (let k = 1; k < LANCZOS.length; k += 1) sum += (LANCZOS[k] as number) / (z + k)
  const t = z + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}

/** The continued fraction of I_x(a, b), converging for x < (a + 1) / (a + b + 2). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  d = 1 / (Math.abs(d) < tiny ? tiny : d)
  let h = d
  for (let m = 1; m <= 300; m += 1) {
    const m2 = 2 * m
    for (const term of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + term * d
      d = 1 / (Math.abs(d) < tiny ? tiny : d)
      c = 1 + term / c
      if (Math.abs(c) < tiny) c = tiny
      h *= d * c
    }
    if (Math.abs(d * c - 1) < 1e-15) break
  }
  return h
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b
}

/** P(T <= t) for Student's t with `dof` degrees of freedom. */
export function studentTCdf(t: number, dof: number): number {
  const tail = 0.5 * incompleteBeta(dof / (dof + t * t), dof / 2, 0.5)
  return t >= 0 ? 1 - tail : tail
}

/** The p-quantile (0.5 < p < 1) of Student's t: the t with P(T <= t) = p, by bisection to 1e-12. */
export function studentTQuantile(p: number, dof: number): number {
  let lo = 0
  let hi = 1
  while (studentTCdf(hi, dof) < p) hi *= 2
  while (hi - lo > 1e-12 * hi) {
    const mid = 0.5 * (lo + hi)
    if (studentTCdf(mid, dof) < p) lo = mid
    else hi = mid
  }
  return 0.5 * (lo + hi)
}
