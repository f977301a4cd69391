import type { Clock } from '../clock.js'
import type { StationConfig } from '../config/schema.js'
import type { ComponentHealth } from '../contract/health.js'
import type { StationEvent } from '../contract/stream.js'
import { createTlsRouter } from '../http/routes/tls.js'
import type { AccessGuard } from '../auth/access-guard.js'
import type { Logger } from '../logger.js'
import type { RouteMount } from '../module.js'
import type { SecretStore } from '../secrets/secret-store.js'
import { createTlsManager, type TlsManager } from '../tls/tls-manager.js'

/** The certificate manager with its alerts on the bus, its health component and its routes. */
export async function tlsModule(deps: {
  config: StationConfig
  secrets: SecretStore
  log: Logger
  clock: Clock
  guard: AccessGuard
  emit: (event: StationEvent) => void
}) {
  const startedAt = deps.clock.now()
  const manager: TlsManager = await createTlsManager({
    dataDir: deps.config.dataDir,
    config: deps.config.tls,
    secrets: deps.secrets,
    log: deps.log,
  })
  const stopAlerts = manager.onAlert((alert) =>
    deps.emit({
      kind: 'certificate',
      ...{ alert: alert.kind, severity: alert.severity, message: alert.message, daysLeft: alert.daysLeft },
    }),
  )
  return {
    name: 'tls',
    manager,
    routes: [{ path: '/tls', router: createTlsRouter({ tls: manager, guard: deps.guard }) }] satisfies RouteMount[],
    health(): ComponentHealth[] {
      const certificate = manager.health()
      const up = certificate.status === 'ok'
      const uptimeSeconds = Math.round((deps.clock.now() - startedAt) / 1000)
      return [{ name: 'tls', state: 'up', up, uptimeSeconds, restarts: 0, lastError: up ? null : certificate.detail }]
    },
    certificateMetrics() {
      const { renewal } = manager.status()
      return {
        notAfterMs: manager.current().notAfter.getTime(),
        lastRenewalSuccessMs: renewal.lastSuccessAt ? Date.parse(renewal.lastSuccessAt) : null,
        renewalFailures: renewal.consecutiveFailures,
      }
    },
    async close() {
      stopAlerts()
      await manager.close()
    },
  }
}
