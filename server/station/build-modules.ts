import { alarmMigrations, createAlarmsModule } from '../alarms/module.js'
import { authMigrations } from '../auth/schema.js'
import { createAuthModule } from '../auth/module.js'
import type { EventBus } from '../event-bus.js'
import { createControlModule, createHardwareControl, createSimulationControl } from '../control/module.js'
import { createEventsModule } from '../events/module.js'
import type { ChannelMap } from '../instruments/channel-map.js'
import { createInstrumentsModule, instrumentMigrations } from '../instruments/module.js'
import { labMetricsCsvLines } from '../contract/lab-metrics.js'
import { cellGeometryMigrations, createCellGeometryModule } from '../cell-geometry/module.js'
import { createLabMetricsModule } from '../lab-metrics/module.js'
import { createHistoryReader } from '../recorder/history.js'
import { accessRequestRateLimit, authRateLimit } from '../http/middleware/rate-limits.js'
import { createProceduresModule, procedureMigrations } from '../procedures/module.js'
import { createPublishModule, publishMigrations } from '../publish/module.js'
import { createRecorderModule, recorderMigrations } from '../recorder/module.js'
import { createPoliciesModule } from '../policies/module.js'
import { openSecretStore } from '../secrets/open-secret-store.js'
import type { SimulationEngine } from '../sim/engine.js'
import { createSimulationModule } from '../simulation/module.js'
import { createDatabaseModule } from '../store/module.js'
import { createTlsModule } from '../tls/module.js'
import { createTwinModule, twinMigrations } from '../twin/module.js'
import type { OwnedResources, StationContext } from './context.js'
import { createSupervisor } from './supervisor.js'

/**
 * What every feature stands on, in order (docs/architecture.md "Composition root"): the secret store, the
 * database with each module's migrations, access control, the certificate, and the supervisor.
 */
export async function buildCore(context: StationContext, owned: OwnedResources, bus: EventBus) {
  const { config, deps, log, clock, print } = context
  const secrets = await openSecretStore({
    mode: config.security.secrets,
    dataDir: config.dataDir,
    log,
    ...(deps.security?.loadKeychain ? { loadKeychain: deps.security.loadKeychain } : {}),
  })
  const migrations = [
    ...authMigrations,
    ...recorderMigrations,
    ...alarmMigrations,
    ...publishMigrations,
    ...instrumentMigrations,
    ...twinMigrations,
    ...procedureMigrations,
    ...cellGeometryMigrations,
  ]
  const database = owned.add(
    createDatabaseModule({ dataDir: config.dataDir, migrations, config: config.database, clock, bus, log }),
  )
  const { db } = database
  // Access control may run on its own clock (tests move session time without moving the station's).
  const authClock = deps.security?.clock ?? clock
  const rateLimits = config.security.rateLimit
  const auth = owned.add(
    await createAuthModule({
      ...{ config, db, secrets, log, print, onSetupCode: deps.onSetupCode, ...deps.security, clock: authClock },
      ...{ bookkeeping: database.bookkeeping, writes: database.writes },
      limits: {
        signIn: authRateLimit(rateLimits, () => authClock.now()),
        accessRequests: accessRequestRateLimit(rateLimits, () => authClock.now()),
      },
    }),
  )
  const { guard } = auth
  const tls = owned.add(
    await createTlsModule({ dataDir: config.dataDir, config: config.tls, secrets, log, clock, bus, guard }),
  )
  const supervisor = owned.add({
    name: 'supervised services',
    ...createSupervisor({
      log,
      clock,
      onEvent: ({ service, action, message }) =>
        bus.publish('event', {
          type: 'event',
          wallTimeMs: clock.now(),
          event: { kind: 'service', service, status: action, message },
        }),
    }),
  })
  return { secrets, database, auth, authClock, tls, supervisor }
}

export type Core = Awaited<ReturnType<typeof buildCore>>

/**
 * The features that produce, keep and publish data: the run source (the simulation, or with `source:
 * "hardware"` the instruments' acquisition instead; docs/instruments.md "Source"), the instruments, the
 * recorder, the recent events, the alarms, publishing, the twin (docs/twin.md).
 */
