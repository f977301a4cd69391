import { join } from 'node:path'
import { authMigrations } from '../auth/schema.js'
import { createSecurityServices, type SecurityServicesDeps } from '../auth/security-services.js'
import { systemClock, type Clock } from '../clock.js'
import type { StationConfig } from '../config/schema.js'
import type { StationEvent } from '../contract/stream.js'
import { createEventBus, type EventBus } from '../event-bus.js'
import { createEventsModule } from '../events/module.js'
import { createHttpApp } from '../http/app.js'
import { listen } from '../http/listen.js'
import { createUpgradeChecks } from '../http/upgrade-checks.js'
import type { Logger } from '../logger.js'
import { createMetricsModule } from '../metrics/module.js'
import type { StationModule } from '../module.js'
import { builtRendererDir, packageVersion } from '../package-info.js'
import { createRecorderModule, recorderMigrations } from '../recorder/module.js'
import { openSecretStore, type OpenSecretStoreOptions } from '../secrets/open-secret-store.js'
import type { SimulationService } from '../simulation/service.js'
import { createSimulationModule, loadScenarioEngine } from '../simulation/module.js'
import { createDatabaseModule } from '../store/module.js'
import { createStreamModule } from '../stream/module.js'
import { createTlsModule } from '../tls/module.js'
import { lockDataDir, prepareDataDir } from './data-dir.js'
import { createStationHealth } from './health.js'
import { createOwnedResources } from './owned.js'
import { createSupervisor } from './supervisor.js'
import { closeServer, localUrlHost, streamOrigins } from './web-server.js'

export type StationDeps = {
  /** Created by the entry point (docs/architecture.md "Logging"). */
  log: Logger
  rendererDir?: string
  clock?: Clock
  /** Test seams of the access layer: clock/randomness, a cheaper password hasher, a fake keychain. */
  security?: Pick<SecurityServicesDeps, 'env' | 'hasher'> & Pick<OpenSecretStoreOptions, 'loadKeychain'>
  /** Lines the operator must see (setup code, secrets fallback warning); default stderr. */
  print?: (line: string) => void
}

export type RunningStation = {
  /** The HTTPS URL a local browser opens. */
  url: string
  port: number
  /** SHA-256 fingerprint of the served certificate, colon-separated hex. */
  fingerprint: string
  certificatePem: string
  version: string
  /** A session cookie for the desktop window's local operator (never offered to remote browsers). */
  localSession(): { name: string; value: string }
  /** Where the station keeps its data and its log files (the desktop menu opens them). */
  dataDir: string
  logsDir: string
  /** Station events (alarms, run state, controller, faults) for in-process listeners such as the tray. */
  onEvent(listener: (event: StationEvent) => void): () => void
  /** The run controls the desktop tray offers. */
  simulation: Pick<SimulationService, 'status' | 'start' | 'stop'>
  /** Stops every service in reverse order of start; safe to call twice. */
  close(): Promise<void>
}

/** Publishes a station event stamped with the station's clock. */
const emitter = (bus: EventBus, clock: Clock) => (event: StationEvent) =>
  bus.publish('event', { type: 'event', wallTimeMs: clock.now(), event })

/**
 * Composition root of the station core (docs/architecture.md "Composition root"): builds the modules in
 * order from config, mounts their routes on one HTTPS app, and closes everything in reverse.
 */
