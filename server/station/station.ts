import { mkdir } from 'node:fs/promises'
import type { Server } from 'node:https'
import { ConfigError } from '../config/load.js'
import type { StationConfig } from '../config/schema.js'
import type { AccessGuard } from '../http/access-guard.js'
import { RunConfigError } from '../sim/config.js'
import { createHttpApp } from '../http/app.js'
import { createHttpsServer, listen } from '../http/https-server.js'
import { createLogger, type Logger } from '../log/logger.js'
import { createSimulationRouter } from '../http/routes/simulation.js'
import { createSimulationEngine } from '../sim/engine.js'
import { createStreamHub } from '../stream/hub.js'
import { stationOrigins } from '../stream/origin.js'
import { createTlsRouter } from '../http/routes/tls.js'
import { createMemorySecretStore } from '../secrets/secret-store.js'
import { createTlsManager } from '../tls/tls-manager.js'
import { builtRendererDir, packageVersion } from './package-info.js'
import { defaultScenarioPath, readScenario } from './scenario.js'
import { createSimulationService } from './simulation-service.js'
import type { StreamHub } from '../stream/hub.js'

export type StationDeps = {
  log?: Logger
  rendererDir?: string
  now?: () => number
}

export type RunningStation = {
  /** The HTTPS URL a local browser opens. */
  url: string
  port: number
  /** SHA-256 fingerprint of the served certificate, colon-separated hex. */
  fingerprint: string
  certificatePem: string
  version: string
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

/** Until sign-in lands, the station answers loopback only (default bind) and lets every request through. */
const localOnlyGuard: AccessGuard = { require: () => (_req, _res, next) => next() }

function createEngineFromScenario(path: string, scenario: unknown, deps: Parameters<typeof createSimulationEngine>[1]) {
  try {
    return createSimulationEngine(scenario, deps)
  } catch (error) {
    if (error instanceof RunConfigError) throw new ConfigError(`sim.scenario ${path}: ${error.message}`)
    throw error
  }
}

/** Composition root of the station core: builds every service from config and starts them in order. */
export async function startStation(config: StationConfig, deps: StationDeps = {}): Promise<RunningStation> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
  const log = deps.log ?? createLogger(config)
  const version = packageVersion()
  const startedAt = (deps.now ?? Date.now)()
  const stops: Array<{ name: string; stop: () => void | Promise<void> }> = []

  try {
    // The keychain-backed SecretStore arrives with the access work; until then the TLS secrets
    // (PFX password, key passphrase, ACME account key) are kept for the process's lifetime only.
    const tls = await createTlsManager({ dataDir: config.dataDir, config: config.tls, secrets: createMemorySecretStore(), log })
    stops.push({ name: 'tls', stop: () => tls.close() })
    const scenarioPath = config.sim.scenario ?? defaultScenarioPath()
    const scenario = await readScenario(scenarioPath)
    const wallClock = () => performance.timeOrigin + performance.now()
    let hub: StreamHub | undefined
    const simulation = createSimulationService({
      engine: createEngineFromScenario(scenarioPath, scenario, { now: deps.now ?? wallClock, speed: config.sim.speed, outputHz: config.sim.tickHz }),
      publish: (message) => hub?.broadcast(message),
      now: wallClock,
    })

    const app = createHttpApp({
      log,
      rendererDir: deps.rendererDir ?? builtRendererDir(),
      apiRouters: [
        { path: '/simulation', router: createSimulationRouter({ simulation, guard: localOnlyGuard }) },
        { path: '/tls', router: createTlsRouter({ tls, guard: localOnlyGuard }) },
      ],
      health: () => ({ status: 'ok', version, uptimeSeconds: Math.round(((deps.now ?? Date.now)() - startedAt) / 1000) }),
    })
    const server = createHttpsServer(tls.current(), app)
    tls.attach(server) // renewals and imports are hot-swapped into it
    const port = await listen(server, config.port, config.host)
    stops.push({ name: 'https server', stop: () => closeServer(server) })

    const origins = stationOrigins(port, ['localhost', '127.0.0.1', '::1', config.host])
    const streamHub = createStreamHub({ server, log, serverVersion: version, allowedOrigins: () => origins })
    hub = streamHub
    stops.push({ name: 'stream', stop: () => streamHub.close() })

    // The timer is stopped first on shutdown (stops run in reverse), so no frame races the closing stream.
    if (config.sim.autoStart) simulation.start()
    simulation.startTimer()
    stops.push({ name: 'simulation timer', stop: () => simulation.close() })

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
  log.info('station stopped')
}
