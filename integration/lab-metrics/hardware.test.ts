import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { labMetricsSchema } from '../../server/contract/lab-metrics.js'
import { recordingStatusSchema } from '../../server/contract/telemetry.js'
import { httpsRequest, type TestStation } from '../../server/testing/station-fixture.js'
import { pushedCellRig, pushSamples, startHardwareStation } from '../instruments/harness.js'

/*
 * A hardware run's lab metrics from its recorded frames: a cell measured over HTTP push (0.5 V across
 * 500 ohm, 0.5 mW) with its anode area configured and its volume not.
 */
let station: TestStation
beforeAll(async () => {
  station = await startHardwareStation(pushedCellRig)
})
afterAll(() => station?.dispose())

const get = async (path: string) => JSON.parse((await httpsRequest(station, path)).body) as unknown

describe('lab metrics of a hardware run', () => {
  it('gives power and its density per anode area from the frames; what needs COD or the model is null with why', async () => {
    const pushed = await pushSamples(station, 'rig', { v1: 0.5 })
    expect(pushed.status).toBe(200)
    const metrics = await vi.waitFor(
      async () => {
        const status = recordingStatusSchema.parse(await get('/api/v1/telemetry/recording'))
        const found = labMetricsSchema.parse(await get('/api/v1/telemetry/metrics'))
        if (status.framesWritten < 10 || found.cells[0]!.values.meanPowerW.value === null) throw new Error('recording')
        return found
      },
      { timeout: 10_000, interval: 200 },
    )
    expect(metrics.source).toBe('hardware')
    const cell = metrics.cells[0]!.values
    // Frames before the push carry no voltage: the mean is over the frames with power, up to 0.5 mW.
    expect(cell.meanPowerW.value).toBeGreaterThan(0)
    expect(cell.meanPowerW.value).toBeLessThanOrEqual(0.5 ** 2 / 500 + 1e-12)
    expect(cell.powerDensityAreaWPerM2.value).toBeCloseTo(cell.meanPowerW.value! / 10e-4, 9)
    expect(cell.powerDensityVolumeWPerM3).toEqual({
      value: null,
      reason: 'the instruments.cells entry of cell 1 has no anodeVolumeL',
    })
    expect(cell.coulombicEfficiencyPct.reason).toMatch(/influent COD/)
    expect(metrics.stack.values.trackingEfficiencyPct.reason).toMatch(/hardware run has none/)
    expect(metrics.stack.values.methaneMl.reason).toMatch(/hardware run has none/)
  })
})
