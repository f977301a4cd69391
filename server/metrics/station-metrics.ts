import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client'
import type { RequestHandler } from 'express'
import type { RunMetrics, SimulationStatus } from '../contract/simulation.js'
import type { ControlStatus } from '../contract/control.js'
import type { DeviceStatus } from '../contract/instruments.js'
import type { TelemetryFrame, TelemetrySource } from '../contract/stream.js'
import type { RecordingStatus } from '../contract/telemetry.js'
import type { StreamStats } from '../stream/hub.js'
import { registerGuardMetrics, type ConnectionCounts, type DatabaseCounts } from './guard-metrics.js'
import { gauge, mirroredCounter } from './collectors.js'
import { fleetLabels, registerFleetMetrics, type FleetSources } from './fleet-metrics.js'
import { registerControlMetrics } from './control-metrics.js'
import { registerInstrumentMetrics } from './instrument-metrics.js'

/** Where the metrics come from; every value is read at scrape time, nothing is pushed. */
export type MetricsSources = {
  latest: () => TelemetryFrame | undefined
  /** The telemetry source; the simulation's status and run metrics exist only when it is the simulation. */
  source: TelemetrySource
  simulation?: () => SimulationStatus
  runMetrics?: () => RunMetrics
  /** Instrument links (docs/instruments.md "Prometheus"). */
  instruments?: () => readonly DeviceStatus[]
  /** Interlocks and actuators (docs/control.md "Prometheus"). */
  control?: () => ControlStatus
  stream: () => StreamStats
  recording: () => RecordingStatus
  /** The served certificate: expiry, last successful renewal (epoch ms, null if never), failures in a row. */
  certificate: () => { notAfterMs: number; lastRenewalSuccessMs: number | null; renewalFailures: number }
  services: () => ReadonlyArray<{ name: string; up: boolean; restarts: number }>
  now: () => number
  connections: () => ConnectionCounts
  database: () => DatabaseCounts
} & FleetSources

export type StationMetrics = ReturnType<typeof createStationMetrics>

