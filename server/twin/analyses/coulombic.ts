import { ACETATE_MG_PER_MMOL, FARADAY_C_PER_MOL } from '../../sim/parameters.js'

/*
 * Coulombic efficiency and COD removal (docs/twin.md "Coulombic efficiency and COD removal"), after
 * Logan et al., Environ. Sci. Technol. 40 (2006) 5181: the charge the anode passed, Q = integral I dt,
 * against the charge the removed COD could have given, 4 F per mol O2 (32 g):
 *   fed-batch cycle:   CE = 8000 Q / (F V_an dCOD)           (dCOD in mg/L, V_an in L, Q in C)
 *   continuous period: CE = 8000 Q / (F integral q dCOD dt)  (q in L/s)
 * COD removal is dCOD / COD_in. Cycles come from the voltage trace (a fed-batch cell's voltage jumps
 * when it is fed and falls when its substrate runs out) or are marked by hand.
 */

/** mg COD per mg acetate: CH3COO- + 2 O2, 64 g O2 per 59.04 g. */
export const COD_PER_ACETATE_MG = 64 / ACETATE_MG_PER_MMOL
/** Coulombs per mg of COD: 4 electrons per O2 of 32 g. */
const COULOMBS_PER_MG_COD = (4 * FARADAY_C_PER_MOL) / 32_000
/** A voltage trace must swing by more than this (V) to have fed-batch cycles. */
export const MIN_CYCLE_SWING_V = 0.01

export type CurrentSeries = { timeS: readonly number[]; currentA: readonly number[]; voltageV?: readonly number[] }
export type Cycle = { startS: number; endS: number; codInMgL?: number; codOutMgL?: number }
export type CycleResult = {
  startS: number
  endS: number
  chargeC: number
  codRemovedMg: number | null
  codRemovalPct: number | null
  coulombicEfficiencyPct: number | null
}

/** CE (%) of a charge against the COD removed; null when nothing was removed. */
export function coulombicEfficiencyPct(chargeC: number, removedMg: number): number | null {
  return removedMg > 0 ? (100 * chargeC) / (COULOMBS_PER_MG_COD * removedMg) : null
}

/** Integral of I dt over [fromS, toS] by the trapezoid rule on the samples inside (C). */
export function chargeC(series: CurrentSeries, fromS: number, toS: number): number {
  let charge = 0
  for (let k = 1; k < series.timeS.length; k += 1) {
    const t0 = Math.max(series.timeS[k - 1] as number, fromS)
    const t1 = Math.min(series.timeS[k] as number, toS)
    if (t1 <= t0) continue
    charge += 0.5 * ((series.currentA[k - 1] as number) + (series.currentA[k] as number)) * (t1 - t0)
  }
  return charge
}

/** Q against the COD a batch of `volumeL` removed; null figures where the COD values are missing. */
export function batchCycle(series: CurrentSeries, cycle: Cycle, volumeL: number): CycleResult {
  const charge = chargeC(series, cycle.startS, cycle.endS)
  const known = cycle.codInMgL !== undefined && cycle.codOutMgL !== undefined
  const removedMgL = known ? (cycle.codInMgL as number) - (cycle.codOutMgL as number) : Number.NaN
  const removedMg = removedMgL * volumeL
  return {
    startS: cycle.startS,
    endS: cycle.endS,
    chargeC: charge,
    codRemovedMg: known ? removedMg : null,
    codRemovalPct: known && (cycle.codInMgL as number) > 0 ? (100 * removedMgL) / (cycle.codInMgL as number) : null,
    coulombicEfficiencyPct: known ? coulombicEfficiencyPct(charge, removedMg) : null,
  }
}

/** The COD a continuous flow removed over [fromS, toS]: integral q (COD_in - COD_out) dt, mg; trapezoids on the samples. */
export type FeedSeries = {
  timeS: readonly number[]
  flowLPerDay: readonly number[]
  codInMgL: readonly number[]
  codOutMgL: readonly number[]
}

export function removedCodMg(feed: FeedSeries, fromS: number, toS: number): { removedMg: number; fedMg: number } {
  let removedMg = 0
  let fedMg = 0
  const rate = (k: number, cod: readonly number[]) => ((feed.flowLPerDay[k] as number) / 86_400) * (cod[k] as number)
  for (let k = 1; k < feed.timeS.length; k += 1) {
    const t0 = Math.max(feed.timeS[k - 1] as number, fromS)
    const t1 = Math.min(feed.timeS[k] as number, toS)
    if (t1 <= t0) continue
    const fed = 0.5 * (rate(k - 1, feed.codInMgL) + rate(k, feed.codInMgL)) * (t1 - t0)
    const out = 0.5 * (rate(k - 1, feed.codOutMgL) + rate(k, feed.codOutMgL)) * (t1 - t0)
    fedMg += fed
    removedMg += fed - out
  }
  return { removedMg, fedMg }
}

/** Q against the COD the flows `feeds` removed over [fromS, toS] (several cells' feeds add up). */
export function continuousPeriod(
  series: CurrentSeries,
  feeds: readonly FeedSeries[],
  fromS: number,
  toS: number,
): CycleResult {
  const charge = chargeC(series, fromS, toS)
  let removedMg = 0
  let fedMg = 0
  for (const feed of feeds) {
    const part = removedCodMg(feed, fromS, toS)
    removedMg += part.removedMg
    fedMg += part.fedMg
  }
  return {
    startS: fromS,
    endS: toS,
    chargeC: charge,
    codRemovedMg: removedMg,
    codRemovalPct: fedMg > 0 ? (100 * removedMg) / fedMg : null,
    coulombicEfficiencyPct: coulombicEfficiencyPct(charge, removedMg),
  }
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(fraction * (sorted.length - 1))))] as number
}

/**
 * Fed-batch cycles from a voltage trace: with the trace's 10th and 90th percentiles as low and high,
 * a cycle starts at the last sample below a quarter of the swing before the voltage rises above three
 * quarters of it (the feed), and ends where the next one starts; the last cycle counts only once its
 * voltage has fallen below a quarter again (its substrate is spent). No cycles when the trace swings
 * by less than MIN_CYCLE_SWING_V.
 */
export function detectCycles(
  timeS: readonly number[],
  voltageV: readonly number[],
): Array<{ startS: number; endS: number }> {
  if (voltageV.length < 3) return []
  const low = percentile(voltageV, 0.1)
  const high = percentile(voltageV, 0.9)
  if (high - low <= MIN_CYCLE_SWING_V) return []
  const lower = low + 0.25 * (high - low)
  const upper = low + 0.75 * (high - low)
  const starts: number[] = []
  let lastLow: number | undefined
  let armed = true
  voltageV.forEach((v, k) => {
    if (v < lower) {
      lastLow = k
      armed = true
    } else if (v > upper && armed && lastLow !== undefined) {
      starts.push(lastLow)
      armed = false
    }
  })
  const cycles = starts
    .slice(0, -1)
    .map((start, i) => ({ startS: timeS[start] as number, endS: timeS[starts[i + 1] as number] as number }))
  const last = starts.at(-1)
  if (last !== undefined && armed)
    cycles.push({ startS: timeS[last] as number, endS: timeS[lastLow as number] as number })
  return cycles
}
