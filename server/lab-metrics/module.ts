import type { AccessGuard } from '../auth/access-guard.js'
import { mountOf } from '../auth/route-description.js'
import type { LabMetrics } from '../contract/lab-metrics.js'
import type { TelemetrySource } from '../contract/stream.js'
import type { RunDetail } from '../contract/telemetry.js'
import type { EventBus } from '../event-bus.js'
import { AppError } from '../errors.js'
import type { StationModule } from '../module.js'
import { createOnlineResistance } from '../twin/analyses/online-resistance.js'
import { createCurrentRunAccumulator } from './accumulator.js'
import { computeLabMetrics, labMetricsOf, type ModelFigures } from './calculator.js'
import type { GeometryEdits } from './geometry.js'
import { recordedBefore, wholeRunHistory, type LabMetricsHistory } from './recorded.js'
import { createLabMetricsRouters, labMetricsApi, runLabMetricsApi } from './routes.js'

export type { LabMetricsHistory } from './recorded.js'

/** Finished runs whose figures are kept (a finished run does not change); the oldest kept goes first. */
const FINISHED_KEPT = 32

export type LabMetricsModuleDeps = {
  guard: AccessGuard
  /** The station's source: what a current run without recorded frames is. */
  source: TelemetrySource
  bus: EventBus
  history: LabMetricsHistory
  /** The run the source is producing now (its newest frame's), undefined before the first frame. */
  currentRunId: () => string | undefined
  /** The simulation's current run and its figures; absent on a hardware station. */
  model?: (() => { runId: string } & ModelFigures) | undefined
  /** A hardware run's edited cell sizes; a new object after each edit, so kept figures are computed again. */
  geometryEdits?: ((runId: string) => GeometryEdits | undefined) | undefined
}

export type LabMetricsModule = StationModule & {
  /** The lab metrics of a recorded run, by default the current (newest) one; for exports. */
  metricsOf(runId?: string): LabMetrics
}

const isNotFound = (error: unknown) => error instanceof AppError && error.code === 'not_found'

/**
 * Lab metrics (docs/lab-metrics.md): the figures MFC papers report, per stack and cell, of the current run
 * (accumulated from its frames as they arrive) or of any recorded run (from its history, kept once finished),
 * simulated or measured.
 */
export function createLabMetricsModule(deps: LabMetricsModuleDeps): LabMetricsModule {
  // Its own online R_int tracker (docs/twin.md "Online internal resistance"): the one estimate hardware has.
  const online = createOnlineResistance()
  const accumulator = createCurrentRunAccumulator({
    describe: (runId) => {
      // Not committed yet, or a failing database the recorder reports itself: follow from a later frame.
      try {
        return deps.history.run(runId)
      } catch {
        return undefined
      }
    },
    recordedBefore: (run, beforeS) => recordedBefore(deps.history, run, beforeS),
  })
  const release = deps.bus.subscribe('telemetry', 'lab metrics', (frame) => {
    online.observe(frame)
    accumulator.observe(frame)
  })
  const finished = new Map<string, { metrics: LabMetrics; edits: GeometryEdits | undefined }>()
  const modelOf = (run: Pick<RunDetail, 'runId'>) => {
    const model = deps.model?.()
    return model?.runId === run.runId ? model : undefined
  }
  const wholeRun = (runId: string, geometryEdits: GeometryEdits | undefined): LabMetrics => {
    const kept = finished.get(runId)
    if (kept && kept.edits === geometryEdits) return kept.metrics
    const run = deps.history.run(runId)
    const metrics = computeLabMetrics({
      ...{ run, history: wholeRunHistory(deps.history, run) },
      ...{ model: modelOf(run), online: online.estimates(), geometryEdits },
    })
    if (run.endedAt !== null) {
      finished.delete(runId)
      finished.set(runId, { metrics, edits: geometryEdits })
      if (finished.size > FINISHED_KEPT) finished.delete(finished.keys().next().value as string)
    }
    return metrics
  }
  const figures = (runId: string): LabMetrics => {
    const geometryEdits = deps.geometryEdits?.(runId)
    const live = accumulator.integralsOf(runId)
    if (!live) return wholeRun(runId, geometryEdits)
    return labMetricsOf({ ...live, model: modelOf(live.run), online: online.estimates(), geometryEdits })
  }
  const notRecordedYet = (runId: string): LabMetrics =>
    computeLabMetrics({
      run: { runId, source: deps.source, cells: 0, config: null },
      history: { runId, fromS: 0, toS: 0, bucketS: 0, source: 'raw', series: [] },
    })
  const metricsOf = (runId?: string): LabMetrics => {
    if (runId !== undefined) return figures(runId)
    const current = deps.currentRunId()
    try {
      return current === undefined ? notRecordedYet('') : figures(current)
    } catch (error) {
      // The current run before its first frame is committed: an answer without figures, not an error
      // (the panel asks every few seconds, and a failed fetch is a console error in the browser).
      if (isNotFound(error)) return notRecordedYet(current ?? '')
      throw error
    }
  }
  const routers = createLabMetricsRouters({ metricsOf, guard: deps.guard })
  return {
    name: 'lab metrics',
    metricsOf,
    routes: [mountOf(labMetricsApi, routers.current), mountOf(runLabMetricsApi, routers.run)],
    close: release,
  }
}
