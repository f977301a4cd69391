import type { AccessGuard } from '../auth/access-guard.js'
import type { Clock } from '../clock.js'
import type { TelemetryConfig } from '../config/telemetry-schema.js'
import type { TelemetryFrame } from '../contract/stream.js'
import type { RecordingStatus } from '../contract/telemetry.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import type { StationModule, Supervise } from '../module.js'
import type { Db } from '../store/database.js'
import { createExportRouter, exportApi } from './export-routes.js'
import { createExportSlots } from './export-slots.js'
import { createHistoryReader } from './history.js'
import { createTelemetryRecorder, type RunDescription, type TelemetryRecorder } from './recorder.js'
import { createRetention } from './retention.js'
import { createRunEventStore } from './run-events.js'
import { createRunsRouter, runsApi } from './runs-routes.js'
import { compatDataApi, createLatestAliasRouter, createTelemetryRouter, telemetryApi } from './telemetry-routes.js'
import { mountOf } from '../auth/route-description.js'

export { telemetryMigrations as recorderMigrations } from './schema.js'

export type RecorderModuleDeps = {
  config: TelemetryConfig
  db: Db
  log: Logger
  clock: Clock
  bus: EventBus
  guard: AccessGuard
  supervise: Supervise
  /** The current run's metadata, stored when its first frame arrives. */
  describeRun: () => RunDescription
  /** The station's version, in the run CSV's metadata. */
  version: string
  /** The newest frame of the running source, for `GET /api/v1/telemetry/latest`. */
  latest: () => TelemetryFrame | undefined
  /** A run's lab metrics as `#` lines for the run CSV (docs/lab-metrics.md). */
  labMetricsLines?: ((runId: string) => readonly string[]) | undefined
}

export type RecorderModule = StationModule & {
  recording(): RecordingStatus
  /** The recorded runs' history, read-only: for modules that analyse recorded runs (the twin's replay). */
  history: Pick<ReturnType<typeof createHistoryReader>, 'history' | 'run'>
}

/**
 * Recording (docs/operations.md "Recording and retention"): every frame and run-state event on the bus is queued and
 * committed in batches; retention prunes raw frames; history, runs and CSV export are served from the
 * same database. Both the recorder and retention run supervised: disk trouble becomes a `service` event
 * (an alarm in the UI) while the live stream goes on.
 */
export function createRecorderModule(deps: RecorderModuleDeps): RecorderModule {
  const { config, db, log, clock, guard } = deps
  const history = createHistoryReader(db)
  const runEvents = createRunEventStore(db)
  let recorder: TelemetryRecorder | undefined
  let lastStatus: RecordingStatus = {
    state: 'recording',
    framesWritten: 0,
    batchesWritten: 0,
    pendingFrames: 0,
    framesLost: 0,
    lastError: null,
    retentionDays: config.retentionDays,
  }
  const reportState = (status: RecordingStatus) => {
    const failing = status.state === 'failing'
    const message = failing ? `telemetry is not being recorded: ${status.lastError}` : 'recording again'
    deps.bus.publish('event', {
      type: 'event',
      wallTimeMs: clock.now(),
      event: { kind: 'service', service: 'recorder', status: failing ? 'failing' : 'recovered', message },
    })
  }
  const recording = deps.supervise('recorder', () => {
    const instance = createTelemetryRecorder({
      db,
      log,
      clock,
      batchMs: config.batchMs,
      retentionDays: config.retentionDays,
      describeRun: deps.describeRun,
      onStateChange: reportState,
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
  // A failed pruning pass (a locked or broken database) is reported and retried after the backoff.
  const retention = deps.supervise('retention', (fail) =>
    createRetention({ db, log, rawDays: config.retentionDays, clock, onError: fail }),
  )
  const releases = [
    deps.bus.subscribe('telemetry', 'recorder', (frame) => recorder?.record(frame)),
    deps.bus.subscribe('event', 'recorder', (event) => recorder?.record(event)),
  ]
  const status = () => recorder?.status() ?? lastStatus
  const exportSlots = createExportSlots({ perCaller: config.maxExportsPerCaller, total: config.maxExports })
  const startedAt = clock.now()
  return {
    name: 'recorder',
    recording: status,
    history,
    // The supervised service can be up while its writes fail (a full disk): health says so.
    health: () => {
      const { state, lastError } = status()
      const up = state !== 'failing'
      const uptimeSeconds = Math.round((clock.now() - startedAt) / 1000)
      return [{ name: 'recording', state: 'up', up, uptimeSeconds, restarts: 0, lastError: up ? null : lastError }]
    },
    routes: [
      mountOf(telemetryApi, createTelemetryRouter({ history, latest: deps.latest, recording: status, guard })),
      mountOf(runsApi, createRunsRouter({ history, events: runEvents, guard })),
      mountOf(exportApi, createExportRouter({ ...deps, history, events: runEvents, slots: exportSlots })),
      mountOf(compatDataApi, createLatestAliasRouter({ latest: deps.latest, guard })),
    ],
    async close() {
      for (const release of releases) release()
      await retention.close()
      await recording.close()
    },
  }
}
