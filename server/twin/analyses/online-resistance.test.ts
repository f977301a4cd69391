import { describe, expect, it } from 'vitest'
import type { TelemetryFrame } from '../../contract/stream.js'
import { createOnlineResistance } from './online-resistance.js'

/** Two series cells of E_i behind r_i on a load: the frame the source would report. */
function frame(
  runId: string,
  simTimeS: number,
  loadOhm: number,
  cells = [
    { e: 0.7, r: 30 },
    { e: 0.6, r: 50 },
  ],
): TelemetryFrame {
  const currentA = cells.reduce((sum, c) => sum + c.e, 0) / (loadOhm + cells.reduce((sum, c) => sum + c.r, 0))
  const samples = cells.map((c) => {
    const voltageV = c.e - c.r * currentA
    return {
      voltageV,
      currentA,
      powerW: voltageV * currentA,
      substrateMgL: 100,
      anodeLossV: 0,
      internalOhm: c.r,
      alarms: [],
    }
  })
  const voltageV = currentA * loadOhm
  return {
    ...{
      type: 'telemetry',
      source: 'simulation',
      runId,
      seq: simTimeS,
      simTimeS,
      wallTimeMs: simTimeS * 1000,
      state: 'running',
      controller: 'mppt',
    },
    cells: samples,
    stack: {
      voltageV,
      currentA,
      powerW: voltageV * currentA,
      loadConnected: true,
      loadOhm,
      feedLPerDay: 0.15,
      temperatureK: 298.15,
    },
  }
}

describe('online internal resistance', () => {
  it('reads each cell’s r = -dV/dI and E = V + r I from the load steps the controller makes', () => {
    const online = createOnlineResistance()
    const loads = [100, 103, 106, 103, 100, 97, 100]
    loads.forEach((load, k) => online.observe(frame('run-a', 300 * k, load)))
    const estimates = online.estimates()
    expect(estimates.runId).toBe('run-a')
    expect(estimates.cells.map((c) => c.internalOhm)).toEqual([expect.closeTo(30, 9), expect.closeTo(50, 9)])
    expect(estimates.cells.map((c) => c.openCircuitV)).toEqual([expect.closeTo(0.7, 9), expect.closeTo(0.6, 9)])
    expect(estimates.stack.internalOhm).toBeCloseTo(80, 9)
    expect(estimates.cells[0]).toMatchObject({ steps: 6, lastAtS: 1800 })
  })

  it('ignores frames without a load step, far-apart frames and a new run’s first frame, and starts over per run', () => {
    const online = createOnlineResistance()
    online.observe(frame('run-a', 0, 100))
    online.observe(frame('run-a', 60, 100))
    online.observe(frame('run-a', 5000, 110))
    expect(online.estimates().cells[0]).toEqual({ internalOhm: null, openCircuitV: null, steps: 0, lastAtS: null })
    online.observe(frame('run-a', 5060, 120))
    expect(online.estimates().cells[0]?.steps).toBe(1)
    online.observe(frame('run-b', 0, 100))
    online.observe(frame('run-b', 60, 50, [{ e: 0.5, r: 20 }]))
    expect(online.estimates()).toMatchObject({ runId: 'run-b', cells: [{ steps: 0 }, { steps: 0 }] })
  })
})
