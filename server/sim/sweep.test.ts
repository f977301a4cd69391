import { describe, expect, it } from 'vitest'
import { createSimulationEngine } from './engine.js'

/** A stack a day into its run, swept over a range that brackets its MPP. */
function sweepOf(stack: object, options = { minOhm: 10, maxOhm: 2000, points: 12 }) {
  const engine = createSimulationEngine({ stack }, { now: () => 0 })
  engine.advanceSim(86_400)
  return { sweep: engine.sweep(options), frame: engine.advanceSim(0) }
}

describe('per-cell polarization and the open circuit', () => {
  it('gives every cell of a series stack its own curve at the sweep loads, adding up to the stack', () => {
    const { sweep } = sweepOf({ cells: 4, wiring: 'series', spread: 0.05 })
    expect(sweep.cells).toHaveLength(4)
    sweep.points.forEach((point, k) => {
      const cells = sweep.cells.map((c) => c.points[k]!)
      for (const cell of cells) {
        expect(cell.rExtOhm).toBe(point.rExtOhm)
        // One current through a series string.
        expect(cell.currentA).toBeCloseTo(point.currentA, 12)
        expect(cell.powerW).toBeCloseTo(cell.currentA * cell.voltageV, 15)
      }
      expect(cells.reduce((sum, c) => sum + c.voltageV, 0)).toBeCloseTo(point.voltageV, 9)
    })
    // The cells differ (a 5 % spread): the curves are not copies of one another.
    const atMpp = sweep.cells.map((c) => c.points[0]!.voltageV)
    expect(new Set(atMpp).size).toBe(4)
  })

  it('reports the open-circuit voltage with the load disconnected, above the highest R_ext point', () => {
    const { sweep } = sweepOf({ cells: 3, wiring: 'series', spread: 0.03 })
    const highestR = sweep.points.reduce((a, b) => (b.rExtOhm > a.rExtOhm ? b : a))
    expect(sweep.openCircuitV).toBeGreaterThan(highestR.voltageV)
    expect(sweep.cells.reduce((sum, c) => sum + c.openCircuitV, 0)).toBeCloseTo(sweep.openCircuitV, 9)
    for (const cell of sweep.cells) {
      expect(cell.openCircuitV).toBeGreaterThan(cell.points.at(-1)!.voltageV)
      expect(cell.openCircuitV).toBeLessThan(1.2)
    }
  })

  it('gives parallel cells their own currents summing to the stack current', () => {
    const { sweep } = sweepOf({ cells: 3, wiring: 'parallel', spread: 0.05 }, { minOhm: 1, maxOhm: 100, points: 6 })
    sweep.points.forEach((point, k) => {
      const cells = sweep.cells.map((c) => c.points[k]!)
      expect(cells.reduce((sum, c) => sum + c.currentA, 0)).toBeCloseTo(point.currentA, 9)
      for (const cell of cells) expect(cell.voltageV).toBeCloseTo(point.voltageV, 6)
    })
  })
})