export function buildFeatures(
  context: StationContext,
  core: Core,
  owned: OwnedResources,
  bus: EventBus,
  sources: { engine: SimulationEngine; channelMap: ChannelMap },
) {
  const { config, log, clock } = context
  const { guard } = core.auth
  const { supervise } = core.supervisor
  const db = core.database.db
  const simulation =
    config.source === 'simulation'
      ? owned.add(
          createSimulationModule({
            ...{ config: config.sim, engine: sources.engine, clock, bus, guard, supervise, audit: core.auth.audit },
          }),
        )
      : undefined
  const instruments = owned.add(
    createInstrumentsModule({
      ...{ config: config.instruments, map: sources.channelMap, source: config.source, db, secrets: core.secrets },
      ...{ bus, clock, log, guard, retentionDays: config.telemetry.retentionDays },
    }),
  )
  const run = simulation?.service
  const policies = run
    ? owned.add(
        createPoliciesModule({
          ...{ dataDir: config.dataDir, scenario: run.config, clock, guard, audit: core.auth.audit, log },
        }),
      )
    : undefined
  const latest = run?.latest ?? instruments.acquisition.latest
  const history = createHistoryReader(db)
  const cellGeometry = owned.add(createCellGeometryModule({ db, guard, clock, audit: core.auth.audit, runs: history }))
  const labMetrics = owned.add(
    createLabMetricsModule({
      ...{ guard, bus, source: config.source, history, geometryEdits: cellGeometry.editsOf },
      currentRunId: () => latest()?.runId,
      ...(run ? { model: () => ({ runId: run.status().runId, ...run.metrics() }) } : {}),
    }),
  )
  const recorder = owned.add(
    createRecorderModule({
      ...{ config: config.telemetry, db, log, clock, bus, guard, supervise, version: context.version },
      describeRun: () => {
        if (!run) return instruments.acquisition.describeRun()
        const { name, seed, controller, cells } = run.status()
        return { source: 'simulation' as const, name, seed, controller, cells, config: run.config() }
      },
      latest,
      labMetricsLines: (runId) => labMetricsCsvLines(labMetrics.metricsOf(runId)),
    }),
  )
  const events = owned.add(createEventsModule({ bus, guard }))
  const alarms = owned.add(
    createAlarmsModule({ config: config.alarms, db: core.database.db, clock, bus, guard, audit: core.auth.audit, log }),
  )
  const publish = owned.add(
    createPublishModule({
      ...{ config: config.publish, station: config.station, version: context.version, db: core.database.db },
      ...{ bus, clock, log, secrets: core.secrets, guard, supervise },
    }),
  )
  // Closed before the instruments: the safe state is written while their links are still open.
  const control = owned.add(createControl(context, core, { simulation, instruments, alarms }, bus))
  // After control, so it closes first: no procedure step is written while the safe state is.
  const procedures = owned.add(createProcedures(context, core, { simulation, control }, bus))
  // After procedures: a what-if runs saved procedures on the twin (it writes nothing to the stack).
  const twin = owned.add(
    createTwinModule({
      ...{ db, clock, bus, guard, audit: core.auth.audit, procedures: procedures.preview },
      ...{ alarms: alarms.book, history: recorder.history, ...(run ? { simulation: run } : {}) },
    }),
  )
  return {
    ...(simulation ? { simulation } : {}),
    ...(policies ? { policies } : {}),
    ...{ instruments, cellGeometry, labMetrics, recorder, events, alarms, publish, twin, control, procedures },
  }
}

/** Procedures (docs/control.md "Procedures") driving the stack through the control module's port. */
function createProcedures(
  context: StationContext,
  core: Core,
  built: Pick<Features, 'simulation' | 'control'>,
  bus: EventBus,
) {
  const { clock, log } = context
  return createProceduresModule({
    ...{ db: core.database.db, stack: built.control.stack, simulation: built.simulation?.service },
    ...{ bus, clock, log, guard: core.auth.guard, audit: core.auth.audit },
  })
}

/**
 * Control (docs/control.md) on the station's source, built last so it closes first: its safe state is
 * written while the instruments' links are still open.
 */
function createControl(
  context: StationContext,
  core: Core,
  built: Pick<Features, 'simulation' | 'instruments' | 'alarms'>,
  bus: EventBus,
) {
  const { config, clock, log } = context
  const audit = core.auth.audit
  const { instruments, alarms } = built
  const stack = built.simulation
    ? createSimulationControl({ simulation: built.simulation.service, config: config.control, audit })
    : createHardwareControl({
        ...{ actuation: instruments.actuation, controller: config.instruments.controller, config: config.control },
        ...{ substrateTargetMgL: config.instruments.substrateTargetMgL, latest: instruments.acquisition.latest },
        cells: config.instruments.cells.length,
        ...{ clock, audit, bus, log },
      })
  const at = () => ({ wallTimeMs: clock.now(), simTimeS: null })
  return createControlModule({
    ...{ config: config.control, stack, bus, clock, guard: core.auth.guard, audit, log },
    alarms: { raise: (alarm) => alarms.book.raise(alarm, at()), clear: (id) => alarms.book.clear(id, at()) },
  })
}

export type Features = {
  simulation?: ReturnType<typeof createSimulationModule>
  policies?: ReturnType<typeof createPoliciesModule>
  instruments: ReturnType<typeof createInstrumentsModule>
  recorder: ReturnType<typeof createRecorderModule>
  events: ReturnType<typeof createEventsModule>
  alarms: ReturnType<typeof createAlarmsModule>
  publish: ReturnType<typeof createPublishModule>
  twin: ReturnType<typeof createTwinModule>
  control: ReturnType<typeof createControlModule>
  procedures: ReturnType<typeof createProceduresModule>
}
