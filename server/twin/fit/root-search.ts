import type { Work } from '../../sim/work.js'

/*
 * The root searches of the biofilm's steady states (docs/twin.md "The model behind the fit"): from a
 * start, in the direction the population grows or shrinks, to the first root of its net growth.
 */

/** A root is located to this relative width. */
const ROOT_TOLERANCE = 1e-10
/** Below this much biomass (mg-x/L) a population has washed out. */
export const WASHED_OUT_MG_L = 1e-6
/** The largest biofilm searched: 100 g/L, the run configuration's bound on biomass. */
export const MAX_BIOMASS_MG_L = 1e5

/** A decreasing function's root, bracketed by lo (f >= 0) and hi (f < 0), by the Illinois variant of regula falsi. */
export function* illinoisWork(
  f: (x: number) => Work<number>,
  bracket: { lo: number; fLo: number; hi: number; fHi: number },
): Work<number> {
  let { lo, fLo, hi, fHi } = bracket
  let side = 0
  for (let iteration = 0; iteration < 100 && hi - lo > ROOT_TOLERANCE * hi; iteration += 1) {
    const x = fLo === fHi ? 0.5 * (lo + hi) : lo + (fLo * (hi - lo)) / (fLo - fHi)
    const next = x > lo && x < hi ? x : 0.5 * (lo + hi)
    const fx = yield* f(next)
    if (Number.isNaN(fx)) return Number.NaN
    if (fx === 0) return next
    if (fx > 0) {
      lo = next
      fLo = fx
      if (side === 1) fHi /= 2
      side = 1
    } else {
      hi = next
      fHi = fx
      if (side === -1) fLo /= 2
      side = -1
    }
  }
  return fLo < -fHi ? lo : hi
}

/** The largest factor between two probes of a root search: small enough not to step over a narrow basin. */
const MAX_PROBE_FACTOR = 1.5

/**
 * The biomass a population settles to from `start`, f being its net specific growth: it grows where
 * f > 0 and shrinks where f < 0, so it ends at the first root of f in that direction (a stable steady
 * state: f falls through zero there), or at 0 (washed out) or MAX_BIOMASS_MG_L. Where the model has
 * several steady states (a weak load can sustain a thriving or a starved biofilm), the start decides
 * which, as it does in the cell. Probes move away from the start by factors that grow from 1.001 and
 * follow the secant towards the root, never more than MAX_PROBE_FACTOR at a time. A probe where f is
 * NaN (not defined there) is retried at half the step in log x, so the search can close in on the edge
 * of f's domain; it gives up with NaN at the start or at the edge itself.
 */
export function* settledBiomassWork(f: (x: number) => Work<number>, start: number): Work<number> {
  let x = Math.min(Math.max(start, WASHED_OUT_MG_L), MAX_BIOMASS_MG_L)
  let fx = yield* f(x)
  if (Number.isNaN(fx)) return Number.NaN
  const growing = fx > 0
  let factor = 1.001
  for (let probe = 0; probe < 200; probe += 1) {
    const limit = growing ? MAX_BIOMASS_MG_L : WASHED_OUT_MG_L
    const next = growing ? Math.min(x * factor, limit) : Math.max(x / factor, limit)
    const fNext = yield* f(next)
    if (Number.isNaN(fNext)) {
      factor = Math.sqrt(factor)
      if (factor - 1 < 1e-12) return Number.NaN
      continue
    }
    if (growing ? fNext <= 0 : fNext > 0)
      return yield* illinoisWork(
        f,
        growing ? { lo: x, fLo: fx, hi: next, fHi: fNext } : { lo: next, fLo: fNext, hi: x, fHi: fx },
      )
    if (next === limit) return growing ? limit : 0
    // Secant estimate of the distance to the root in log x, overshot by half, within the factor's limits.
    const secant = Math.abs(Math.log(next / x) * (fNext / (fx - fNext)))
    const wanted = Number.isFinite(secant) && fx !== fNext ? Math.exp(1.5 * secant) : factor * factor
    factor = Math.min(Math.max(wanted, 1 + 2 * (factor - 1)), MAX_PROBE_FACTOR)
    ;[x, fx] = [next, fNext]
  }
  return x
}
