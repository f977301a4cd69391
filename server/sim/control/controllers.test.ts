import { describe, expect, it } from 'vitest'
import { controllerDefaults } from '../../contract/simulation.js'
import { parseRunConfig } from '../run-config.js'
import { createSimulationEngine } from '../engine.js'
import { controllerConfigSchema, createController } from './controller-config.js'
import type { Observation } from './controller.js'
import { qPolicySchema } from './q-policy.js'
import { evaluateQPolicy, trainQPolicy } from './q-training.js'

const engineWith = (config: object) =>
  createSimulationEngine({ durationS: 30 * 86_400, metrics: { optimumPeriodS: 0 }, ...config }, { now: () => 0 })

describe('PID on substrate', () => {
  it('holds the anode substrate at its target through an influent step', () => {
    const engine = engineWith({
      feed: { influentMgL: 500, influentSchedule: [{ atS: 2 * 86_400, influentMgL: 700 }] },
      targets: { substrateMgL: 177 },
      controller: { kind: 'pid' },
      sensors: { substrate: { noiseStd: 2, delayS: 300, lagS: 300 } },
    })
    for (const day of [1.5, 3.5]) {
      const frame = engine.advanceSim(day * 86_400 - engine.status().simTimeS)
      expect(Math.abs((frame.cells[0]?.substrateMgL as number) - 177)).toBeLessThan(10)
    }
  })

  it('does not wind up while the output is saturated', () => {
    // Unreachable target: feed pinned at its maximum; when the target drops, it must come off at once.
    const engine = engineWith({
      feed: { influentMgL: 300 },
      targets: { substrateMgL: 290 },
      controller: { kind: 'pid', outputMax: 0.5 },
    })
    engine.advanceSim(2 * 86_400)
    expect(engine.snapshot().stack.actuators.feedLPerDay).toBe(0.5)
    engine.configure({ targets: { substrateMgL: 30 } })
    engine.advanceSim(2 * 3600)
    expect(engine.snapshot().stack.actuators.feedLPerDay).toBeLessThan(0.5)
  })
})

describe('MPPT perturb-and-observe', () => {
  it('climbs from a high load to the maximum power point of the model', () => {
    const engine = engineWith({
      load: { rExtOhm: 1500 },
      controller: { kind: 'mppt', stepFraction: 0.03, periodS: 300 },
    })
    engine.advanceSim(3 * 86_400)
    let energy = 0
    for (let k = 0; k < 144; k += 1) energy += (engine.advanceSim(600).stack.powerW * 600) / 86_400
    // The optimum of the cell as it is now (its biofilm moved a little over the days).
    const { mpp } = engine.sweep({ minOhm: 10, maxOhm: 2000, points: 20 })
    expect(energy / mpp.powerW).toBeGreaterThan(0.95) // measured 0.961; 0.957 with equal steps both ways
    expect(engine.snapshot().stack.actuators.loadOhm / mpp.rExtOhm).toBeGreaterThan(0.85)
    expect(engine.snapshot().stack.actuators.loadOhm / mpp.rExtOhm).toBeLessThan(1.15)
  })

  const observe = (powerW: number, loadOhm: number): Observation => ({
    timeS: 0,
    substrateMgL: [],
    cellVoltageV: [],
    powerW,
    cellPowerW: [],
    actuators: { loadOhm, cellLoadOhm: [], feedLPerDay: 0.15, dosingMgPerDay: 0 },
    substrateTargetMgL: 177,
  })
  /** Feeds a power sequence to a fresh stack loop from 100 ohm; returns the relative size of every move. */
  const moves = (settings: object, powers: number[]) => {
    const controller = createController(controllerConfigSchema.parse({ kind: 'mppt', ...settings }))
    let ohm = 100
    return powers.map((power) => {
      const next = controller.decide(observe(power, ohm)).loadOhm as number
      const move = next / ohm
      ohm = next
      return Number(move.toFixed(6))
    })
  }

  it('steps down by lowerStepRatio of a step up: the cliff below the MPP is approached carefully', () => {
    // Start downwards; falling power turns it up; falling again turns it down.
    expect(moves({ stepFraction: 0.03 }, [1, 0.9, 0.8])).toEqual([
      Number((1 / 1.01).toFixed(6)),
      1.03,
      Number((1 / 1.01).toFixed(6)),
    ])
    expect(moves({ stepFraction: 0.03, lowerStepRatio: 1 }, [1, 0.9])).toEqual([Number((1 / 1.03).toFixed(6)), 1.03])
  })

  it('adapts the step when asked: halves it at every reversal, grows it 1.5x while power keeps rising', () => {
    const up = (fraction: number) => Number((1 + fraction).toFixed(6))
    const down = (fraction: number) => Number((1 / (1 + fraction)).toFixed(6))
    const settings = {
      adaptive: true,
      stepFraction: 0.04,
      minStepFraction: 0.01,
      maxStepFraction: 0.08,
      lowerStepRatio: 1,
    }
    // first reading, rise, rise (grow), rise (grow, capped), fall (turn, halve), fall (turn, halve), fall (turn, floor)
    expect(moves(settings, [1, 2, 3, 4, 3, 2, 1])).toEqual([
      down(0.04),
      down(0.04),
      down(0.06),
      down(0.08),
      up(0.04),
      down(0.02),
      up(0.01),
    ])
    expect(() => controllerConfigSchema.parse({ kind: 'mppt', minStepFraction: 0.2, maxStepFraction: 0.1 })).toThrow(
      /minStepFraction/,
    )
  })

  it('tracks every cell on its own load with per-cell scope', () => {
    const engine = engineWith({
      stack: { cells: 2, wiring: 'independent', spread: 0.1 },
      load: { cellRExtOhm: [1500, 20] },
      controller: { kind: 'mppt', scope: 'cell', periodS: 300 },
    })
    engine.advanceSim(4 * 86_400)
    const [a, b] = engine.snapshot().stack.actuators.cellLoadOhm as [number, number]
    expect(a).toBeGreaterThan(80)
    expect(a).toBeLessThan(300)
    expect(b).toBeGreaterThan(80)
    expect(b).toBeLessThan(300)
  })
})

