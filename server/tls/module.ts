import type { RequestListener } from 'node:http'
import type { Server } from 'node:https'
import type { AccessGuard } from '../auth/access-guard.js'
import type { ComponentHealth } from '../contract/health.js'
import type { TlsAlert, TlsStatus } from '../contract/tls.js'
import type { EventBus } from '../event-bus.js'
import type { RouteMount, StationModule } from '../module.js'
import type { ServerCertificate } from './certificate.js'
import { createHttpsServer, type ServerTiming } from './https-server.js'
import { createTlsRouter, tlsApi } from './routes.js'
import { mountOf } from '../auth/route-description.js'
import { createTlsManager, type TlsManagerDeps } from './tls-manager.js'

/** The served certificate as other modules may see it: never its key. */
export type ServedCertificate = Pick<ServerCertificate, 'fingerprint256' | 'certPem' | 'notAfter'>

/** What Prometheus scrapes about the certificate (epoch milliseconds; null: never renewed). */
export type CertificateMetrics = { notAfterMs: number; lastRenewalSuccessMs: number | null; renewalFailures: number }

/** The manager's deps (its test seams included) plus what the module wires itself: the bus and the guard. */
export type TlsModuleDeps = TlsManagerDeps & { bus: EventBus; guard: AccessGuard }

export type TlsModule = StationModule & {
  readonly routes: readonly RouteMount[]
  health(): readonly ComponentHealth[]
  close(): Promise<void>
  current(): ServedCertificate
  status(): TlsStatus
  /**
   * An HTTPS server serving the current certificate, into which every later one is hot-swapped. The
   * caller listens and closes it; the app may be given here or attached later as a 'request' listener.
   */
  createServer(app?: RequestListener, timing?: ServerTiming): Server
  certificateMetrics(): CertificateMetrics
}

/**
 * The station's certificate as a feature module (docs/architecture.md "TLS module"): the manager, its
 * routes under `/api/v1/tls`, its health component, and its alerts published on the bus as station events.
 */
export async function createTlsModule(deps: TlsModuleDeps): Promise<TlsModule> {
  const { bus, guard, clock } = deps
  const startedAt = clock.now()
  const manager = await createTlsManager(deps)
  // A critical alert (configured files that do not load, a failed reload) degrades health until the
  // served certificate changes; the ones raised while the manager started are found in its status.
  const critical = (alerts: readonly TlsAlert[]) =>
    alerts.find((alert) => alert.severity === 'critical' && Date.parse(alert.at) >= startedAt)?.message
  let unresolved = critical(manager.status().alerts)
  const stopChanges = manager.onChange(() => (unresolved = undefined))
  const stopCritical = manager.onAlert((alert) => (unresolved = critical([alert]) ?? unresolved))
  const stopAlerts = manager.onAlert((alert) =>
    bus.publish('event', {
      type: 'event',
      wallTimeMs: clock.now(),
      event: {
        kind: 'certificate',
        ...{ alert: alert.kind, severity: alert.severity, message: alert.message, daysLeft: alert.daysLeft },
      },
    }),
  )
  return {
    name: 'tls',
    routes: [mountOf(tlsApi, createTlsRouter({ tls: manager, guard }))],
    health() {
      const certificate = manager.health()
      const up = certificate.status === 'ok' && unresolved === undefined
      const uptimeSeconds = Math.round((clock.now() - startedAt) / 1000)
      const lastError = up ? null : (unresolved ?? certificate.detail)
      return [{ name: 'tls', state: 'up', up, uptimeSeconds, restarts: 0, lastError }]
    },
    current: () => {
      const { fingerprint256, certPem, notAfter } = manager.current()
      return { fingerprint256, certPem, notAfter }
    },
    status: manager.status,
    createServer(app, timing) {
      const server = createHttpsServer(manager.current(), app, timing)
      manager.attach(server)
      return server
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
      stopCritical()
      stopChanges()
      await manager.close()
    },
  }
}
