import type { Router } from 'express'
import type { StationConfig } from '../config/schema.js'
import type { EventMessage, StationEvent, TelemetryFrame } from '../contract/stream.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { createExportRouter } from '../http/routes/export.js'
import { createRunsRouter } from '../http/routes/runs.js'
import { createTelemetryRouter } from '../http/routes/telemetry.js'
import type { Logger } from '../logger.js'
import { createMetricsRouter } from '../metrics/metrics-router.js'
import { createStationMetrics, type MetricsSources } from '../metrics/station-metrics.js'
import { createHistoryReader } from '../recorder/history.js'
import { createTelemetryRecorder, type TelemetryRecorder } from '../recorder/recorder.js'
import { createRetention } from '../recorder/retention.js'
import type { Db } from '../store/database.js'
import type { StreamStats } from '../stream/hub.js'
import type { SimulationService } from './simulation-service.js'
import type { Supervisor } from './supervisor.js'

export type TelemetryServicesDeps = {
  config: StationConfig
  db: Db
  log: Logger
  simulation: SimulationService
  supervisor: Supervisor
  guard: AccessGuard
  /** Undefined until the stream hub exists. */
  streamStats: () => StreamStats | undefined
  certificate: MetricsSources['certificate']
  /** Publishes a station event on the stream. */
  emit: (event: StationEvent) => void
  now: () => number
}

const noStream: StreamStats = {
  clients: 0,
  framesBroadcast: 0,
  framesDropped: 0,
  slowDisconnects: 0,
  refusedConnections: 0,
  queuedBytes: 0,
}

/**
 * Recording, retention, history/export routes and Prometheus metrics, built from the station's
 * database and simulation. The recorder runs under the supervisor; its disk trouble becomes a
 * `service` event (an alarm in the UI) while the live stream goes on.
 */
export function createTelemetryServices(deps: TelemetryServicesDeps) {
  const { config, db, log, simulation, guard } = deps
  const history = createHistoryReader(db)
  let recorder: TelemetryRecorder | undefined
  let lastStatus = {
    state: 'recording',
    framesWritten: 0,
    batchesWritten: 0,
    pendingFrames: 0,
    framesLost: 0,
    lastError: null,
    retentionDays: config.telemetry.retentionDays,
  } as ReturnType<TelemetryRecorder['status']>

  deps.supervisor.supervise('recorder', () => {
    const instance = createTelemetryRecorder({
      db,
      log,
      now: deps.now,
      batchMs: config.telemetry.batchMs,
      retentionDays: config.telemetry.retentionDays,
      describeRun: () => {
        const status = simulation.status()
        return {
          name: status.name,
          seed: status.seed,
          controller: status.controller,
          cells: status.cells,
          config: simulation.config(),
        }
      },
      onStateChange: (status) =>
        deps.emit({
          kind: 'service',
          service: 'recorder',
          status: status.state === 'failing' ? 'failing' : 'recovered',
          message:
            status.state === 'failing' ? `telemetry is not being recorded: ${status.lastError}` : 'recording again',
        }),
    })
    recorder = instance
    return {
      close() {
        instance.close()
        lastStatus = instance.status()
        if (recorder === instance) recorder = undefined
      },
    }
  })
  const recording = () => recorder?.status() ?? lastStatus
  // A failed pruning pass (a locked or broken database) is reported and retried after the backoff.
  deps.supervisor.supervise('retention', (fail) =>
    createRetention({ db, log, rawDays: config.telemetry.retentionDays, now: deps.now, onError: fail }),
  )

  const sources: MetricsSources = {
    latest: simulation.latest,
    simulation: simulation.status,
    runMetrics: simulation.metrics,
    stream: () => deps.streamStats() ?? noStream,
    recording,
    certificate: deps.certificate,
    services: deps.supervisor.health,
    now: deps.now,
  }
  const metrics = createStationMetrics(sources)

  return {
    /** Every published frame and event passes here on its way to the stream. */
    record(message: TelemetryFrame | EventMessage): void {
      recorder?.record(message)
    },
    recording,
    observeHttp: metrics.observeHttp,
    apiRouters: [
      { path: '/telemetry', router: createTelemetryRouter({ history, latest: simulation.latest, recording, guard }) },
      { path: '/runs', router: createRunsRouter({ history, guard }) },
      { path: '/runs', router: createExportRouter({ db, history, guard, log }) },
    ] satisfies Array<{ path: string; router: Router }>,
    rootRouters: [{ path: '/metrics', router: createMetricsRouter({ metrics, sources, guard }) }] satisfies Array<{
      path: string
      router: Router
    }>,
  }
}
