import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Server } from 'node:https'
import { ConfigError } from '../config/load.js'
import type { StationConfig } from '../config/schema.js'
import type { ComponentHealth } from '../contract/health.js'
import type { EventMessage, StationEvent, TelemetryFrame } from '../contract/stream.js'
import { RunConfigError } from '../sim/run-config.js'
import { createHttpApp } from '../http/app.js'
import { createHttpsServer, listen } from '../http/https-server.js'
import type { Logger } from '../logger.js'
import { createCompatRouters } from '../http/routes/compat.js'
import { createEventsRouter } from '../http/routes/events.js'
import { createSimulationRouter } from '../http/routes/simulation.js'
import { createSimulationEngine } from '../sim/engine.js'
import { createStreamHub } from '../stream/hub.js'
import { createSecurityServices, type SecurityServicesDeps } from '../auth/security-services.js'
import { authMigrations } from '../auth/schema.js'
import { createStreamAuthorizer } from '../http/middleware/stream-access.js'
import { clientIp } from '../http/middleware/client-ip.js'
import { openSecretStore, type OpenSecretStoreOptions } from '../secrets/open-secret-store.js'
import { openDatabase } from '../store/database.js'
import { telemetryMigrations } from '../store/telemetry-schema.js'
import { stationOrigins } from '../stream/origin.js'
import { createTlsRouter } from '../http/routes/tls.js'
import { createTlsManager } from '../tls/tls-manager.js'
import { builtRendererDir, packageVersion } from './package-info.js'
import { defaultScenarioPath, readScenario } from './scenario.js'
import { createSimulationService, type SimulationService } from './simulation-service.js'
import { createSupervisor } from './supervisor.js'
import { createTelemetryServices } from './telemetry-services.js'
import type { StreamHub, StreamLimits } from '../stream/hub.js'

