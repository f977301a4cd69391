import type { Router } from 'express'
import type { RunMetrics, SimulationStatus } from '../contract/simulation.js'
import { performanceSummarySchema, type PerformanceSummary } from '../contract/telemetry.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import type { StationMetrics, MetricsSources } from './station-metrics.js'

/** Without a simulation (a hardware run) the run is read from its newest frame and the model's quality figures are null. */
const noModelMetrics: RunMetrics = {
  powerStabilityPct: null,
  timeInBandPct: null,
  trackingEfficiencyPct: null,
  meanPowerW: null,
  energyJ: 0,
  coulombicEfficiencyPct: null,
  methaneMl: 0,
  evaluatedS: 0,
}

/** The reference API's performance summary, from the same sources as the Prometheus metrics. */
export function performanceSummary(
  sources: Pick<MetricsSources, 'simulation' | 'runMetrics' | 'latest' | 'stream' | 'recording' | 'now'>,
): PerformanceSummary {
  const latest = sources.latest()
  const status: Pick<SimulationStatus, 'runId' | 'state' | 'controller' | 'simTimeS'> = sources.simulation?.() ?? {
    runId: latest?.runId ?? '',
    state: latest?.state ?? 'idle',
    controller: latest?.controller ?? 'fixed',
    simTimeS: latest?.simTimeS ?? 0,
  }
  const metrics: RunMetrics = sources.runMetrics?.() ?? noModelMetrics
  return {
    timestamp: new Date(sources.now()).toISOString(),
    run_id: status.runId,
    state: status.state,
    controller: status.controller,
    simulation_time_s: status.simTimeS,
    power_stability: metrics.powerStabilityPct,
    substrate_in_band: metrics.timeInBandPct,
    tracking_efficiency: metrics.trackingEfficiencyPct,
    mean_power_w: metrics.meanPowerW,
    energy_j: metrics.energyJ,
    coulombic_efficiency: metrics.coulombicEfficiencyPct,
    stack_power_w: latest?.stack.powerW ?? null,
    stream_clients: sources.stream().clients,
    frames_recorded: sources.recording().framesWritten,
  }
}

export const metricsApi = describeRoutes({
  name: 'metrics',
  mount: '/metrics',
  at: 'root',
  tag: 'Metrics',
  endpoints: {
    exposition: {
      method: 'get',
      path: '/',
      summary: 'Prometheus metrics (text exposition format 0.0.4)',
      access: 'metrics:read',
      responses: { 200: { description: 'the metrics', contentType: 'text/plain' } },
    },
    performance: {
      method: 'get',
      path: '/performance',
      summary: "The reference API's performance summary (snake_case)",
      access: 'metrics:read',
      responses: { 200: performanceSummarySchema },
    },
  },
})

/** Mounted at `/metrics` (root, where Prometheus looks): the exposition and the reference's summary. */
export function createMetricsRouter(deps: {
  metrics: StationMetrics
  sources: MetricsSources
  guard: AccessGuard
}): Router {
  return describedRouter(metricsApi, deps.guard, {
    exposition: async (_req, res) => {
      const body = await deps.metrics.registry.metrics()
      res.set({ 'Content-Type': deps.metrics.registry.contentType, 'Cache-Control': 'no-store' }).send(body)
    },
    performance: (_req, res) => {
      res.set('Cache-Control', 'no-store').json(performanceSummary(deps.sources))
    },
  })
}
