import { describe, expect, it } from 'vitest'
import { createSimulationEngine } from '../engine.js'
import { parseRunConfig, RunConfigError } from '../run-config.js'
import type { Observation } from './controller.js'
import { createQLearningController } from './q-learning.js'
import { ACTIONS, emptyQPolicy } from './q-policy.js'
import { defaultPolicySettings, trainQPolicy } from './q-training.js'

const twoCells = parseRunConfig({
  name: 'two-cells',
  durationS: 3 * 3600,
  stack: { cells: 2, wiring: 'series' },
  metrics: { warmupS: 0, optimumPeriodS: 0 },
})

describe('a policy and the stack it was trained for', () => {
  const { policy } = trainQPolicy({ scenario: twoCells, episodes: 1, seed: 1 })

  it('records the stack shape it was trained on', () => {
    expect(policy.training.stack).toEqual({ cells: 2, wiring: 'series' })
  })

  it('runs on a stack of that shape and is refused, with the reason, on another', () => {
    const same = createSimulationEngine(twoCells, { now: () => 0 })
    same.setController({ kind: 'qlearning', policy })
    expect(same.status().controller).toBe('qlearning')
    for (const stack of [
      { cells: 3, wiring: 'series' },
      { cells: 2, wiring: 'parallel' },
    ]) {
      const other = createSimulationEngine({ ...twoCells, stack }, { now: () => 0 })
      let refusal: unknown
      try {
        other.setController({ kind: 'qlearning', policy })
      } catch (error) {
        refusal = error
      }
      expect(refusal).toBeInstanceOf(RunConfigError)
      expect((refusal as RunConfigError).issues[0]).toEqual({
        path: 'controller.policy.training.stack',
        message: `the policy was trained for a 2-cell series stack, this run is a ${stack.cells}-cell ${stack.wiring} stack`,
      })
      expect(other.status().controller).toBe('fixed')
    }
  })

  it('still takes a policy written before shapes were recorded', () => {
    const { stack: _recorded, ...training } = policy.training
    const engine = createSimulationEngine({ ...twoCells, stack: { cells: 4 } }, { now: () => 0 })
    engine.setController({ kind: 'qlearning', policy: { ...policy, training } })
    expect(engine.status().controller).toBe('qlearning')
  })
})

describe('the reversal guard of the Q-learning controller', () => {
  /** A table whose greedy action everywhere is "feed hold, R_ext down" (action 3). */
  const alwaysDown = () => {
    const policy = emptyQPolicy({ ...defaultPolicySettings, loadMinOhm: 5 }, { seed: 0, episodes: 0, scenario: 't' })
    policy.q = policy.q.map(() => Array.from({ length: ACTIONS }, (_, action) => (action === 3 ? 1 : 0)))
    return policy
  }
  const observe = (loadOhm: number, cellVoltageV: number[]): Observation => ({
    ...{ timeS: 0, substrateMgL: [177], cellVoltageV, powerW: 0.001, cellPowerW: [] },
    actuators: { loadOhm, cellLoadOhm: [], feedLPerDay: 0.15, dosingMgPerDay: 0 },
    substrateTargetMgL: 177,
  })

  it('never lowers R_ext while a cell of a series stack reverses, and keeps a floor above the load that caused it', () => {
    const controller = createQLearningController(alwaysDown())
    // A young biofilm reversed from the start: the load holds, and no floor is set (the load did not cause it).
    expect(controller.decide(observe(600, [0.5, -0.3])).loadOhm).toBe(600)
    expect(controller.decide(observe(600, [0.5, 0.4])).loadOhm).toBeCloseTo(600 / 1.05)
    // Stepping down, 100 -> 95.24 ohm, reverses the weak cell: the load goes one step back up and stays above.
    controller.decide(observe(100, [0.5, 0.2]))
    expect(controller.decide(observe(100 / 1.05, [0.5, 0.01])).loadOhm).toBeCloseTo(100)
    for (const load of [100, 100, 100])
      expect(controller.decide(observe(load, [0.5, 0.3])).loadOhm as number).toBeGreaterThanOrEqual(100 - 1e-9)
  })

  it('lets a lone cell go as low as its policy allows: its load cannot reverse it', () => {
    const controller = createQLearningController(alwaysDown())
    expect(controller.decide(observe(10, [0.01])).loadOhm).toBeCloseTo(10 / 1.05)
  })
})
