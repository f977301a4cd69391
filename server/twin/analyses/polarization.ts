import { prefixSums, windowFit, type LineFit } from './linear-fit.js'

/*
 * Polarization analysis of a measured or modelled curve (docs/twin.md "Polarization analysis"): the
 * maximum power point, the open-circuit voltage, the internal resistance from the ohmic slope and from
 * R_ext at P_max, power and current densities, and overshoot. The curve is read from open circuit
 * towards short circuit: by falling R_ext where every point has one, otherwise by falling voltage (a
 * linear sweep voltammetry from OCV down).
 */

export type CurvePoint = { voltageV: number; currentA: number; rExtOhm?: number }
export type PolarizationOptions = { anodeAreaCm2?: number; volumeMl?: number }

export type PolarizationAnalysis = {
  points: number
  order: 'resistance' | 'voltage'
  openCircuit: { voltageV: number; method: 'measured' | 'extrapolated' }
  maximumPower: { powerW: number; voltageV: number; currentA: number; rExtOhm: number }
  internalResistance: {
    ohmicSlopeOhm: number | null
    ohmicRegion: {
      fromCurrentA: number
      toCurrentA: number
      points: number
      rSquared: number
      interceptV: number
    } | null
    atMaximumPowerOhm: number
  }
  density: {
    maxPowerWPerM2: number | null
    maxPowerWPerM3: number | null
    maxCurrentAPerM2: number | null
    maxCurrentAPerM3: number | null
  }
  overshoot: { detected: boolean; currentDropPct: number; atIndex: number | null }
  curve: Array<{ voltageV: number; currentA: number; powerW: number; rExtOhm: number }>
}

/** A straight line through at least this many points, of at least R^2 OHMIC_R2, is the ohmic region. */
const OHMIC_MIN_POINTS = 3
const OHMIC_R2 = 0.998
/** Longer curves (an LSV of thousands of points) are averaged into this many current bins for the search. */
const OHMIC_BINS = 200
/** A current this close to zero (relative to the largest) is an open-circuit reading. */
const OPEN_CIRCUIT_FRACTION = 0.01
/** Overshoot: the current falls back by more than this share of its maximum while the load keeps falling. */
export const OVERSHOOT_FRACTION = 0.05

/** The curve from open circuit towards short circuit, with power and R_ext (V / I where not given). */
function ordered(points: readonly CurvePoint[]) {
  const byResistance = points.every((p) => p.rExtOhm !== undefined)
  const sorted = [...points].sort((a, b) =>
    byResistance ? (b.rExtOhm as number) - (a.rExtOhm as number) : b.voltageV - a.voltageV,
  )
  return {
    order: byResistance ? ('resistance' as const) : ('voltage' as const),
    curve: sorted.map((p) => ({
      voltageV: p.voltageV,
      currentA: p.currentA,
      powerW: p.voltageV * p.currentA,
      rExtOhm: p.rExtOhm ?? (p.currentA !== 0 ? p.voltageV / p.currentA : Infinity),
    })),
  }
}

/** Points averaged in equal-width current bins (empty bins dropped), sorted by current. */
function binned(curve: ReadonlyArray<{ voltageV: number; currentA: number }>, bins: number) {
  const sorted = [...curve].sort((a, b) => a.currentA - b.currentA)
  if (sorted.length <= bins) return sorted
  const lo = (sorted[0] as { currentA: number }).currentA
  const width = ((sorted.at(-1) as { currentA: number }).currentA - lo) / bins || 1
  const sums = Array.from({ length: bins }, () => ({ v: 0, i: 0, n: 0 }))
  for (const point of sorted) {
    const bin = sums[Math.min(Math.floor((point.currentA - lo) / width), bins - 1)] as {
      v: number
      i: number
      n: number
    }
    bin.v += point.voltageV
    bin.i += point.currentA
    bin.n += 1
  }
  return sums.filter((bin) => bin.n > 0).map((bin) => ({ voltageV: bin.v / bin.n, currentA: bin.i / bin.n }))
}

