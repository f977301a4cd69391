import { mkdir } from 'node:fs/promises'
import type { Server } from 'node:https'
import type { StationConfig } from '../config/schema.js'
import { createHttpApp } from '../http/app.js'
import { createHttpsServer, listen } from '../http/https-server.js'
import { createLogger, type Logger } from '../log/logger.js'
import { createSingleCellSimulation } from '../sim/simulation.js'
import { createStreamHub } from '../stream/hub.js'
import { stationOrigins } from '../stream/origin.js'
import { ensureSelfSignedCertificate } from '../tls/self-signed.js'
import { builtRendererDir, packageVersion } from './package-info.js'
import { createSimulationService } from './simulation-service.js'

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

/** Composition root of the station core: builds every service from config and starts them in order. */
export async function startStation(config: StationConfig, deps: StationDeps = {}): Promise<RunningStation> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
  const log = deps.log ?? createLogger(config)
  const version = packageVersion()
  const startedAt = (deps.now ?? Date.now)()
  const stops: Array<{ name: string; stop: () => void | Promise<void> }> = []

  try {
    const certificate = await ensureSelfSignedCertificate(config.dataDir, log)
    const app = createHttpApp({
      log,
      rendererDir: deps.rendererDir ?? builtRendererDir(),
      health: () => ({ status: 'ok', version, uptimeSeconds: Math.round(((deps.now ?? Date.now)() - startedAt) / 1000) }),
    })
    const server = createHttpsServer(certificate, app)
    const port = await listen(server, config.port, config.host)
    stops.push({ name: 'https server', stop: () => closeServer(server) })

    const origins = stationOrigins(port, ['localhost', '127.0.0.1', '::1', config.host])
    const hub = createStreamHub({ server, log, serverVersion: version, allowedOrigins: () => origins })
    stops.push({ name: 'stream', stop: () => hub.close() })

    const simulation = createSimulationService({
      simulation: createSingleCellSimulation(),
      tickHz: config.sim.tickHz,
      speed: config.sim.speed,
      onFrame: (frame) => hub.broadcast(frame),
      ...(deps.now ? { now: deps.now } : {}),
    })
    simulation.start()
    stops.push({ name: 'simulation', stop: () => simulation.stop() })

    const url = `https://${localUrlHost(config.host)}:${port}`
    log.info(`station ${version} listening on ${url} (data in ${config.dataDir})`)
    let closing: Promise<void> | undefined
    return {
      url,
      port,
      fingerprint: certificate.fingerprint256,
      certificatePem: certificate.certPem,
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
