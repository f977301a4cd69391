import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createStationMetrics } from './station-metrics.js'

type Dashboard = { panels: Array<{ type: string; targets?: Array<{ expr: string }> }> }

describe('Grafana dashboard', () => {
  it('queries only metrics the station exports', async () => {
    const dashboard = JSON.parse(
      readFileSync(new URL('../../resources/grafana/mfc-station-dashboard.json', import.meta.url), 'utf8'),
    ) as Dashboard
    const metrics = createStationMetrics({
      latest: () => undefined,
      simulation: () => ({
        runId: 'r',
        state: 'running',
        name: 'n',
        seed: 1,
        simTimeS: 0,
        durationS: 1,
        speed: 1,
        outputHz: 10,
        cells: 1,
        controller: 'fixed',
        activeFaults: [],
        restartRequired: false,
      }),
      runMetrics: () => ({
        powerStabilityPct: null,
        timeInBandPct: null,
        trackingEfficiencyPct: null,
        meanPowerW: null,
        energyJ: 0,
        coulombicEfficiencyPct: null,
        methaneMl: 0,
        evaluatedS: 0,
      }),
      stream: () => ({
        clients: 0,
        framesBroadcast: 0,
        framesDropped: 0,
        slowDisconnects: 0,
        deadPeerDisconnects: 0,
        refusedConnections: 0,
        queuedBytes: 0,
      }),
      recording: () => ({
        state: 'recording',
        framesWritten: 0,
        batchesWritten: 0,
        pendingFrames: 0,
        framesLost: 0,
        lastError: null,
        retentionDays: 30,
      }),
      certificate: () => ({ notAfterMs: 0, lastRenewalSuccessMs: null, renewalFailures: 0 }),
      services: () => [],
      now: () => 0,
      connections: () => ({
        open: 0,
        maxConnections: 1,
        refused: { perAddress: 0, capacity: 0 },
        closed: { handshakeTimeout: 0, idleTimeout: 0, headersTimeout: 0, bodyTimeout: 0 },
      }),
      database: () => ({ pending: 0, dropped: 0, written: 0, writeFailures: 0, acceptingWrites: true }),
    })
    const exported = new Set(
      (await metrics.registry.getMetricsAsJSON()).flatMap((metric) =>
        String(metric.type) === 'histogram'
          ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`]
          : [metric.name],
      ),
    )
    const queried = dashboard.panels
      .flatMap((panel) => panel.targets ?? [])
      .flatMap((target) => target.expr.match(/\b(mfc|process|nodejs)_[a-z0-9_]+/g) ?? [])
    expect(queried.length).toBeGreaterThan(20)
    expect(queried.filter((name) => !exported.has(name))).toEqual([])
  })
})
