import { Counter, type Registry } from 'prom-client'
import { gauge } from './collectors.js'

export type ServiceMetricsSources = {
  /** The served certificate: expiry, last successful renewal (epoch ms, null if never), failures in a row. */
  certificate: () => { notAfterMs: number; lastRenewalSuccessMs: number | null; renewalFailures: number }
  services: () => ReadonlyArray<{ name: string; up: boolean; restarts: number }>
  now: () => number
}

/** The served certificate's lifetime and renewals, and the supervised services' state and restarts. */
export function registerServiceMetrics(registry: Registry, sources: ServiceMetricsSources): void {
  // Prometheus base unit: seconds (dashboards divide by 86400 to show days left).
  gauge(registry, 'mfc_tls_certificate_remaining_seconds', 'Seconds until the served certificate expires', [], (g) =>
    g.set((sources.certificate().notAfterMs - sources.now()) / 1000),
  )
  // 0 until the first renewal, the usual Prometheus convention for "never".
  gauge(
    registry,
    'mfc_tls_last_renewal_success_timestamp_seconds',
    'When the certificate was last renewed successfully (Unix time, 0 = never)',
    [],
    (g) => g.set((sources.certificate().lastRenewalSuccessMs ?? 0) / 1000),
  )
  gauge(
    registry,
    'mfc_tls_renewal_consecutive_failures',
    'Certificate renewal attempts that failed in a row',
    [],
    (g) => g.set(sources.certificate().renewalFailures),
  )
  gauge(registry, 'mfc_service_up', 'Supervised service is running (1) or failed/restarting (0)', ['service'], (g) => {
    for (const service of sources.services()) g.set({ service: service.name }, service.up ? 1 : 0)
  })
  new Counter({
    name: 'mfc_service_restarts_total',
    help: 'Restarts of a supervised service after it failed',
    labelNames: ['service'],
    registers: [registry],
    collect() {
      this.reset()
      for (const service of sources.services()) this.inc({ service: service.name }, service.restarts)
    },
  })
}
