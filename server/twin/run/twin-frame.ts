import type { TelemetryFrame, TelemetrySource } from '../../contract/stream.js'

/*
 * A frame as the twin reads it (docs/twin.md "The twin"): a measured frame leaves out what its
 * instruments did not report (docs/stream-protocol.md). A missing measurement is NaN here (no residual
 * is judged for it); a missing input (load, feed, temperature) holds its last reported value, as the
 * real actuator does; a source that never reported an input leaves the twin waiting.
 */

export type TwinCellSample = {
  voltageV: number
  currentA: number
  powerW: number
  substrateMgL: number
  /** The cell's own external resistance, where it has one (per-cell loads on hardware). */
  loadOhm?: number
}
export type TwinStackSample = {
  voltageV: number
  currentA: number
  powerW: number
  loadConnected: boolean
  loadOhm: number
  feedLPerDay: number
  temperatureK: number
}
export type TwinFrame = Pick<TelemetryFrame, 'runId' | 'simTimeS' | 'wallTimeMs' | 'controller'> & {
  source: TelemetrySource
  cells: TwinCellSample[]
  stack: TwinStackSample
}

const measured = (value: number | undefined): number => value ?? Number.NaN

/** The twin's reading of `frame`, inputs held from `held` (the same run's previous frame) where absent. */
export function twinFrameOf(frame: TelemetryFrame, held: TwinStackSample | undefined): TwinFrame | undefined {
  const { stack } = frame
  const ownLoads = frame.cells.map((cell) => cell.rExtMeasuredOhm ?? cell.rExtCommandedOhm)
  // A stack whose cells each have their own load (no stack load): each model cell runs at its own, and
  // their mean stands in for the stack's load (the what-if's starting load).
  const cellsLoad = ownLoads.every((ohm) => ohm !== undefined) && ownLoads.length > 0
  const meanOwnLoad = cellsLoad ? ownLoads.reduce((sum, ohm) => sum + ohm, 0) / ownLoads.length : undefined
  const loadOhm = stack.loadOhm ?? held?.loadOhm ?? meanOwnLoad
  const feedLPerDay = stack.feedLPerDay ?? held?.feedLPerDay
  const temperatureK = stack.temperatureK ?? held?.temperatureK
  if (loadOhm === undefined || feedLPerDay === undefined || temperatureK === undefined) return undefined
  return {
    ...{ runId: frame.runId, source: frame.source, simTimeS: frame.simTimeS, wallTimeMs: frame.wallTimeMs },
    controller: frame.controller,
    cells: frame.cells.map((cell, i) => ({
      ...{ voltageV: measured(cell.voltageV), currentA: measured(cell.currentA) },
      ...{ powerW: measured(cell.powerW), substrateMgL: measured(cell.substrateMgL) },
      ...(ownLoads[i] === undefined ? {} : { loadOhm: ownLoads[i] }),
    })),
    stack: {
      ...{ voltageV: measured(stack.voltageV), currentA: measured(stack.currentA), powerW: measured(stack.powerW) },
      ...{ loadConnected: stack.loadConnected ?? held?.loadConnected ?? true, loadOhm, feedLPerDay, temperatureK },
    },
  }
}

/** A measured value for JSON: null where the source did not report it. */
export const reported = (value: number): number | null => (Number.isFinite(value) ? value : null)
