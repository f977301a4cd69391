import type { TelemetryFrame } from '../contract/stream.js'
import type { HistoryResponse, RunDetail } from '../contract/telemetry.js'
import { runGeometry, type FeedModel } from './geometry.js'
import { addFrame, emptyRunIntegrals, joinRunIntegrals, type RunIntegrals } from './integrals.js'

/** Integrals over a run's recorded history and what they were taken over. */
export type RecordedIntegrals = { integrals: RunIntegrals; basis: HistoryResponse['source'] }

export type CurrentRunAccumulatorDeps = {
  /** The recorded run (its cells and configuration); undefined while the recorder has not committed it. */
  describe(runId: string): RunDetail | undefined
  /** The run's recorded integrals before `beforeS` (the frames this accumulator did not see). */
  recordedBefore(run: RunDetail, beforeS: number): RecordedIntegrals
}

type Tracked = {
  run: RunDetail
  feed: FeedModel | null
  /** Simulated time of the first frame added here: what came before is read from the history, once. */
  firstS: number
  live: RunIntegrals
  recorded?: RecordedIntegrals
}

/**
 * The current run's integrals, kept up to date frame by frame from the bus (docs/lab-metrics.md "How they
 * are kept current"): the history is read once, for the part of the run before the first frame seen here
 * (a run that began before the station or this module started), then never again for the run.
 */
export function createCurrentRunAccumulator(deps: CurrentRunAccumulatorDeps) {
  let tracked: Tracked | undefined
  return {
    observe(frame: TelemetryFrame): void {
      if (tracked?.run.runId !== frame.runId) {
        // A new run (or a reset): start over once the recorder knows the run's configuration.
        const run = deps.describe(frame.runId)
        tracked = run && {
          ...{ run, feed: runGeometry(run).feed, firstS: frame.simTimeS },
          live: emptyRunIntegrals(run.cells),
        }
        if (!tracked) return
      }
      addFrame(tracked.live, tracked.feed, frame)
    },
    /** The run's integrals so far, or undefined when it is not the run being followed. */
    integralsOf(runId: string): (RecordedIntegrals & { run: RunDetail }) | undefined {
      if (tracked?.run.runId !== runId) return undefined
      tracked.recorded ??= deps.recordedBefore(tracked.run, tracked.firstS)
      const { recorded, live, run } = tracked
      return { run, integrals: joinRunIntegrals(recorded.integrals, live), basis: recorded.basis }
    },
  }
}

export type CurrentRunAccumulator = ReturnType<typeof createCurrentRunAccumulator>
