import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { BrokerStatus } from '../contract/publish.js'
import type { TelemetryFrame } from '../contract/stream.js'
import { createStationMetrics, type MetricsSources } from './station-metrics.js'

type Target = { expr: string }
type Dashboard = {
  panels: Array<{ type: string; title: string; targets?: Target[] }>
  templating: { list: Array<{ name: string; query?: { query: string } | string }> }
}

const dashboard = JSON.parse(
  readFileSync(new URL('../../resources/grafana/mfc-station-dashboard.json', import.meta.url), 'utf8'),
) as Dashboard

const frame: TelemetryFrame = {
  ...{
    type: 'telemetry',
    source: 'simulation',
    runId: 'r',
    seq: 1,
    simTimeS: 1,
    wallTimeMs: 0,
    state: 'running',
    controller: 'fixed',
  },
  cells: [
    { voltageV: 0.5, currentA: 0.001, powerW: 0.0005, substrateMgL: 100, anodeLossV: 0.1, internalOhm: 50, alarms: [] },
  ],
  stack: {
    voltageV: 0.5,
    currentA: 0.001,
    powerW: 0.0005,
    loadConnected: true,
    loadOhm: 50,
    feedLPerDay: 1,
    temperatureK: 298,
  },
}
const broker = { name: 'mqtt', state: 'connected', queued: 0, queuedBytes: 0, sent: 0, dropped: 0, connects: 1 }

/** Every metric of a station with a frame, a site and a broker, by name, with the labels its series carry. */
async function exportedLabels(): Promise<Map<string, Set<string>>> {
  const sources: MetricsSources = {
    source: 'simulation',
    latest: () => frame,
    simulation: () => ({
      ...{ runId: 'r', state: 'running', name: 'n', seed: 1, simTimeS: 0, durationS: 1, speed: 1, outputHz: 10 },
      ...{ cells: 1, controller: 'fixed', activeFaults: [], restartRequired: false },
    }),
    runMetrics: () => ({
      ...{ powerStabilityPct: 1, timeInBandPct: 1, trackingEfficiencyPct: 1, meanPowerW: 1, energyJ: 0 },
      ...{ coulombicEfficiencyPct: 1, methaneMl: 0, evaluatedS: 0 },
    }),
    stream: () => ({
      ...{ clients: 0, framesBroadcast: 0, framesDropped: 0, slowDisconnects: 0, refusedConnections: 0 },
      ...{ deadPeerDisconnects: 0, queuedBytes: 0 },
    }),
    recording: () => ({
      ...{ state: 'recording', framesWritten: 0, batchesWritten: 0, pendingFrames: 0, framesLost: 0 },
      ...{ lastError: null, retentionDays: 30 },
    }),
    certificate: () => ({ notAfterMs: 0, lastRenewalSuccessMs: null, renewalFailures: 0 }),
    services: () => [{ name: 'simulation', up: true, restarts: 0 }],
    now: () => 0,
    identity: { name: 'station-1', site: 'site-a', stack: 'stack1' },
    publish: () => ({ brokers: [broker as BrokerStatus] }),
    connections: () => ({
      ...{ open: 0, maxConnections: 1, refused: { perAddress: 0, capacity: 0 } },
      closed: { handshakeTimeout: 0, idleTimeout: 0, headersTimeout: 0, bodyTimeout: 0 },
    }),
    database: () => ({ pending: 0, dropped: 0, written: 0, writeFailures: 0, acceptingWrites: true }),
  }
  const metrics = createStationMetrics(sources)
  // Prometheus adds these to every scraped series.
  const added = ['instance', 'job']
  const labels = new Map<string, Set<string>>()
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    // A metric without a sample yet (no HTTP request so far) still declares its label names.
    const declared = (metrics.registry.getSingleMetric(metric.name) as { labelNames?: string[] }).labelNames ?? []
    const names = new Set([
      ...added,
      'station',
      'site',
      ...declared,
      ...metric.values.flatMap((v) => Object.keys(v.labels)),
    ])
    const series =
      String(metric.type) === 'histogram'
        ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`]
        : [metric.name]
    for (const name of series) labels.set(name, names)
  }
  return labels
}

const targets = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel, ...target })))
const metricNames = (expr: string) => expr.match(/\b(mfc|process|nodejs)_[a-z0-9_]+/g) ?? []

describe('Grafana fleet dashboard', () => {
  it('queries only metrics the station exports', async () => {
    const exported = await exportedLabels()
    const queried = targets.flatMap((target) => metricNames(target.expr))
    expect(queried.length).toBeGreaterThan(20)
    expect(queried.filter((name) => !exported.has(name))).toEqual([])
  })

  it('filters and groups only by labels the queried metrics carry', async () => {
    const exported = await exportedLabels()
    const problems: string[] = []
    for (const { panel, expr } of targets) {
      const used = [
        ...[...expr.matchAll(/\{([^}]*)\}/g)].flatMap((match) =>
          (match[1] ?? '').split(',').map((matcher) => matcher.split(/[=!~]/)[0]!.trim()),
        ),
        ...[...expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap((match) =>
          (match[1] ?? '').split(',').map((label) => label.trim()),
        ),
      ].filter((label) => label !== '' && label !== 'le')
      for (const metric of metricNames(expr))
        for (const label of used)
          if (!exported.get(metric)?.has(label)) problems.push(`${panel.title}: ${metric} has no label "${label}"`)
    }
    expect(problems).toEqual([])
  })

  it('selects by site and station in every query, and has a fleet overview', () => {
    expect(dashboard.templating.list.map((variable) => variable.name)).toEqual(['datasource', 'site', 'station'])
    expect(targets.filter((target) => !/site=~"\$site",station=~"\$station"/.test(target.expr))).toEqual([])
    const titles = dashboard.panels.map((panel) => panel.title)
    for (const title of [
      'Fleet overview',
      'Stacks by power',
      'Cells in alarm',
      'Certificate days left',
      'Recorder health',
    ])
      expect(titles).toContain(title)
  })
})
