import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { controlStatusSchema } from '../../server/contract/control.js'
import { telemetryFrameSchema } from '../../server/contract/stream.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'
import { until } from '../instruments/harness.js'

let station: TestStation
beforeAll(async () => {
  // An hour of the default stack a second: its weak cell (cell 3) starts up within the first simulated hour.
  station = await startTestStation({ sim: { tickHz: 10, speed: 3600 } })
})
afterAll(() => station.dispose())

const get = async (path: string) => JSON.parse((await httpsRequest(station, path)).body) as unknown

describe('the reversal floor on the simulated stack (docs/control.md "Reversal limit")', () => {
  it("holds MPPT above the load that reversed the default stack's weak cell, then steps the floor down (GET /api/v1/stack)", async () => {
    const switched = await httpsRequest(station, '/api/v1/simulation/controller', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'mppt' }),
    })
    expect(switched.status).toBe(200)
    // Past the weak cell's start-up (reversed for the first hour even at the scenario's fixed 600 ohm).
    await until(
      'two simulated hours',
      async () => {
        const frame = telemetryFrameSchema.parse(await get('/api/v1/simulation/latest'))
        return frame.simTimeS > 7200 ? true : undefined
      },
      15_000,
    )
    const floorNow = async () =>
      controlStatusSchema.parse(await get('/api/v1/stack')).reversalFloorOhm['simulation-load'] ?? -Infinity
    const floor = await floorNow()
    expect(floor).toBeGreaterThan(600)
    // Two more simulated hours: unguarded, MPPT holds the weak cell near -0.4 V at about 200 ohm.
    const startS = telemetryFrameSchema.parse(await get('/api/v1/simulation/latest')).simTimeS
    let lowestV = Infinity
    await until(
      'two more simulated hours',
      async () => {
        const frame = telemetryFrameSchema.parse(await get('/api/v1/simulation/latest'))
        for (const cell of frame.cells) if (cell.voltageV !== undefined) lowestV = Math.min(lowestV, cell.voltageV)
        return frame.simTimeS > startS + 7200 ? true : undefined
      },
      15_000,
    )
    expect(lowestV).toBeGreaterThan(0)
    // The grown cell stayed healthy for an hour and more: the start-up's floor stepped down by the margin.
    expect(await floorNow()).toBeLessThan(floor)
  }, 30_000)
})