describe('Q-learning', () => {
  const scenario = parseRunConfig({
    name: 'q-test',
    seed: 5,
    durationS: 2 * 86_400,
    metrics: { warmupS: 0, optimumPeriodS: 0 },
    feed: { influentMgL: 500, influentSchedule: [{ atS: 86_400, influentMgL: 700 }] },
    targets: { substrateMgL: 177 },
  })
  const options = { scenario, episodes: 60, seed: 3 }
  const trained = trainQPolicy(options)

  it('improves the reward of its greedy policy by training', () => {
    const untrained = evaluateQPolicy(trainQPolicy({ ...options, episodes: 0 }).policy, options)
    expect(evaluateQPolicy(trained.policy, options)).toBeGreaterThan(untrained + 50)
    const early = trained.rewards.slice(0, 10).reduce((a, b) => a + b, 0)
    const late = trained.rewards.slice(-10).reduce((a, b) => a + b, 0)
    expect(late).toBeGreaterThan(early)
  })

  it('is deterministic from its seed', () => {
    expect(JSON.stringify(trainQPolicy({ ...options, episodes: 5 }).policy)).toBe(
      JSON.stringify(trainQPolicy({ ...options, episodes: 5 }).policy),
    )
  })

  it('round-trips its policy through JSON and refuses another version', () => {
    const json = JSON.parse(JSON.stringify(trained.policy)) as unknown
    expect(qPolicySchema.parse(json)).toEqual(trained.policy)
    const future = { ...trained.policy, version: 2 }
    const result = qPolicySchema.safeParse(future)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['version'])
    expect(qPolicySchema.safeParse({ ...trained.policy, q: trained.policy.q.slice(1) }).success).toBe(false)
  })

  it('runs greedy in operation and leaves the loaded table untouched', () => {
    const before = JSON.stringify(trained.policy)
    const engine = createSimulationEngine(
      { ...scenario, controller: { kind: 'qlearning', policy: trained.policy } },
      { now: () => 0 },
    )
    engine.advanceSim(86_400)
    expect(engine.snapshot().controller).toBe('qlearning')
    expect(JSON.stringify(trained.policy)).toBe(before)
  })
})

describe('controller defaults', () => {
  it("are the contract's, so a form shows what a bare controller gets", () => {
    for (const kind of ['fixed', 'pid', 'mppt'] as const)
      expect(controllerConfigSchema.parse({ kind })).toEqual({ kind, ...controllerDefaults[kind] })
  })
})
