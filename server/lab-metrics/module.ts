import type { AccessGuard } from '../auth/access-guard.js'
import { mountOf } from '../auth/route-description.js'
import type { LabMetrics } from '../contract/lab-metrics.js'
import type { HistoryQuery, HistoryResponse, RunDetail } from '../contract/telemetry.js'
import type { EventBus } from '../event-bus.js'
import { AppError } from '../errors.js'
import type { StationModule } from '../module.js'
import { createOnlineResistance } from '../twin/analyses/online-resistance.js'
import { computeLabMetrics, labMetricChannels, type ModelFigures } from './calculator.js'
import { createLabMetricsRouters, labMetricsApi, runLabMetricsApi } from './routes.js'

/** At most this many points per series: fine enough for the integrals, bounded for a long run. */
const HISTORY_POINTS = 2000

/** The recorded runs, read-only (the recorder's history port). */
export type LabMetricsHistory = {
  history(query: HistoryQuery): HistoryResponse
  run(runId: string): RunDetail
}

export type LabMetricsModuleDeps = {
  guard: AccessGuard
  bus: EventBus
  history: LabMetricsHistory
  /** The run the source is producing now (its newest frame's), undefined before the first frame. */
  currentRunId: () => string | undefined
  /** The simulation's current run and its figures; absent on a hardware station. */
  model?: (() => { runId: string } & ModelFigures) | undefined
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
  const metricsOf = (runId?: string): LabMetrics => {
    const current = deps.currentRunId()
    if (runId === undefined && current === undefined)
      throw new AppError('not_found', 'the current run has produced no frame yet')
    const history = deps.history.history({
      runId: runId ?? current,
      channels: labMetricChannels,
      points: HISTORY_POINTS,
    })
    const run = deps.history.run(history.runId)
    const model = deps.model?.()
    return computeLabMetrics({
      run,
      history,
      model: model?.runId === run.runId ? model : undefined,
      online: online.estimates(),
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
