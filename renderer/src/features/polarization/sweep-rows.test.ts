import { describe, expect, it } from 'vitest'
import { openCircuitPoint, sweepCsv, sweepRows } from './sweep-rows'

const result = {
  mpp: { rExtOhm: 100, currentA: 0.002, voltageV: 0.2, powerW: 0.0004 },
  points: [
    { rExtOhm: 1000, currentA: 0.0005, voltageV: 0.5, powerW: 0.00025 },
    { rExtOhm: 100, currentA: 0.002, voltageV: 0.2, powerW: 0.0004 },
    { rExtOhm: 400, currentA: 0.001, voltageV: 0.4, powerW: 0.0004 },
  ],
}
const record = { id: 1, request: { minOhm: 100, maxOhm: 1000, points: 3 }, result, atMs: 0, runId: 'r', simTimeS: 3600 }

describe('sweep rows', () => {
  it('orders points by current and extrapolates the open circuit to I = 0', () => {
    const rows = sweepRows(result)
    expect(rows.map((r) => r.r)).toEqual([1000, 400, 100])
    expect(openCircuitPoint(rows)?.v).toBeCloseTo(0.6, 12)
  })

  it('exports SI columns under a metadata header', () => {
    const lines = sweepCsv(record, '0.1.0', 'pilot').trim().split('\n')
    expect(lines[0]).toBe('# MFC Station 0.1.0')
    expect(lines).toContain('# R_ext 100 .. 1000 ohm, 3 points, steady state at each point')
    expect(lines.slice(-4)).toEqual([
      'r_ext_ohm,current_A,voltage_V,power_W',
      '1000,0.0005,0.5,0.00025',
      '400,0.001,0.4,0.0004',
      '100,0.002,0.2,0.0004',
    ])
  })
})