/** The widest run of consecutive points (by current) on one straight line (R^2 >= OHMIC_R2); ties by R^2. */
function ohmicRegion(curve: ReadonlyArray<{ voltageV: number; currentA: number }>) {
  const points = binned(curve, OHMIC_BINS)
  const sums = prefixSums(
    points.map((p) => p.currentA),
    points.map((p) => p.voltageV),
  )
  let best: (LineFit & { from: number; to: number }) | undefined
  for (let from = 0; from < points.length; from += 1)
    for (let to = from + OHMIC_MIN_POINTS; to <= points.length; to += 1) {
      const fit = windowFit(sums, from, to)
      if (fit.rSquared < OHMIC_R2 || !(fit.slope < 0)) continue
      if (!best || fit.points > best.points || (fit.points === best.points && fit.rSquared > best.rSquared))
        best = { ...fit, from, to }
    }
  if (!best) return null
  return {
    fit: best,
    fromCurrentA: (points[best.from] as { currentA: number }).currentA,
    toCurrentA: (points[best.to - 1] as { currentA: number }).currentA,
  }
}

/** Overshoot: after its largest current, the curve's current falls by more than OVERSHOOT_FRACTION of it. */
function overshootOf(curve: ReadonlyArray<{ currentA: number }>): PolarizationAnalysis['overshoot'] {
  let peak = 0
  curve.forEach((p, i) => {
    if (p.currentA > (curve[peak] as { currentA: number }).currentA) peak = i
  })
  const peakA = (curve[peak] as { currentA: number }).currentA
  let lowest = peak
  for (let i = peak + 1; i < curve.length; i += 1)
    if ((curve[i] as { currentA: number }).currentA < (curve[lowest] as { currentA: number }).currentA) lowest = i
  const drop = peakA > 0 ? (peakA - (curve[lowest] as { currentA: number }).currentA) / peakA : 0
  const detected = drop > OVERSHOOT_FRACTION
  return { detected, currentDropPct: 100 * drop, atIndex: detected ? peak : null }
}

/** Analyses one polarization curve; needs at least three points with some current. */
export function analysePolarization(
  points: readonly CurvePoint[],
  options: PolarizationOptions = {},
): PolarizationAnalysis {
  if (points.length < 3) throw new RangeError(`a polarization curve needs at least 3 points, got ${points.length}`)
  const { order, curve } = ordered(points)
  const maxCurrent = Math.max(...curve.map((p) => Math.abs(p.currentA)))
  if (!(maxCurrent > 0)) throw new RangeError('the curve carries no current: every point is at open circuit')
  const mpp = curve.reduce((best, p) => (p.powerW > best.powerW ? p : best))
  const region = ohmicRegion(curve)
  const nearOpen = curve.filter((p) => Math.abs(p.currentA) <= OPEN_CIRCUIT_FRACTION * maxCurrent)
  const openCircuit =
    nearOpen.length > 0
      ? {
          voltageV: nearOpen.reduce((a, b) => (Math.abs(b.currentA) < Math.abs(a.currentA) ? b : a)).voltageV,
          method: 'measured' as const,
        }
      : { voltageV: region ? region.fit.intercept : mpp.voltageV, method: 'extrapolated' as const }
  const areaM2 = options.anodeAreaCm2 === undefined ? undefined : options.anodeAreaCm2 * 1e-4
  const volumeM3 = options.volumeMl === undefined ? undefined : options.volumeMl * 1e-6
  const per = (value: number, size: number | undefined) => (size === undefined ? null : value / size)
  return {
    points: curve.length,
    order,
    openCircuit,
    maximumPower: { powerW: mpp.powerW, voltageV: mpp.voltageV, currentA: mpp.currentA, rExtOhm: mpp.rExtOhm },
    internalResistance: {
      ohmicSlopeOhm: region ? -region.fit.slope : null,
      ohmicRegion: region
        ? {
            fromCurrentA: region.fromCurrentA,
            toCurrentA: region.toCurrentA,
            points: region.fit.points,
            rSquared: region.fit.rSquared,
            interceptV: region.fit.intercept,
          }
        : null,
      atMaximumPowerOhm: mpp.voltageV / mpp.currentA,
    },
    density: {
      maxPowerWPerM2: per(mpp.powerW, areaM2),
      maxPowerWPerM3: per(mpp.powerW, volumeM3),
      maxCurrentAPerM2: per(maxCurrent, areaM2),
      maxCurrentAPerM3: per(maxCurrent, volumeM3),
    },
    overshoot: overshootOf(curve),
    curve,
  }
}