export async function startStation(config: StationConfig, deps: StationDeps): Promise<RunningStation> {
  const { log } = deps
  const print = deps.print ?? ((line: string) => process.stderr.write(`${line}\n`))
  const clock = deps.clock ?? systemClock
  // Operator input first: a bad scenario is refused before anything is created or changed.
  const engine = await loadScenarioEngine(config.sim, clock)
  for (const warning of (await prepareDataDir(config.dataDir)).warnings) {
    print(warning)
    log.warn(warning)
  }
  const version = packageVersion()
  const owned = createOwnedResources(log)
  const lock = await lockDataDir(config.dataDir)
  owned.add({ name: 'data dir lock', close: lock.release })
  try {
    const bus = createEventBus(log)
    const emit = emitter(bus, clock)
    const secrets = await openSecretStore({
      mode: config.security.secrets,
      dataDir: config.dataDir,
      log,
      ...(deps.security?.loadKeychain ? { loadKeychain: deps.security.loadKeychain } : {}),
    })
    const migrations = [...authMigrations, ...recorderMigrations]
    const database = owned.add(
      createDatabaseModule({ dataDir: config.dataDir, migrations, config: config.database, clock, bus, log }),
    )
    const { db } = database
    const security = owned.add({
      name: 'security',
      ...(await createSecurityServices({ config, db, secrets, log, print, ...deps.security })),
    })
    const { guard } = security.http
    const tls = owned.add(
      await createTlsModule({ dataDir: config.dataDir, config: config.tls, secrets, log, clock, bus, guard }),
    )
    const supervisor = owned.add({
      name: 'supervised services',
      ...createSupervisor({
        log,
        clock,
        onEvent: ({ service, action, message }) => emit({ kind: 'service', service, status: action, message }),
      }),
    })
    const { supervise } = supervisor
    const simulation = owned.add(createSimulationModule({ config: config.sim, engine, clock, bus, guard, supervise }))
    const run = simulation.service
    const recorder = owned.add(
      createRecorderModule({
        ...{ config: config.telemetry, db, log, clock, bus, guard, supervise },
        describeRun: () => {
          const { name, seed, controller, cells } = run.status()
          return { name, seed, controller, cells, config: run.config() }
        },
        latest: run.latest,
      }),
    )
    const events = owned.add(createEventsModule({ bus, guard }))
    const server = tls.createServer() // renewals and imports are hot-swapped into it
    owned.add({ name: 'https server', close: () => closeServer(server) })
    const allowedOrigins = streamOrigins(server, config.host, config.security.allowedHosts)
    const { auth } = security
    const checks = createUpgradeChecks({
      ...{ allowedHosts: security.http.allowedHosts, trustedProxy: security.http.trustedProxy },
      ...{ ipPermitted: auth.ipRules.permits, principalFromToken: auth.principalFromToken },
      principalFromCookie: auth.principalFromCookie,
    })
    const streamDeps = { config: config.telemetry.stream, log, version, bus, checks, allowedOrigins }
    const stream = owned.add(createStreamModule({ server, ...streamDeps, onRevoked: auth.onRevoked }))
    const metrics = owned.add(
      createMetricsModule({
        guard,
        sources: {
          ...{ latest: run.latest, simulation: run.status, runMetrics: run.metrics, stream: stream.stats },
          ...{ recording: recorder.recording, certificate: tls.certificateMetrics, services: supervisor.health },
          now: clock.now,
        },
      }),
    )
    const modules: StationModule[] = [database, tls, simulation, recorder, events, stream, metrics]
    const health = createStationHealth({
      version,
      clock,
      sources: [database, { health: supervisor.health }, tls, recorder],
    })
    const mounts = modules.flatMap((module) => module.routes ?? [])
    const app = createHttpApp({
      ...{ log, security: security.http, rendererDir: deps.rendererDir ?? builtRendererDir() },
      apiRouters: [...tls.routes, ...mounts.filter((mount) => mount.at !== 'root')],
      rootRouters: mounts.filter((mount) => mount.at === 'root'),
      ...{ observe: metrics.observeHttp, components: health.components, health: health.summary },
    })
    server.on('request', app)
    const port = await listen(server, config.port, config.host)
    const url = `https://${localUrlHost(config.host)}:${port}`
    log.info(`station ${version} listening on ${url} (data in ${config.dataDir})`)
    return {
      ...{ url, port, version, dataDir: config.dataDir, logsDir: join(config.dataDir, 'logs'), simulation: run },
      // Getters: the certificate changes under a running station (renewal, import).
      get fingerprint() {
        return tls.current().fingerprint256
      },
      get certificatePem() {
        return tls.current().certPem
      },
      localSession: () => auth.localSession(),
      onEvent: (listener) => bus.subscribe('event', 'in-process listener', (message) => listener(message.event)),
      close: owned.close,
    }
  } catch (error) {
    await owned.close()
    throw error
  }
}