/** A request no route handled: the UI's static files, an unknown path, or a refusal by the middleware chain (Host, IP, rate limit, body checks). */
function unroutedLabel(status: number): string {
  if (status === 404) return 'unmatched'
  return status < 400 ? 'static' : 'refused'
}

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

  const stack = sources.identity?.stack ?? 'stack1'
  const cellGauges: Array<[string, string, keyof TelemetryFrame['cells'][number]]> = [
    ['mfc_cell_voltage_volts', 'Cell voltage', 'voltageV'],
    ['mfc_cell_current_amperes', 'Cell current', 'currentA'],
    ['mfc_cell_power_watts', 'Cell power (negative when the cell is reversed)', 'powerW'],
    ['mfc_cell_substrate_mg_per_liter', 'Anode substrate concentration', 'substrateMgL'],
    ['mfc_cell_anode_loss_volts', 'Anode concentration and mediator losses', 'anodeLossV'],
  ]
  for (const [name, help, key] of cellGauges) {
    // A value the source does not have is no sample, never a zero.
    gauge(registry, name, help, ['stack', 'cell'], (g) =>
      sources.latest()?.cells.forEach((cell, index) => {
        const value = cell[key]
        if (typeof value === 'number') g.set({ stack, cell: String(index) }, value)
      }),
    )
  }
  const stackGauges: Array<[string, string, (frame: TelemetryFrame) => number | undefined]> = [
    ['mfc_stack_power_watts', 'Stack power', (f) => f.stack.powerW],
    ['mfc_stack_voltage_volts', 'Stack voltage', (f) => f.stack.voltageV],
    ['mfc_stack_current_amperes', 'Stack current', (f) => f.stack.currentA],
    ['mfc_stack_load_ohms', 'External load resistance', (f) => f.stack.loadOhm],
    ['mfc_simulation_time_seconds', 'Simulated time of the current run', (f) => f.simTimeS],
    ['mfc_simulation_frame_sequence', 'Sequence number of the latest frame', (f) => f.seq],
  ]
  for (const [name, help, read] of stackGauges) {
    gauge(registry, name, help, ['stack'], (g) => {
      const frame = sources.latest()
      const value = frame === undefined ? undefined : read(frame)
      if (value !== undefined) g.set({ stack }, value)
    })
  }
  gauge(
    registry,
    'mfc_simulation_running',
    'The run is producing simulated time (1) or not (0)',
    ['state', 'controller'],
    (g) => {
      const status = sources.simulation?.()
      if (status) g.set({ state: status.state, controller: status.controller }, status.state === 'running' ? 1 : 0)
    },
  )
  const controllerGauges: Array<[string, string, keyof RunMetrics]> = [
    [
      'mfc_controller_power_stability_percent',
      'Power stability of the run (100 - coefficient of variation)',
      'powerStabilityPct',
    ],
    [
      'mfc_controller_substrate_in_band_percent',
      'Share of time the substrate stayed within its target band',
      'timeInBandPct',
    ],
    [
      'mfc_controller_tracking_efficiency_percent',
      'Power relative to the maximum power point',
      'trackingEfficiencyPct',
    ],
    ['mfc_run_energy_joules', 'Energy harvested in the run', 'energyJ'],
  ]
  for (const [name, help, key] of controllerGauges) {
    gauge(registry, name, help, [], (g) => {
      const value = sources.runMetrics?.()[key]
      if (typeof value === 'number') g.set(value)
    })
  }

  gauge(registry, 'mfc_telemetry_source', 'Where the runs come from (the labelled source is 1)', ['source'], (g) =>
    g.set({ source: sources.source }, 1),
  )
  if (sources.instruments) registerInstrumentMetrics(registry, sources.instruments)
  if (sources.control) registerControlMetrics(registry, sources.control)

  gauge(registry, 'mfc_stream_clients', 'Open WSS stream connections', [], (g) => g.set(sources.stream().clients))
  gauge(registry, 'mfc_stream_queued_bytes', 'Bytes waiting in per-client stream queues', [], (g) =>
    g.set(sources.stream().queuedBytes),
  )
  mirroredCounter(
    registry,
    'mfc_stream_frames_broadcast_total',
    'Telemetry frames published to the stream',
    () => sources.stream().framesBroadcast,
  )
  mirroredCounter(
    registry,
    'mfc_stream_frames_dropped_total',
    'Frames conflated away for slow clients',
    () => sources.stream().framesDropped,
  )
  mirroredCounter(
    registry,
    'mfc_stream_slow_disconnects_total',
    'Clients disconnected for not reading: frames dropped past the grace period, or no ping answered while sent data',
    () => sources.stream().slowDisconnects,
  )
  mirroredCounter(
    registry,
    'mfc_stream_dead_peer_disconnects_total',
    'Clients that were sent nothing and answered no ping for a heartbeat interval',
    () => sources.stream().deadPeerDisconnects,
  )
  mirroredCounter(
    registry,
    'mfc_stream_refused_connections_total',
    'Stream connections refused by per-address or per-credential limits',
    () => sources.stream().refusedConnections,
  )

  mirroredCounter(
    registry,
    'mfc_recorder_frames_written_total',
    'Telemetry frames committed to the database',
    () => sources.recording().framesWritten,
  )
  mirroredCounter(
    registry,
    'mfc_recorder_frames_lost_total',
    'Frames dropped because the database refused writes for too long',
    () => sources.recording().framesLost,
  )
  gauge(registry, 'mfc_recorder_pending_frames', 'Frames waiting for the next commit', [], (g) =>
    g.set(sources.recording().pendingFrames),
  )
  gauge(registry, 'mfc_recorder_failing', 'Recording fails (disk full, read-only data dir): 1', [], (g) =>
    g.set(sources.recording().state === 'failing' ? 1 : 0),
  )

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

  registerGuardMetrics(registry, sources)
  registerFleetMetrics(registry, sources)

  const requests = new Counter({
    name: 'mfc_http_requests_total',
    help: 'HTTP requests by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'mfc_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })

  /**
   * First in the chain: times every request. The label is the matched route's template
   * (`/api/v1/runs/:runId`), never the raw path, so label cardinality stays bounded.
   */
  const observeHttp: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint()
    res.once('finish', () => {
      // express types req.route as any; a matched route always has its template in `path`.
      const template = (req.route as { path?: string } | undefined)?.path
      const route =
        template === undefined
          ? unroutedLabel(res.statusCode)
          : `${req.baseUrl}${template === '/' ? '' : template}` || '/'
      const labels = { route, method: req.method, status: String(res.statusCode) }
      requests.inc(labels)
      latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9)
    })
    next()
  }

  return { registry, observeHttp }
}
