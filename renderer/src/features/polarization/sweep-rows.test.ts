import { describe, expect, it } from 'vitest'
import { sweepCsv } from './sweep-csv'
import { openCircuitPoint, sweepCurves, sweepRows } from './sweep-rows'

const point = (rExtOhm: number, currentA: number, voltageV: number) => ({
  rExtOhm,
  currentA,
  voltageV,
  powerW: currentA * voltageV,
})
/** Two cells in series: one current, voltages adding up to the stack's. */
const result = {
  mpp: point(100, 0.002, 0.2),
  points: [point(1000, 0.0005, 0.5), point(100, 0.002, 0.2), point(400, 0.001, 0.4)],
  openCircuitV: 0.62,
  cells: [
    { openCircuitV: 0.32, points: [point(1000, 0.0005, 0.26), point(100, 0.002, 0.11), point(400, 0.001, 0.21)] },
    { openCircuitV: 0.3, points: [point(1000, 0.0005, 0.24), point(100, 0.002, 0.09), point(400, 0.001, 0.19)] },
  ],
}
const record = { id: 1, request: { minOhm: 100, maxOhm: 1000, points: 3 }, result, atMs: 0, runId: 'r', simTimeS: 3600 }
const earlier = { ...record, id: 2, atMs: 1000 }

describe('sweep rows', () => {
  it("orders a source's points by current; the open circuit is the station's, not an extrapolation", () => {
    expect(sweepRows(result).map((r) => r.r)).toEqual([1000, 400, 100])
    expect(sweepRows(result, 1).map((r) => r.v)).toEqual([0.24, 0.19, 0.09])
    expect(openCircuitPoint(result)).toEqual({ iMa: 0, v: 0.62, pMw: 0, r: Infinity })
    expect(openCircuitPoint(result, 0)?.v).toBe(0.32)
    expect(openCircuitPoint(result, 5)).toBeUndefined()
  })

  it('draws each chosen source from its open circuit, earlier sweeps dashed in the colour of their source', () => {
    const curves = sweepCurves(record, [earlier], [0, 1])
    expect(curves.map((c) => [c.key, c.overlay, c.colour])).toEqual([
      ['1-0', false, 0],
      ['1-1', false, 1],
      ['2-0', true, 0],
      ['2-1', true, 1],
    ])
    expect(curves[0]!.label).toBe('Cell 1')
    expect(curves[3]!.label).toMatch(/^Cell 2 \(.* wall, sim .*100\.\.1000 Ω\)$/)
    expect(curves[1]!.rows[0]).toEqual({ iMa: 0, v: 0.3, pMw: 0, r: Infinity })
    expect(curves[1]!.rows).toHaveLength(4)
  })

  it('gives the stack alone one colour per sweep', () => {
    expect(sweepCurves(record, [earlier], ['stack']).map((c) => c.colour)).toEqual([0, 1])
  })

  it('exports the stack and every cell in the one column naming, under a metadata header', () => {
    const lines = sweepCsv(record, '0.1.0', 'pilot').trim().split('\n')
    expect(lines[0]).toBe('# MFC Station 0.1.0')
    expect(lines).toContain('# R_ext 100 .. 1000 ohm, 3 points, steady state at each point')
    expect(lines).toContain(
      '# open-circuit voltage (load disconnected): stack 0.62 V; cell1_voltage_V 0.32; cell2_voltage_V 0.3',
    )
    expect(lines.slice(-4)).toEqual([
      'r_ext_ohm,current_A,voltage_V,power_W,cell1_current_A,cell1_voltage_V,cell1_power_W,cell2_current_A,cell2_voltage_V,cell2_power_W',
      `1000,0.0005,0.5,${0.0005 * 0.5},0.0005,0.26,${0.0005 * 0.26},0.0005,0.24,${0.0005 * 0.24}`,
      `400,0.001,0.4,${0.001 * 0.4},0.001,0.21,${0.001 * 0.21},0.001,0.19,${0.001 * 0.19}`,
      `100,0.002,0.2,${0.002 * 0.2},0.002,0.11,${0.002 * 0.11},0.002,0.09,${0.002 * 0.09}`,
    ])
  })
})
