import type { HistoryChannel } from '../contract/telemetry.js'
import { coulombicEfficiencyPct, COD_PER_ACETATE_MG } from '../twin/analyses/coulombic.js'

/*
 * The lab metrics' formulas (docs/lab-metrics.md), after Logan et al., Environ. Sci. Technol. 40 (2006)
 * 5181: power normalised by the projected anode area and by the anode liquid volume, coulombic
 * efficiency against the COD removed, COD removal as a share and as a volumetric rate.
 */

export { coulombicEfficiencyPct, COD_PER_ACETATE_MG }

const CM2_PER_M2 = 10_000
const L_PER_M3 = 1000
const S_PER_DAY = 86_400
const J_PER_WH = 3600

/** A sampled series: times (s) and the values at them, of equal length. */
export type Series = { t: readonly number[]; y: readonly number[] }

/** A run's recorded series of a cell (null: the stack) and channel, bucket means. */
export type SeriesOf = (cell: number | null, channel: HistoryChannel) => Series

/**
 * A running trapezoid integral of y dt: the one rule the whole-run computation folds over a series and the
 * current run's accumulator applies frame by frame (docs/lab-metrics.md "How they are computed").
 */
export type Integral = { n: number; firstT: number; firstY: number; lastT: number; lastY: number; sum: number }

export const emptyIntegral = (): Integral => ({ n: 0, firstT: 0, firstY: 0, lastT: 0, lastY: 0, sum: 0 })

/** Adds the sample (t, y) after the integral's last one: one more trapezoid. */
export function addSample(integral: Integral, t: number, y: number): void {
  if (integral.n === 0) {
    integral.firstT = t
    integral.firstY = y
  } else integral.sum += 0.5 * (integral.lastY + y) * (t - integral.lastT)
  integral.lastT = t
  integral.lastY = y
  integral.n += 1
}

/** The integral of `earlier` followed by `later`, bridged by the trapezoid between them (a catch-up's seam). */
export function joinIntegrals(earlier: Integral, later: Integral): Integral {
  if (earlier.n === 0) return { ...later }
  if (later.n === 0) return { ...earlier }
  const bridge = 0.5 * (earlier.lastY + later.firstY) * (later.firstT - earlier.lastT)
  return {
    ...later,
    n: earlier.n + later.n,
    firstT: earlier.firstT,
    firstY: earlier.firstY,
    sum: earlier.sum + bridge + later.sum,
  }
}

/** Time an integral's samples span, s. */
export const integralSpanS = (integral: Integral): number => (integral.n > 1 ? integral.lastT - integral.firstT : 0)

/** The running integral over a whole series. */
export function integralOf(series: Series): Integral {
  const integral = emptyIntegral()
  series.t.forEach((t, k) => addSample(integral, t, series.y[k] as number))
  return integral
}

/** y at time t, linear between samples and held beyond the ends; NaN for an empty series. */
export function valueAt(series: Series, t: number): number {
  const { t: times, y } = series
  if (times.length === 0) return Number.NaN
  if (t <= (times[0] as number)) return y[0] as number
  if (t >= (times[times.length - 1] as number)) return y[times.length - 1] as number
  let low = 0
  let high = times.length - 1
  while (high - low > 1) {
    const mid = (low + high) >> 1
    if ((times[mid] as number) <= t) low = mid
    else high = mid
  }
  const t0 = times[low] as number
  const t1 = times[high] as number
  return (y[low] as number) + (((y[high] as number) - (y[low] as number)) * (t - t0)) / (t1 - t0)
}

/** W/m2 from W and cm2. */
export const powerDensityPerAreaWPerM2 = (powerW: number, areaCm2: number): number => powerW / (areaCm2 / CM2_PER_M2)

/** W/m3 from W and L. */
export const powerDensityPerVolumeWPerM3 = (powerW: number, volumeL: number): number => powerW / (volumeL / L_PER_M3)

export const joulesToWh = (energyJ: number): number => energyJ / J_PER_WH

/** Share of the fed COD removed, %; null when nothing was fed. */
export const codRemovalPct = (removedMg: number, fedMg: number): number | null =>
  fedMg > 0 ? (100 * removedMg) / fedMg : null

/** g COD removed per litre of anode and per day of run; null for an empty span. */
export const codRemovalRateGPerLDay = (removedMg: number, volumeL: number, durationS: number): number | null =>
  durationS > 0 ? removedMg / 1000 / volumeL / (durationS / S_PER_DAY) : null

/** mg COD per second a flow (L/d) of a substrate concentration (mg/L acetate) carries. */
export const codFlowMgPerS = (flowLPerDay: number, acetateMgL: number): number =>
  (flowLPerDay / S_PER_DAY) * acetateMgL * COD_PER_ACETATE_MG
