import { describe, expect, it } from 'vitest'
import { RunConfigError } from './run-config.js'
import { createSimulationEngine } from './engine.js'

const noisyStack = {
  seed: 11,
  durationS: 2 * 86_400,
  stack: { cells: 3, wiring: 'series', spread: 0.05 },
  load: { rExtOhm: 450 },
  metrics: { optimumPeriodS: 0, warmupS: 3600 },
  sensors: {
    voltage: { noiseStd: 0.002, dropoutProbability: 0.05 },
    substrate: { noiseStd: 3, delayS: 600, lagS: 300 },
  },
  faults: [{ kind: 'starvation', atS: 20_000, durationS: 20_000, cell: 1 }],
} as const

function fakeClock(startMs = 1_000) {
  let t = startMs
  return { now: () => t, tick: (ms: number) => (t += ms) }
}

describe('engine determinism', () => {
  const trace = (seed: number) => {
    const engine = createSimulationEngine({ ...noisyStack, seed }, { now: () => 0 })
    const frames = Array.from({ length: 24 }, () => engine.advanceSim(3600))
    return JSON.stringify({ frames, metrics: engine.metrics(), events: engine.alarmEvents() })
  }

  it('gives the same bytes for the same seed and different ones for another seed', () => {
    expect(trace(11)).toBe(trace(11))
    expect(trace(12)).not.toBe(trace(11))
  })
})

describe('engine determinism across call patterns', () => {
  // Off-grid instants on purpose: samples every 45 s, control every 330 s, a fault at 20 000 s.
  const scenario = {
    ...noisyStack,
    durationS: 21_600,
    sensors: { ...noisyStack.sensors, samplePeriodS: 45 },
    controller: { kind: 'mppt', periodS: 330 },
  }
  const final = (engine: ReturnType<typeof createSimulationEngine>) => {
    const { seq: _seq, ...snapshot } = engine.snapshot()
    return JSON.stringify({ snapshot, metrics: engine.metrics(), events: engine.alarmEvents() })
  }

  it('gives the same bytes for one headless call, irregular calls and the real-time clock', () => {
    const once = createSimulationEngine(scenario, { now: () => 0 })
    once.advanceSim(scenario.durationS)

    const irregular = createSimulationEngine(scenario, { now: () => 0 })
    const slices = [7.3, 0.2, 1000, 59.9, 60.1, 0.05, 333.3, 12]
    for (let k = 0; irregular.status().state !== 'finished'; k += 1)
      irregular.advanceSim(slices[k % slices.length] as number)

    const clock = fakeClock()
    const realTime = createSimulationEngine(scenario, { now: clock.now, speed: 370, outputHz: 10 }) // 37 s per frame
    realTime.start()
    for (let k = 0; realTime.status().state === 'running'; k += 1) {
      clock.tick([100, 250, 130, 310][k % 4] as number)
      realTime.advance()
    }

    expect(once.status()).toMatchObject({ simTimeS: scenario.durationS })
    expect(irregular.status()).toMatchObject({ state: 'finished', simTimeS: scenario.durationS })
    expect(realTime.status()).toMatchObject({ state: 'finished', simTimeS: scenario.durationS })
    expect(final(irregular)).toBe(final(once))
    expect(final(realTime)).toBe(final(once))
  })

  it('carries time shorter than a step to the next call and shows the physics at the requested time meanwhile', () => {
    const config = { stepS: 60, sensors: { samplePeriodS: 60 }, metrics: { optimumPeriodS: 0 } }
    const sliced = createSimulationEngine(config, { now: () => 0 })
    const frame = sliced.advanceSim(25)
    expect(frame.simTimeS).toBe(25)
    expect(sliced.status().simTimeS).toBe(0) // the state waits for its step end at 60 s
    const direct = createSimulationEngine({ ...config, stepS: 25 }, { now: () => 0 })
    expect(frame.cells[0]?.currentA).toBe(direct.advanceSim(25).cells[0]?.currentA) // the frame's side branch: one 25 s step
    sliced.advanceSim(25)
    sliced.advanceSim(25)
    expect(sliced.status().simTimeS).toBe(60)
    expect(sliced.advanceSim(105).simTimeS).toBe(180)
  })
})

