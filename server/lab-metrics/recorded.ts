import type { HistoryQuery, HistoryResponse, RunDetail } from '../contract/telemetry.js'
import type { RecordedIntegrals } from './accumulator.js'
import { labMetricChannelsOf, labMetricPoints } from './calculator.js'
import { runGeometry } from './geometry.js'
import { emptyRunIntegrals, integralsOfHistory, seriesLookup } from './integrals.js'

/*
 * Reading a run's recorded history for its lab metrics (docs/lab-metrics.md "How they are kept current"):
 * only the channels the run's figures need, at the coarsest resolution that keeps them within the stated
 * tolerance.
 */

/** The recorded runs, read-only (the recorder's history port). */
export type LabMetricsHistory = {
  history(query: HistoryQuery): HistoryResponse
  run(runId: string): RunDetail
}

/**
 * A catch-up reads the part of the current run before the first frame seen live in buckets of 1 s, at most
 * 1000 per series and 50,000 per channel over all cells (a pilot stack's one read stays about as long as one
 * whole-run computation): for a few cells up to 5000 s that is the raw frames (exactly as live for frames at
 * up to 1 Hz), beyond it the rollups (docs/lab-metrics.md "How they are kept current").
 */
const CATCH_UP_BUCKET_S = 1
const CATCH_UP_MAX_POINTS = 1000
const CATCH_UP_POINTS_PER_CHANNEL = 50_000

/** The run's recorded integrals before `beforeS`, for a catch-up. */
export function recordedBefore(history: LabMetricsHistory, run: RunDetail, beforeS: number): RecordedIntegrals {
  if (beforeS <= 0) return { integrals: emptyRunIntegrals(run.cells), basis: 'raw' }
  const points = Math.min(
    Math.ceil(beforeS / CATCH_UP_BUCKET_S),
    CATCH_UP_MAX_POINTS,
    Math.ceil(CATCH_UP_POINTS_PER_CHANNEL / Math.max(run.cells, 1)),
  )
  const read = history.history({
    runId: run.runId,
    channels: labMetricChannelsOf(run.source),
    from: 0,
    to: beforeS,
    points,
  })
  return {
    integrals: integralsOfHistory(seriesLookup(read, beforeS), run.cells, runGeometry(run).feed),
    basis: read.source,
  }
}

/** A finished run's history for its whole-run figures (its channels, `labMetricPoints` per series). */
export const wholeRunHistory = (history: LabMetricsHistory, run: RunDetail): HistoryResponse =>
  history.history({ runId: run.runId, channels: labMetricChannelsOf(run.source), points: labMetricPoints })
