import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { labMetricsCsvLine, labMetricsSchema, type LabMetrics } from '../../server/contract/lab-metrics.js'
import { simulationStatusSchema, type RunMetrics } from '../../server/contract/simulation.js'
import { performanceSummarySchema, recordingStatusSchema } from '../../server/contract/telemetry.js'
import { nominalCellParameters } from '../../server/sim/parameters.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

let station: TestStation
beforeAll(async () => {
  station = await startTestStation({ sim: { speed: 600, tickHz: 20 }, telemetry: { batchMs: 100 } })
})
afterAll(async () => {
  await station?.dispose()
})

const get = async (path: string) => JSON.parse((await httpsRequest(station, path)).body) as unknown
const post = (path: string) => httpsRequest(station, path, { method: 'POST' })

/**
 * Waits (bounded) until the recorder has committed at least `frames` frames and, once the run is paused
 * (`drained`), has none pending: while a run streams at 20 Hz some frames always wait for the next batch.
 */
const recorded = (frames: number, drained: boolean) =>
  vi.waitFor(
    async () => {
      const status = recordingStatusSchema.parse(await get('/api/v1/telemetry/recording'))
      if (status.framesWritten < frames || (drained && status.pendingFrames > 0))
        throw new Error(`${status.framesWritten} frames`)
      return status
    },
    { timeout: 10_000, interval: 100 },
  )

describe('lab metrics of a running simulation', () => {
  let metrics: LabMetrics
  beforeAll(async () => {
    await recorded(60, false)
    expect((await post('/api/v1/simulation/pause')).status).toBe(200)
    const paused = simulationStatusSchema.parse(await get('/api/v1/simulation'))
    await recorded(60, true)
    metrics = labMetricsSchema.parse(await get('/api/v1/telemetry/metrics'))
    expect(metrics.runId).toBe(paused.runId)
  })

  it('agrees with /metrics/performance and the model where they overlap', async () => {
    const performance = performanceSummarySchema.parse(await get('/metrics/performance'))
    const model = (await get('/api/v1/simulation/metrics')) as RunMetrics
    const stack = metrics.stack.values
    expect(metrics.source).toBe('simulation')
    expect(metrics.cells).toHaveLength(5)
    // The model integrates from t = 0 at every step, the frames from the first frame: within a frame or two.
    expect(stack.energyJ.value).toBeGreaterThan(0)
    expect(Math.abs(stack.energyJ.value! - performance.energy_j) / performance.energy_j).toBeLessThan(0.05)
    expect(stack.energyWh.value).toBeCloseTo(stack.energyJ.value! / 3600, 12)
    expect(stack.trackingEfficiencyPct.value).toBe(performance.tracking_efficiency)
    expect(stack.methaneMl.value).toBe(model.methaneMl)
    expect(stack.coulombicEfficiencyPct.value).toBeGreaterThan(0)
    expect(stack.codRemovalPct.value).toBeGreaterThan(0)
    expect(stack.codRemovalPct.value).toBeLessThanOrEqual(100)
  })

  it('gives power densities as mean power over the anode area and volume of the default cells', () => {
    const { anodeAreaCm2, anodeVolumeL } = nominalCellParameters
    const rows = [{ row: metrics.stack, cells: 5 }, ...metrics.cells.map((row) => ({ row, cells: 1 }))]
    for (const { row, cells } of rows) {
      // A reversed cell (the default stack has one) absorbs power: its mean is negative, never zero.
      const mean = row.values.meanPowerW.value!
      expect(mean).not.toBe(0)
      expect(row.values.powerDensityAreaWPerM2.value).toBeCloseTo(mean / (cells * anodeAreaCm2 * 1e-4), 9)
      expect(row.values.powerDensityVolumeWPerM3.value).toBeCloseTo(mean / (cells * anodeVolumeL * 1e-3), 9)
      expect(row.values.internalResistanceOhm.value ?? row.values.internalResistanceOhm.reason).toBeTruthy()
    }
    expect(metrics.cells[0]!.values.internalResistanceOhm.value).toBeGreaterThan(0)
  })

  it('serves the same for the recorded run, in its CSV header, and refuses the unknown and the anonymous', async () => {
    const again = labMetricsSchema.parse(await get(`/api/v1/runs/${metrics.runId}/metrics`))
    expect(again).toEqual(metrics)
    const csv = (await httpsRequest(station, `/api/v1/runs/${metrics.runId}/telemetry.csv`)).body.split('\n')
    const headerAt = csv.findIndex((line) => !line.startsWith('#'))
    const meta = csv.slice(0, headerAt)
    expect(meta).toContain(labMetricsCsvLine(metrics.stack))
    expect(meta).toContain(labMetricsCsvLine(metrics.cells[4]!))
    expect(meta.find((line) => line.startsWith('# lab metrics stack:'))).toMatch(/power_density_area_W_per_m2=\d/)
    expect((await httpsRequest(station, '/api/v1/runs/no-such-run/metrics')).status).toBe(404)
    expect((await httpsRequest(station, '/api/v1/telemetry/metrics', { anonymous: true })).status).toBe(401)
  })
})

describe('lab metrics of the current run while it runs', () => {
  it('follow every frame: two answers a few frames apart differ (no reuse window of 2 s as before)', async () => {
    expect((await post('/api/v1/simulation/resume')).status).toBe(200)
    const first = labMetricsSchema.parse(await get('/api/v1/telemetry/metrics'))
    // At 600x and 20 Hz a frame is 30 simulated seconds: an answer well within 2 s covers more of the run.
    await vi.waitFor(
      async () => {
        const next = labMetricsSchema.parse(await get('/api/v1/telemetry/metrics'))
        expect(next.runId).toBe(first.runId)
        expect(next.coveredS).toBeGreaterThan(first.coveredS)
        expect(next.stack.values.energyJ.value).not.toBe(first.stack.values.energyJ.value)
      },
      { timeout: 1_500, interval: 100 },
    )
    expect((await post('/api/v1/simulation/pause')).status).toBe(200)
  })
})
