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

/** Integral of y dt by the trapezoid rule over the samples. */
export function trapezoid(series: Series): number {
  let sum = 0
  for (let k = 1; k < series.t.length; k += 1)
    sum +=
      0.5 *
      ((series.y[k - 1] as number) + (series.y[k] as number)) *
      ((series.t[k] as number) - (series.t[k - 1] as number))
  return sum
}

/** Time the samples span, s. */
export const spanS = (series: Series): number =>
  series.t.length > 1 ? (series.t[series.t.length - 1] as number) - (series.t[0] as number) : 0

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
