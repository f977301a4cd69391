import type { AccessGuard } from '../auth/access-guard.js'
import type { Clock } from '../clock.js'
import { mountOf } from '../auth/route-description.js'
import type { LabMetrics } from '../contract/lab-metrics.js'
import type { TelemetrySource } from '../contract/stream.js'
import type { HistoryQuery, HistoryResponse, RunDetail } from '../contract/telemetry.js'
import type { EventBus } from '../event-bus.js'
import { AppError } from '../errors.js'
import type { StationModule } from '../module.js'
import { createOnlineResistance } from '../twin/analyses/online-resistance.js'
import { computeLabMetrics, labMetricChannels, labMetricPoints, type ModelFigures } from './calculator.js'
import type { GeometryEdits } from './geometry.js'
import { createLabMetricsRouters, labMetricsApi, runLabMetricsApi } from './routes.js'

/**
 * Figures of one run are computed at most this often (ms), however many panels ask, and at most a tenth
 * of the time: a pilot stack's computation reads many rows (docs/benchmarks.md "Lab metrics").
 */
const REUSE_MS = 2000
const MAX_DUTY = 0.1

/** The recorded runs, read-only (the recorder's history port). */
export type LabMetricsHistory = {
  history(query: HistoryQuery): HistoryResponse
  run(runId: string): RunDetail
}

export type LabMetricsModuleDeps = {
  guard: AccessGuard
  clock: Pick<Clock, 'now'>
  /** The station's source: what a current run without recorded frames is. */
  source: TelemetrySource
  bus: EventBus
  history: LabMetricsHistory
  /** The run the source is producing now (its newest frame's), undefined before the first frame. */
  currentRunId: () => string | undefined
  /** The simulation's current run and its figures; absent on a hardware station. */
  model?: (() => { runId: string } & ModelFigures) | undefined
  /** A hardware run's edited cell sizes; a new object after each edit, so reused figures are recomputed. */
  geometryEdits?: ((runId: string) => GeometryEdits | undefined) | undefined
}

export type LabMetricsModule = StationModule & {
  /** The lab metrics of a recorded run, by default the current (newest) one; for exports. */
  metricsOf(runId?: string): LabMetrics
}

/**
 * Lab metrics (docs/lab-metrics.md): the figures MFC papers report, per stack and cell, computed from
 * the recorded frames of the current or any recorded run, simulated or measured.
 */
export function createLabMetricsModule(deps: LabMetricsModuleDeps): LabMetricsModule {
  // Its own online R_int tracker (docs/twin.md "Online internal resistance"): the one estimate hardware has.
  const online = createOnlineResistance()
  const release = deps.bus.subscribe('telemetry', 'lab metrics', (frame) => online.observe(frame))
  let reused: { runId: string; untilMs: number; metrics: LabMetrics; edits: GeometryEdits | undefined } | undefined
  const metricsOf = (runId?: string): LabMetrics => {
    if (runId !== undefined) return reusedOrComputed(runId)
    const current = deps.currentRunId()
    try {
      return current === undefined ? notRecordedYet('') : reusedOrComputed(current)
    } catch (error) {
      // The current run before its first frame is committed: an answer without figures, not an error
      // (the panel asks every few seconds, and a failed fetch is a console error in the browser).
      if (error instanceof AppError && error.code === 'not_found') return notRecordedYet(current ?? '')
      throw error
    }
  }
  const notRecordedYet = (runId: string): LabMetrics =>
    computeLabMetrics({
      run: { runId, source: deps.source, cells: 0, config: null },
      history: { runId, fromS: 0, toS: 0, bucketS: 0, source: 'raw', series: [] },
    })
  const reusedOrComputed = (wanted: string): LabMetrics => {
    const started = deps.clock.now()
    const edits = deps.geometryEdits?.(wanted)
    if (reused?.runId === wanted && started < reused.untilMs && reused.edits === edits) return reused.metrics
    const metrics = compute(wanted, edits)
    const took = deps.clock.now() - started
    reused = { runId: wanted, untilMs: started + Math.max(REUSE_MS, took / MAX_DUTY), metrics, edits }
    return metrics
  }
  const compute = (runId: string, geometryEdits: GeometryEdits | undefined): LabMetrics => {
    const history = deps.history.history({
      runId,
      channels: labMetricChannels,
      points: labMetricPoints,
    })
    const run = deps.history.run(history.runId)
    const model = deps.model?.()
    return computeLabMetrics({
      run,
      history,
      model: model?.runId === run.runId ? model : undefined,
      online: online.estimates(),
      geometryEdits,
    })
  }
  const routers = createLabMetricsRouters({ metricsOf, guard: deps.guard })
  return {
    name: 'lab metrics',
    metricsOf,
    routes: [mountOf(labMetricsApi, routers.current), mountOf(runLabMetricsApi, routers.run)],
    close: release,
  }
}