describe('engine clock', () => {
  it('produces frames at the output rate, speed x wall time of simulated time, and stops while paused', () => {
    const clock = fakeClock()
    const engine = createSimulationEngine({ durationS: 86_400 }, { now: clock.now, speed: 600, outputHz: 10 })
    expect(engine.advance()).toEqual([]) // idle: nothing
    engine.start()
    clock.tick(1000)
    const frames = engine.advance()
    expect(frames).toHaveLength(10)
    expect(frames.at(-1)?.simTimeS).toBeCloseTo(600, 6)
    expect(frames.map((f) => f.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    engine.pause()
    clock.tick(5000)
    expect(engine.advance()).toEqual([])
    engine.resume()
    clock.tick(100)
    expect(engine.advance().map((f) => f.simTimeS)).toEqual([expect.closeTo(660, 6)])
  })

  it('drops a stalled host backlog instead of bursting, and finishes at the run duration', () => {
    const clock = fakeClock()
    const engine = createSimulationEngine({ durationS: 3600 }, { now: clock.now, speed: 600, outputHz: 10 })
    engine.start()
    clock.tick(60_000)
    expect(engine.advance()).toHaveLength(10)
    for (let k = 0; k < 6; k += 1) {
      clock.tick(100_000)
      engine.advance()
    }
    expect(engine.status()).toMatchObject({ state: 'finished', simTimeS: 3600 })
    expect(engine.advance()).toEqual([])
    engine.start() // a finished run starts over
    expect(engine.status()).toMatchObject({ state: 'running', simTimeS: 0 })
  })

  it('runs as fast as possible within most of a frame period at max speed', () => {
    const clock = fakeClock()
    // Every read of the clock costs 1 ms of "wall time": the frame stops after its 80 ms budget.
    const engine = createSimulationEngine(
      { durationS: 86_400 * 30 },
      { now: () => clock.tick(1), speed: 'max', outputHz: 10 },
    )
    engine.start()
    clock.tick(100)
    const frames = engine.advance()
    expect(frames.length).toBeGreaterThanOrEqual(1)
    expect(frames.at(-1)?.simTimeS).toBeGreaterThan(6000)
  })
})

describe('engine commands', () => {
  it('applies feed and load live and keeps structural changes for reset', () => {
    const engine = createSimulationEngine({ metrics: { optimumPeriodS: 0 } }, { now: () => 0 })
    engine.advanceSim(3600)
    expect(engine.configure({ load: { rExtOhm: 120 }, feed: { flowLPerDay: 0.3 } })).toEqual({ restartRequired: false })
    expect(engine.snapshot().stack.actuators).toMatchObject({ loadOhm: 120, feedLPerDay: 0.3 })
    expect(engine.configure({ stack: { cells: 4 } })).toEqual({ restartRequired: true })
    expect(engine.status().restartRequired).toBe(true)
    expect(engine.snapshot().cells).toHaveLength(1)
    engine.reset()
    expect(engine.snapshot().cells).toHaveLength(4)
    expect(engine.status()).toMatchObject({ restartRequired: false, simTimeS: 0, state: 'idle' })
  })

  it('rejects an invalid change with the field path and changes nothing', () => {
    const engine = createSimulationEngine({}, { now: () => 0 })
    const before = JSON.stringify(engine.config())
    expect(() => engine.configure({ load: { rExtOhm: -3 } })).toThrow(RunConfigError)
    expect(() => engine.configure({ load: { rExtOhm: -3 } })).toThrow(/load\.rExtOhm/)
    expect(() => engine.setController({ kind: 'pid', kp: -1 })).toThrow(/controller\.kp/)
    expect(() => engine.injectFault({ kind: 'starvation', cell: 4 })).toThrow(/fault\.cell/)
    expect(() => engine.injectFault({ kind: 'nope' })).toThrow(/fault\.kind/)
    expect(JSON.stringify(engine.config())).toBe(before)
  })

  it('switches controllers live', () => {
    const engine = createSimulationEngine({ load: { rExtOhm: 1000 }, metrics: { optimumPeriodS: 0 } }, { now: () => 0 })
    engine.advanceSim(3600)
    engine.setController({ kind: 'mppt', periodS: 300 })
    const frame = engine.advanceSim(3600)
    expect(frame.controller).toBe('mppt')
    expect(frame.stack.actuators.loadOhm).toBeLessThan(1000) // P&O started walking towards the MPP
  })

  it('injects and clears faults at run time', () => {
    const engine = createSimulationEngine({ metrics: { optimumPeriodS: 0 } }, { now: () => 0 })
    engine.advanceSim(3600)
    const id = engine.injectFault({ kind: 'load-disconnect' })
    let frame = engine.advanceSim(600)
    expect(frame.stack).toMatchObject({ loadConnected: false, currentA: 0 })
    expect(frame.activeFaults.map((f) => f.id)).toEqual([id])
    expect(engine.clearFault(id)).toBe(true)
    frame = engine.advanceSim(600)
    expect(frame.stack.currentA).toBeGreaterThan(1e-3)
    const xa = frame.cells[0]?.anodophilicMgL as number
    engine.injectFault({ kind: 'biofilm-loss', fraction: 0.5 })
    frame = engine.advanceSim(60)
    expect(frame.cells[0]?.anodophilicMgL).toBeLessThan(0.6 * xa)
  })

  it('holds a stuck sensor while the truth moves, and raises reversal on a starved series cell', () => {
    const engine = createSimulationEngine(
      { stack: { cells: 3 }, load: { rExtOhm: 300 }, metrics: { optimumPeriodS: 0 } },
      { now: () => 0 },
    )
    engine.advanceSim(3600)
    engine.injectFault({ kind: 'sensor-stuck', channel: 'substrate', cell: 1 })
    engine.injectFault({ kind: 'starvation', cell: 1 })
    const stuckAt = engine.advanceSim(60).cells[1]?.measuredSubstrateMgL
    const frame = engine.advanceSim(86_400)
    expect(frame.cells[1]?.measuredSubstrateMgL).toBe(stuckAt)
    expect(frame.cells[1]?.substrateMgL).toBeLessThan(1)
    expect(frame.cells[1]?.voltageV).toBeLessThan(0)
    expect(frame.cells[1]?.alarms).toContain('voltage-reversal')
    expect(engine.alarmEvents()).toContainEqual(
      expect.objectContaining({ cell: 1, alarm: 'voltage-reversal', raised: true }),
    )
  })

  it('sweeps the stack as it is without disturbing the run', () => {
    const engine = createSimulationEngine({}, { now: () => 0 })
    const before = JSON.stringify(engine.snapshot())
    const sweep = engine.sweep({ minOhm: 20, maxOhm: 2000, points: 12 })
    expect(sweep.points).toHaveLength(12)
    expect(sweep.mpp.powerW).toBeGreaterThanOrEqual(Math.max(...sweep.points.map((p) => p.powerW)))
    expect(JSON.stringify(engine.snapshot())).toBe(before)
  })
})

describe('engine actuals', () => {
  it('reports the actual load and feed beside the commanded ones under faults', () => {
    const engine = createSimulationEngine({ stack: { cells: 4 } }, { now: () => 0 })
    const commanded = engine.advanceSim(60).stack
    expect(commanded.actual).toEqual({
      loadOhm: commanded.actuators.loadOhm,
      feedLPerDay: commanded.actuators.feedLPerDay,
    })
    const onePump = engine.injectFault({ kind: 'feed-pump-failure', cell: 1 })
    expect(engine.advanceSim(60).stack.actual.feedLPerDay).toBeCloseTo(0.75 * commanded.actuators.feedLPerDay, 12)
    engine.clearFault(onePump)
    engine.injectFault({ kind: 'feed-pump-failure' })
    engine.injectFault({ kind: 'load-disconnect' })
    const failed = engine.advanceSim(60).stack
    expect(failed.actual).toEqual({ loadOhm: Infinity, feedLPerDay: 0 })
    expect(failed.actuators.feedLPerDay).toBe(commanded.actuators.feedLPerDay)
  })
})