export type StationDeps = {
  /** Created by the entry point (docs/architecture.md "Logging"). */
  log: Logger
  rendererDir?: string
  now?: () => number
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

/** Loopback spelled for a URL: a wildcard bind is reached locally through 127.0.0.1 / ::1. */
function localUrlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

function createEngineFromScenario(path: string, scenario: unknown, deps: Parameters<typeof createSimulationEngine>[1]) {
  try {
    return createSimulationEngine(scenario, deps)
  } catch (error) {
    if (error instanceof RunConfigError) throw new ConfigError(`sim.scenario ${path}: ${error.message}`)
    throw error
  }
}

function streamLimits(config: StationConfig): Partial<StreamLimits> {
  const stream = config.telemetry.stream
  return {
    maxConnectionsPerIp: stream.maxConnectionsPerIp,
    maxConnectionsPerKey: stream.maxConnectionsPerToken,
    maxQueueBytes: stream.maxQueueKb * 1024,
    slowGraceMs: stream.slowGraceSeconds * 1000,
    resumeFrames: stream.resumeFrames,
  }
}

/** How many events `GET /api/v1/events` keeps (a shift's worth at a normal alarm rate). */
const RECENT_EVENTS = 200

/** Composition root of the station core: builds every service from config and starts them in order. */
export async function startStation(config: StationConfig, deps: StationDeps): Promise<RunningStation> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
  const { log } = deps
  const version = packageVersion()
  const startedAt = (deps.now ?? Date.now)()
  const stops: Array<{ name: string; stop: () => void | Promise<void> }> = []

  try {
    // Operator input first: a bad scenario is refused before anything is created or changed.
    const scenarioPath = config.sim.scenario ?? defaultScenarioPath()
    const scenario = await readScenario(scenarioPath)
    const wallClock = () => performance.timeOrigin + performance.now()
    let hub: StreamHub | undefined
    let telemetry: ReturnType<typeof createTelemetryServices> | undefined
    const eventListeners = new Set<(event: StationEvent) => void>()
    // A page that opens late still sees what happened before it (alarms raised an hour ago).
    const recentEvents: EventMessage[] = []
    // Every frame and event goes to the stream and the recorder; events also to in-process listeners (the desktop tray).
    const publish = (message: TelemetryFrame | EventMessage) => {
      hub?.broadcast(message)
      telemetry?.record(message)
      if (message.type !== 'event') return
      recentEvents.push(message)
      if (recentEvents.length > RECENT_EVENTS) recentEvents.shift()
      for (const listener of eventListeners) listener(message.event)
    }
    const emit = (event: StationEvent) => publish({ type: 'event', wallTimeMs: wallClock(), event })
    const simulation = createSimulationService({
      engine: createEngineFromScenario(scenarioPath, scenario, {
        now: deps.now ?? wallClock,
        speed: config.sim.speed,
        outputHz: config.sim.tickHz,
      }),
      publish,
      now: wallClock,
    })
    const secrets = await openSecretStore({
      mode: config.security.secrets,
      dataDir: config.dataDir,
      log,
      ...(deps.security?.loadKeychain ? { loadKeychain: deps.security.loadKeychain } : {}),
    })
    const db = openDatabase(join(config.dataDir, 'station.db'), [...authMigrations, ...telemetryMigrations])
    stops.push({ name: 'database', stop: () => void db.close() })
    const security = await createSecurityServices({
      config,
      db,
      secrets,
      log,
      print: deps.print ?? ((line) => process.stderr.write(`${line}\n`)),
      ...deps.security,
    })
    stops.push({ name: 'security', stop: () => security.close() })
    // PFX password, key passphrase and ACME account key live in the same SecretStore (keychain or the accepted file).
    const tls = await createTlsManager({ dataDir: config.dataDir, config: config.tls, secrets, log })
    stops.push({ name: 'tls', stop: () => tls.close() })
    const stopTlsAlerts = tls.onAlert((alert) =>
      emit({
        kind: 'certificate',
        alert: alert.kind,
        severity: alert.severity,
        message: alert.message,
        daysLeft: alert.daysLeft,
      }),
    )
    stops.push({ name: 'certificate alerts', stop: stopTlsAlerts })
    // Stops run in reverse: after the stream and HTTPS server, before the database; inside, the simulation
    // timer first, then the recorder's last commit.
    const supervisor = createSupervisor({
      log,
      now: Date.now,
      onEvent: ({ service, action, message }) => emit({ kind: 'service', service, status: action, message }),
    })
    stops.push({ name: 'supervised services', stop: () => supervisor.close() })
    const services = createTelemetryServices({
      config,
      db,
      log,
      simulation,
      supervisor,
      guard: security.http.guard,
      streamStats: () => hub?.stats(),
      certificate: () => {
        const { renewal } = tls.status()
        return {
          notAfterMs: tls.current().notAfter.getTime(),
          lastRenewalSuccessMs: renewal.lastSuccessAt ? Date.parse(renewal.lastSuccessAt) : null,
          renewalFailures: renewal.consecutiveFailures,
        }
      },
      emit,
      now: Date.now,
    })
    telemetry = services

    const uptimeSeconds = () => Math.round(((deps.now ?? Date.now)() - startedAt) / 1000)
    const components = (): ComponentHealth[] => {
      const certificate = tls.health()
      const tlsUp = certificate.status === 'ok'
      return [
        ...supervisor.health(),
        {
          name: 'tls',
          state: 'up',
          up: tlsUp,
          uptimeSeconds: uptimeSeconds(),
          restarts: 0,
          lastError: tlsUp ? null : certificate.detail,
        },
      ]
    }
    const app = createHttpApp({
      log,
      security: security.http,
      rendererDir: deps.rendererDir ?? builtRendererDir(),
      apiRouters: [
        { path: '/simulation', router: createSimulationRouter({ simulation, guard: security.http.guard }) },
        { path: '/tls', router: createTlsRouter({ tls, guard: security.http.guard }) },
        { path: '/events', router: createEventsRouter({ recent: () => recentEvents, guard: security.http.guard }) },
        ...services.apiRouters,
      ],
      rootRouters: [...services.rootRouters, ...createCompatRouters({ simulation, guard: security.http.guard })],
      observe: services.observeHttp,
      components,
      // Degraded while any component is down, restarting or (the certificate) expiring or failing to renew.
      health: () => ({
        status: components().every((component) => component.up) ? 'ok' : 'degraded',
        version,
        uptimeSeconds: uptimeSeconds(),
      }),
    })
    const server = createHttpsServer(tls.current(), app)
    tls.attach(server) // renewals and imports are hot-swapped into it
    const port = await listen(server, config.port, config.host)
    stops.push({ name: 'https server', stop: () => closeServer(server) })

    // Browsers behind a reverse proxy open the stream from the proxy's public origin (security.allowedHosts, with its port if not 443).
    const origins = new Set([
      ...stationOrigins(port, ['localhost', '127.0.0.1', '::1', config.host]),
      ...config.security.allowedHosts.map((name) => `https://${name.toLowerCase()}`),
    ])
    const streamHub = createStreamHub({
      server,
      log,
      serverVersion: version,
      allowedOrigins: () => origins,
      limits: streamLimits(config),
      clientIp: (req) => clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], security.http.trustedProxy),
      authorize: createStreamAuthorizer({
        auth: security.auth,
        allowedHosts: security.http.allowedHosts,
        allowedOrigins: () => origins,
        trustedProxy: security.http.trustedProxy,
      }),
    })
    // Revoking a token or ending a session closes its open streams at once.
    const stopRevocations = security.auth.onRevoked((key) => streamHub.disconnect(key, 'credential revoked'))
    stops.push({ name: 'stream revocation', stop: stopRevocations })
    hub = streamHub
    stops.push({ name: 'stream', stop: () => streamHub.close() })

    // Supervised: a tick that throws stops the timer, which restarts with backoff.
    if (config.sim.autoStart) simulation.start()
    supervisor.supervise('simulation', (fail) => {
      simulation.startTimer(fail)
      return { close: () => simulation.close() }
    })

    const url = `https://${localUrlHost(config.host)}:${port}`
    log.info(`station ${version} listening on ${url} (data in ${config.dataDir})`)
    let closing: Promise<void> | undefined
    return {
      url,
      port,
      // Getters: the certificate changes under a running station (renewal, import).
      get fingerprint() {
        return tls.current().fingerprint256
      },
      get certificatePem() {
        return tls.current().certPem
      },
      version,
      localSession: () => security.auth.localSession(),
      dataDir: config.dataDir,
      logsDir: join(config.dataDir, 'logs'),
      onEvent(listener) {
        eventListeners.add(listener)
        return () => eventListeners.delete(listener)
      },
      simulation,
      close: () => (closing ??= stopAll(stops, log)),
    }
  } catch (error) {
    await stopAll(stops, log)
    throw error
  }
}

async function stopAll(stops: Array<{ name: string; stop: () => void | Promise<void> }>, log: Logger): Promise<void> {
  for (const { name, stop } of [...stops].reverse()) {
    try {
      await stop()
      log.debug(`stopped ${name}`)
    } catch (error) {
      log.error(`stopping ${name} failed`, error)
    }
  }
  if (stops.length > 0) log.info('station stopped')
}
