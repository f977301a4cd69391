import type { RequestHandler } from 'express'
import type { AccessGuard } from '../auth/access-guard.js'
import type { StationModule } from '../module.js'
import { mountOf } from '../auth/route-description.js'
import { createMetricsRouter, metricsApi } from './routes.js'
import { createStationMetrics, type MetricsSources } from './station-metrics.js'

export type MetricsModule = StationModule & {
  /** First in the HTTP chain: times every request under its route template. */
  observeHttp: RequestHandler
}

/**
 * Prometheus exposition at `/metrics` (the root, where Prometheus looks; docs/operations.md "Prometheus and Grafana"):
 * every value is read from its source at scrape time.
 */
export function createMetricsModule(deps: { sources: MetricsSources; guard: AccessGuard }): MetricsModule {
  const metrics = createStationMetrics(deps.sources)
  return {
    name: 'metrics',
    observeHttp: metrics.observeHttp,
    routes: [mountOf(metricsApi, createMetricsRouter({ metrics, ...deps }))],
  }
}
