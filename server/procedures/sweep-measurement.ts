import type { PolarizationSweepStep, StoredSweep, SweepPoint } from '../contract/procedures.js'
import type { TelemetryFrame } from '../contract/stream.js'
import { maximumPowerPoint, sampleOf, steadyPoint, sweepLoads, type SweepSample } from './sweep.js'

export type SweepMeasurement = ReturnType<typeof createSweepMeasurement>

/**
 * One polarization sweep step's measurement: per load, a sample every `sampleS` of the dwell and the
 * steady value from the last part of it; `advance` says when the dwell of a point or of the whole sweep is over.
 */
export function createSweepMeasurement(step: PolarizationSweepStep, startedAtMs: number) {
  const loads = sweepLoads(step)
  const points: SweepPoint[] = []
  let point = 0
  let written: number | null = null
  let elapsedMs = 0
  let samples: SweepSample[] = []
  let nextSampleMs = 0
  const restartPoint = () => {
    elapsedMs = 0
    samples = []
    nextSampleMs = 0
  }
  return {
    load: () => loads[point]!,
    /** The load of the point is on the stack (what was written, null for the open circuit): its dwell starts. */
    begin(ohm: number | null) {
      written = ohm
      restartPoint()
    },
    restartPoint,
    advance(frame: TelemetryFrame, dtMs: number): 'point' | 'sweep' | undefined {
      elapsedMs += dtMs
      if (elapsedMs >= nextSampleMs) {
        const sample = sampleOf(frame, elapsedMs, written)
        if (sample) samples.push(sample)
        nextSampleMs = elapsedMs + step.sampleS * 1000
      }
      if (elapsedMs < step.dwellS * 1000) return undefined
      const steady = steadyPoint(samples, step, written)
      if (steady) points.push(steady)
      point += 1
      return point < loads.length ? 'point' : 'sweep'
    },
    /** Time left in the sweep, in ms. */
    leftMs: () => (loads.length - point) * step.dwellS * 1000 - elapsedMs,
    result: (endedAtMs: number): Omit<StoredSweep, 'id' | 'runId' | 'procedureId'> => ({
      ...{ startedAtMs, endedAtMs, points },
      maximumPowerPoint: maximumPowerPoint(points),
    }),
  }
}
