import { describe, expect, it } from 'vitest'
import type { StoredSweep } from '../../../../server/contract/procedures'
import { asSweepRecord } from './sweep-record'

const point = (rExtOhm: number | null, voltageV: number) => {
  const currentA = rExtOhm === null ? 0 : voltageV / rExtOhm
  return { rExtOhm, voltageV, currentA, powerW: voltageV * currentA, cells: [] }
}

describe('a stored sweep as a polarization chart record', () => {
  it('takes the OCV point as the open-circuit voltage and keeps the MPP', () => {
    const points = [point(null, 0.8), point(1000, 0.66), point(200, 0.4), point(50, 0.16)]
    const sweep: StoredSweep = {
      ...{ id: 3, runId: 'r', procedureId: 'p', startedAtMs: 5, endedAtMs: 9, points },
      maximumPowerPoint: points[2]!,
    }
    const record = asSweepRecord(sweep)!
    expect(record.request).toEqual({ minOhm: 50, maxOhm: 1000, points: 3 })
    expect(record.result.points.map((p) => p.rExtOhm)).toEqual([1000, 200, 50])
    expect(record.result.openCircuitV).toBe(0.8)
    expect(record.result.mpp.rExtOhm).toBe(200)
    expect(asSweepRecord({ ...sweep, maximumPowerPoint: null })).toBeUndefined()
  })
})
