import { collectDefaultMetrics, Registry } from 'prom-client'
import type { ControlStatus } from '../contract/control.js'
import type { DeviceStatus } from '../contract/instruments.js'
import type { RecordingStatus } from '../contract/telemetry.js'
import type { StreamStats } from '../stream/hub.js'
import { registerGuardMetrics, type ConnectionCounts, type DatabaseCounts } from './guard-metrics.js'
import { createHttpObserver } from './http-metrics.js'
import { registerRecorderMetrics, registerStreamMetrics } from './pipeline-metrics.js'
import { registerServiceMetrics, type ServiceMetricsSources } from './service-metrics.js'
import { registerTelemetryMetrics, type TelemetryMetricsSources } from './telemetry-metrics.js'
import { fleetLabels, registerFleetMetrics, type FleetSources } from './fleet-metrics.js'
import { registerControlMetrics } from './control-metrics.js'
import { registerInstrumentMetrics } from './instrument-metrics.js'

/** Where the metrics come from; every value is read at scrape time, nothing is pushed. */
export type MetricsSources = TelemetryMetricsSources &
  ServiceMetricsSources & {
    /** Instrument links (docs/instruments.md "Prometheus"). */
    instruments?: () => readonly DeviceStatus[]
    /** Interlocks and actuators (docs/control.md "Prometheus"). */
    control?: () => ControlStatus
    stream: () => StreamStats
    recording: () => RecordingStatus
    connections: () => ConnectionCounts
    database: () => DatabaseCounts
  } & FleetSources

export type StationMetrics = ReturnType<typeof createStationMetrics>

/**
 * The station's Prometheus registry: per-cell and stack telemetry, controller quality, HTTP requests,
 * the stream's clients and drops, recording, certificate lifetime, supervised services, and Node's
 * process metrics (standard names, so stock dashboards work). Own registry, never the global one,
 * so two stations in one process (tests) do not collide.
 */
export function createStationMetrics(sources: MetricsSources) {
  const registry = new Registry()
  // station and site on every series, Node's too, so one Prometheus or a federation tells stations apart.
  registry.setDefaultLabels(fleetLabels(sources.identity))
  collectDefaultMetrics({ register: registry })
  // prom-client exports these gauges with a counter's `_total` suffix, which `promtool check metrics`
  // rejects; the same values remain as nodejs_active_handles / _requests / _resources.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
    registry.removeSingleMetric(name)

  registerTelemetryMetrics(registry, sources)
  if (sources.instruments) registerInstrumentMetrics(registry, sources.instruments)
  if (sources.control) registerControlMetrics(registry, sources.control)
  registerStreamMetrics(registry, sources)
  registerRecorderMetrics(registry, sources)
  registerServiceMetrics(registry, sources)
  registerGuardMetrics(registry, sources)
  registerFleetMetrics(registry, sources)

  const observeHttp = createHttpObserver(registry)

  return { registry, observeHttp }
}
