import type { TelemetryFrame } from '../contract/stream.js'
import type { HistoryResponse } from '../contract/telemetry.js'
import { addCodSample, codIntegralsOf, emptyCodIntegrals, type CodIntegrals } from './cod.js'
import { addSample, emptyIntegral, integralOf, joinIntegrals, type Integral, type SeriesOf } from './formulas.js'
import type { FeedModel } from './geometry.js'

/*
 * The sums a run's lab metrics follow from (docs/lab-metrics.md "How they are computed"): per cell the
 * integrals of power, current and the COD flows and the newest R_int, and the stack's power integral.
 * Built the same way from a recorded history (a finished run, a catch-up) and from live frames (the
 * current run's accumulator), so both give the same figures for the same samples.
 */

export type CellIntegrals = { power: Integral; current: Integral; cod: CodIntegrals; lastInternalOhm: number | null }
export type RunIntegrals = { cells: CellIntegrals[]; stackPower: Integral }

export const emptyCellIntegrals = (): CellIntegrals => ({
  ...{ power: emptyIntegral(), current: emptyIntegral(), cod: emptyCodIntegrals() },
  lastInternalOhm: null,
})

export const emptyRunIntegrals = (cells: number): RunIntegrals => ({
  cells: Array.from({ length: cells }, emptyCellIntegrals),
  stackPower: emptyIntegral(),
})

/** The history's series (bucket means), only the samples before `beforeS`. */
export function seriesLookup(history: HistoryResponse, beforeS = Number.POSITIVE_INFINITY): SeriesOf {
  const found = new Map(history.series.map((entry) => [`${entry.cell}:${entry.channel}`, entry]))
  return (cell, channel) => {
    const entry = found.get(`${cell}:${channel}`)
    if (!entry) return { t: [], y: [] }
    const end = entry.t.findIndex((t) => t >= beforeS)
    return end === -1 ? { t: entry.t, y: entry.mean } : { t: entry.t.slice(0, end), y: entry.mean.slice(0, end) }
  }
}

/** A run's integrals over its recorded series. */
export function integralsOfHistory(seriesOf: SeriesOf, cells: number, feed: FeedModel | null): RunIntegrals {
  return {
    cells: Array.from({ length: cells }, (_v, index) => {
      const ohm = seriesOf(index, 'internalOhm').y
      return {
        power: integralOf(seriesOf(index, 'powerW')),
        current: integralOf(seriesOf(index, 'currentA')),
        cod: codIntegralsOf(seriesOf, index, feed),
        lastInternalOhm: ohm.length > 0 ? (ohm[ohm.length - 1] as number) : null,
      }
    }),
    stackPower: integralOf(seriesOf(null, 'stack.powerW')),
  }
}

const addIfPresent = (integral: Integral, t: number, y: number | undefined) => {
  if (y !== undefined) addSample(integral, t, y)
}

/** Adds one live frame to a run's integrals: a value the source does not have is no sample, as in the history. */
export function addFrame(integrals: RunIntegrals, feed: FeedModel | null, frame: TelemetryFrame): void {
  const t = frame.simTimeS
  addIfPresent(integrals.stackPower, t, frame.stack.powerW)
  const flowLPerDay = frame.stack.feedActualLPerDay ?? frame.stack.feedLPerDay
  integrals.cells.forEach((cell, index) => {
    const sample = frame.cells[index]
    if (!sample) return
    addIfPresent(cell.power, t, sample.powerW)
    addIfPresent(cell.current, t, sample.currentA)
    if (sample.internalOhm !== undefined) cell.lastInternalOhm = sample.internalOhm
    if (feed === null || sample.substrateMgL === undefined) return
    const upstreamMgL = feed.cascade && index > 0 ? (frame.cells[index - 1]?.substrateMgL ?? null) : null
    addCodSample(cell.cod, feed, { t, substrateMgL: sample.substrateMgL, flowLPerDay, upstreamMgL })
  })
}

const joinCod = (earlier: CodIntegrals, later: CodIntegrals): CodIntegrals => ({
  fed: joinIntegrals(earlier.fed, later.fed),
  external: joinIntegrals(earlier.external, later.external),
  removed: joinIntegrals(earlier.removed, later.removed),
  substrateSamples: earlier.substrateSamples + later.substrateSamples,
  noFlow: earlier.noFlow || later.noFlow,
})

/** The integrals of a recorded start followed by live frames (a catch-up). */
export function joinRunIntegrals(earlier: RunIntegrals, later: RunIntegrals): RunIntegrals {
  return {
    cells: later.cells.map((cell, index) => {
      const before = earlier.cells[index] ?? emptyCellIntegrals()
      return {
        power: joinIntegrals(before.power, cell.power),
        current: joinIntegrals(before.current, cell.current),
        cod: joinCod(before.cod, cell.cod),
        lastInternalOhm: cell.lastInternalOhm ?? before.lastInternalOhm,
      }
    }),
    stackPower: joinIntegrals(earlier.stackPower, later.stackPower),
  }
}
