import { describe, expect, it } from 'vitest'
import type { Controller, Observation } from './controller.js'
import { createReversalGuard } from './reversal-guard.js'

// A margin of a quarter keeps the expected floors exact in binary floating point.
const limit = { thresholdV: 0.05, marginFraction: 0.25, relaxAfterS: 3600, relaxAboveV: 0.2 }

const observation = (cellVoltageV: number[], loadOhm: number, timeS = 0): Observation => ({
  ...{ timeS, substrateMgL: cellVoltageV.map(() => null), cellVoltageV, powerW: null },
  cellPowerW: cellVoltageV.map(() => null),
  actuators: { loadOhm, cellLoadOhm: cellVoltageV.map(() => loadOhm), feedLPerDay: 0.1, dosingMgPerDay: 0 },
  substrateTargetMgL: 177,
})

/** A controller that always asks for the lowest load: what drove the weak cell into reversal. */
const downhill: Controller = { kind: 'mppt', periodS: 60, decide: () => ({ loadOhm: 10, cellLoadOhm: [10, 10] }) }

describe('the reversal guard on the simulation (docs/control.md "Reversal limit")', () => {
  it('passes writes through until a cell falls below the threshold, then holds them above that load plus the margin', () => {
    const guard = createReversalGuard(limit)
    const controller = guard.guard(downhill)
    expect(controller.kind).toBe('mppt')
    expect(controller.decide(observation([0.4, 0.3], 100))).toEqual({ loadOhm: 10, cellLoadOhm: [10, 10] })
    expect(controller.decide(observation([0.4, 0.02], 200))).toEqual({ loadOhm: 250, cellLoadOhm: [10, 250] })
    // A recovered cell lowers no floor at once, and a controller switch keeps it.
    expect(guard.guard(downhill).decide(observation([0.4, 0.3], 50)).loadOhm).toBe(250)
    expect(guard.floors()).toEqual({ loadOhm: 250, cellLoadOhm: [-Infinity, 250] })
  })

  it('ignores dropped sensors and leaves a controller that writes no load alone', () => {
    const guard = createReversalGuard(limit)
    const fixed: Controller = { kind: 'fixed', periodS: 60, decide: () => ({}) }
    expect(guard.guard(fixed).decide(observation([0.01, 0.3], 300))).toEqual({})
    expect(guard.floors().loadOhm).toBe(375)
    const blind = createReversalGuard(limit)
    blind.guard(downhill).decide({ ...observation([0.3, 0.3], 300), cellVoltageV: [null, null] })
    expect(blind.floors().loadOhm).toBe(-Infinity)
  })

  it('steps a floor down by the margin after an hour in which every cell stayed healthy, never while one is marginal', () => {
    const guard = createReversalGuard(limit)
    const controller = guard.guard(downhill)
    controller.decide(observation([0.02, 0.3], 400)) // floor 500
    controller.decide(observation([0.3, 0.3], 500, 60))
    controller.decide(observation([0.1, 0.3], 500, 3000)) // marginal: the healthy hour starts again
    controller.decide(observation([0.3, 0.3], 500, 3060))
    expect(controller.decide(observation([0.3, 0.3], 500, 6600)).loadOhm).toBe(500)
    expect(controller.decide(observation([0.3, 0.3], 500, 6660)).loadOhm).toBe(400)
    expect(guard.floors().loadOhm).toBe(400)
    // Reversed again at the lower load: raised from there.
    expect(controller.decide(observation([0.01, 0.3], 400, 6720)).loadOhm).toBe(500)
  })
})
