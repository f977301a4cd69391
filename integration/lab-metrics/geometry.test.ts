import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runCellGeometrySchema } from '../../server/contract/cell-geometry.js'
import { labMetricsSchema } from '../../server/contract/lab-metrics.js'
import { httpsRequest, type TestStation } from '../../server/testing/station-fixture.js'
import { pushedCellRig, pushSamples, startHardwareStation } from '../instruments/harness.js'

/*
 * Editing a running hardware run's cell geometry (docs/lab-metrics.md "Editing cell geometry"): a cell
 * measured over HTTP push (0.5 V across 500 ohm) with 10 cm² configured and no volume; after the edit the
 * lab metrics divide by the edited values at once, and the recorded frames are the same.
 */
let station: TestStation
beforeAll(async () => {
  station = await startHardwareStation(pushedCellRig)
})
afterAll(() => station?.dispose())

const request = async (path: string, method = 'GET', body?: unknown) => {
  const answer = await httpsRequest(station, path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  })
  return { status: answer.status, body: JSON.parse(answer.body) as unknown }
}

describe('cell geometry of a hardware run', () => {
  it('takes an edit over the configuration and the power densities follow at once', async () => {
    await pushSamples(station, 'rig', { v1: 0.5 })
    const before = await vi.waitFor(
      async () => {
        const found = labMetricsSchema.parse((await request('/api/v1/telemetry/metrics')).body)
        if (found.cells[0]?.values.meanPowerW.value === null) throw new Error('recording')
        return found
      },
      { timeout: 10_000, interval: 200 },
    )
    const runId = before.runId
    const shown = runCellGeometrySchema.parse((await request(`/api/v1/runs/${runId}/geometry`)).body)
    expect(shown.cells).toEqual([
      { cell: 1, anodeAreaCm2: { value: 10, source: 'config' }, anodeVolumeL: { value: null, source: 'unset' } },
    ])
    const framesBefore = (await request(`/api/v1/runs/${runId}`)).body as { frames: number }
    const edited = await request(`/api/v1/runs/${runId}/geometry`, 'PUT', {
      cells: [{ cell: 1, anodeAreaCm2: 20, anodeVolumeL: 0.1 }],
    })
    expect(edited.status).toBe(200)
    expect(runCellGeometrySchema.parse(edited.body).cells[0]?.anodeAreaCm2).toEqual({ value: 20, source: 'edited' })
    const after = labMetricsSchema.parse((await request(`/api/v1/runs/${runId}/metrics`)).body)
    const cell = after.cells[0]!.values
    expect(cell.powerDensityAreaWPerM2.value).toBeCloseTo(cell.meanPowerW.value! / 20e-4, 9)
    expect(cell.powerDensityVolumeWPerM3.value).toBeCloseTo(cell.meanPowerW.value! / 0.1e-3, 6)
    const framesAfter = (await request(`/api/v1/runs/${runId}`)).body as { frames: number }
    expect(framesAfter.frames).toBeGreaterThanOrEqual(framesBefore.frames)
    const refused = await request(`/api/v1/runs/${runId}/geometry`, 'PUT', { cells: [{ cell: 2, anodeAreaCm2: 5 }] })
    expect(refused.status).toBe(400)
  })
})
