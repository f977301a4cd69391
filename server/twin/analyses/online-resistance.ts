import type { TelemetryFrame } from '../../contract/stream.js'
import type { OnlineEstimate, OnlineResistance } from '../../contract/analyses.js'
import { twinFrameOf, type TwinFrame } from '../run/twin-frame.js'

/*
 * Internal resistance and open-circuit voltage tracked online from the controller's own perturbations
 * (docs/twin.md "Online internal resistance"): when the load steps between two consecutive frames (an
 * MPPT step, an operator's change), the substrate and the biofilm have had no time to move, so each
 * cell's small-signal resistance is r = -dV/dI over the step and its open-circuit voltage the line's
 * intercept, E = V + r I. Each estimate is the median of the last ESTIMATES_KEPT steps, which a noisy
 * or disturbed step does not drag. A value the source did not report is NaN, and its step not measured.
 */

const ESTIMATES_KEPT = 9
/** A step must move the current by this share (or 1 uA) to be measured: smaller ones are noise. */
const MIN_RELATIVE_STEP = 0.005
const MIN_STEP_A = 1e-6
/** Two frames further apart than this (simulated or process seconds) are not one step. */
const MAX_STEP_GAP_S = 900

type Sample = { voltageV: number; currentA: number }
type Track = { resistances: number[]; ocvs: number[]; lastAtS: number | null }

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

function record(track: Track, before: Sample, after: Sample, atS: number): void {
  const dI = after.currentA - before.currentA
  if (Math.abs(dI) < Math.max(MIN_STEP_A, MIN_RELATIVE_STEP * Math.abs(before.currentA))) return
  const resistance = -(after.voltageV - before.voltageV) / dI
  if (!(resistance > 0) || !Number.isFinite(resistance)) return
  track.resistances = [...track.resistances, resistance].slice(-ESTIMATES_KEPT)
  track.ocvs = [...track.ocvs, after.voltageV + resistance * after.currentA].slice(-ESTIMATES_KEPT)
  track.lastAtS = atS
}

function estimateOf(track: Track): OnlineEstimate {
  return track.resistances.length === 0
    ? { internalOhm: null, openCircuitV: null, steps: 0, lastAtS: null }
    : {
        internalOhm: median(track.resistances),
        openCircuitV: median(track.ocvs),
        steps: track.resistances.length,
        lastAtS: track.lastAtS,
      }
}

/** Follows frames of one run at a time; a new run starts the estimates over. */
export function createOnlineResistance() {
  let previous: TwinFrame | undefined
  let tracks: { stack: Track; cells: Track[] } = { stack: { resistances: [], ocvs: [], lastAtS: null }, cells: [] }
  const fresh = (): Track => ({ resistances: [], ocvs: [], lastAtS: null })
  return {
    observe(received: TelemetryFrame): void {
      const frame = twinFrameOf(received, previous?.runId === received.runId ? previous.stack : undefined)
      if (!frame) return
      if (previous?.runId !== frame.runId) tracks = { stack: fresh(), cells: frame.cells.map(fresh) }
      const before = previous
      previous = frame
      if (!before || before.runId !== frame.runId) return
      const stepped =
        before.stack.loadOhm !== frame.stack.loadOhm && before.stack.loadConnected && frame.stack.loadConnected
      if (!stepped || frame.simTimeS - before.simTimeS > MAX_STEP_GAP_S || frame.cells.length !== before.cells.length)
        return
      record(tracks.stack, before.stack, frame.stack, frame.simTimeS)
      frame.cells.forEach((cell, i) =>
        record(
          tracks.cells[i] ?? (tracks.cells[i] = fresh()),
          before.cells[i] as TwinFrame['cells'][number],
          cell,
          frame.simTimeS,
        ),
      )
    },
    estimates(): OnlineResistance {
      return { runId: previous?.runId ?? null, stack: estimateOf(tracks.stack), cells: tracks.cells.map(estimateOf) }
    },
  }
}
