import type { Server } from 'node:https'
import type { TelemetryConfig } from '../config/telemetry-schema.js'
import type { TelemetrySource } from '../contract/stream.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import type { StationModule } from '../module.js'
import { createStreamAuthorizer, type UpgradeChecks } from './access.js'
import { createStreamHub, type StreamHub, type StreamLimits } from './hub.js'

export type StreamModuleDeps = {
  /** The station's HTTPS server: the hub answers its upgrade requests on STREAM_PATHS. */
  server: Server
  config: TelemetryConfig['stream']
  log: Logger
  version: string
  /** Announced in every `hello`. */
  source: TelemetrySource
  bus: EventBus
  checks: UpgradeChecks
  allowedOrigins: () => ReadonlySet<string>
  /** Told "session:<id>" / "token:<id>" when a credential is revoked. */
  onRevoked: (listener: (principalKey: string) => void) => () => void
}

export type StreamModule = StationModule & { stats: StreamHub['stats'] }

function streamLimits(config: TelemetryConfig['stream']): Partial<StreamLimits> {
  return {
    maxConnectionsPerIp: config.maxConnectionsPerIp,
    maxConnectionsPerKey: config.maxConnectionsPerToken,
    maxQueueBytes: config.maxQueueKb * 1024,
    slowGraceMs: config.slowGraceSeconds * 1000,
    resumeFrames: config.resumeFrames,
  }
}

/**
 * The WSS telemetry stream (docs/stream-protocol.md): every frame and event on the bus goes to the
 * subscribed clients; revoking a token or ending a session closes its open streams at once.
 */
export function createStreamModule(deps: StreamModuleDeps): StreamModule {
  const hub = createStreamHub({
    server: deps.server,
    log: deps.log,
    serverVersion: deps.version,
    source: deps.source,
    allowedOrigins: deps.allowedOrigins,
    limits: streamLimits(deps.config),
    clientIp: deps.checks.clientIp,
    heartbeatMs: deps.config.heartbeatSeconds * 1000,
    authorize: createStreamAuthorizer(deps.checks, deps.allowedOrigins),
  })
  const releases = [
    deps.bus.subscribe('telemetry', 'stream', (frame) => hub.broadcast(frame)),
    deps.bus.subscribe('event', 'stream', (event) => hub.broadcast(event)),
    deps.onRevoked((key) => hub.disconnect(key, 'credential revoked')),
  ]
  return {
    name: 'stream',
    stats: hub.stats,
    async close() {
      for (const release of releases) release()
      await hub.close()
    },
  }
}
