import { describe, expect, it } from 'vitest'
import { createSimulationEngine, type SimulationEngine } from './engine.js'

/*
 * The work budget (docs/architecture-sim.md "Work budget"): no configuration the API accepts may keep
 * a call into the engine from returning. Wall time here is a fake that advances with the work done,
 * so the tests measure work, not the machine.
 */

const BUDGET_MS = 80 // the default: 0.8 of a 10 Hz output period

/**
 * An engine whose wall clock advances by `stepCostMs` per integration step (read off the simulated
 * time, one step per `stepS`) plus the idle time the test lets pass between calls.
 */
function engineWithCostlySteps(
  config: { stepS: number } & Record<string, unknown>,
  stepCostMs: number,
  speed: number | 'max',
) {
  let built: SimulationEngine | undefined // the clock reads the engine it is injected into
  let idleMs = 0
  const now = () => idleMs + ((built?.status().simTimeS ?? 0) / config.stepS) * stepCostMs
  const engine = createSimulationEngine(config, { now, speed, outputHz: 10 })
  built = engine
  /** One timer tick: `waitMs` pass, then advance(); the wall time the call took and its frames. */
  const tick = (budgetMs?: number, waitMs = 100) => {
    idleMs += waitMs
    const before = now()
    const frames = engine.advance(budgetMs)
    return { frames, tookMs: now() - before }
  }
  return { engine, tick }
}

describe('engine work budget', () => {
  it('returns within the budget with stepS = 1e-4 at speed 600 (the station froze before)', () => {
    const stepS = 1e-4
    const { engine, tick } = engineWithCostlySteps({ stepS, metrics: { optimumPeriodS: 0 } }, 0.002, 600)
    engine.start()
    let simulated = 0
    for (let call = 0; call < 5; call += 1) {
      const { frames, tookMs } = tick()
      // Each call: at most the budget plus one stride of steps (work.ts), and some simulated time.
      expect(tookMs).toBeLessThanOrEqual(BUDGET_MS * (1 + 1 / 16) + 16 * 0.002)
      expect(frames.length).toBeGreaterThanOrEqual(1)
      const reached = engine.status().simTimeS
      expect(reached).toBeGreaterThan(simulated)
      // What it could not produce is dropped, not owed: the frame is where the run is.
      expect((frames.at(-1)?.simTimeS as number) - reached).toBeLessThan(stepS)
      simulated = reached
    }
    // 40 000 steps per call (80 ms / 2 us): 4 simulated seconds, where 60 per frame were asked.
    expect(simulated).toBeGreaterThan(5 * 3.5)
    expect(simulated).toBeLessThan(5 * 4.5)
  })

  it.each([256, 512])(
    'returns within the budget with %i cells at speed "max", and takes a new speed at once',
    (cells) => {
      const stepS = 60
      const config = { stepS, stack: { cells }, load: { rExtOhm: 50 * cells }, metrics: { optimumPeriodS: 0 } }
      const { engine, tick } = engineWithCostlySteps(config, 5, 'max')
      engine.start()
      for (let call = 0; call < 3; call += 1) {
        const { frames, tookMs } = tick()
        expect(frames.length).toBeGreaterThanOrEqual(1)
        expect(tookMs).toBeLessThanOrEqual(BUDGET_MS + 5) // owed frames share the budget; one step of overrun
      }
      engine.setSpeed({ speed: 600 })
      const before = engine.status().simTimeS
      const { frames, tookMs } = tick()
      expect(tookMs).toBeLessThanOrEqual(BUDGET_MS + 5)
      expect(frames.at(-1)?.simTimeS).toBeCloseTo(before + 60 * frames.length, 6) // one step per frame at 600x, 10 Hz
    },
  )

  it('stops producing owed frames once the call has spent its budget, even when one step outlasts a share', () => {
    const { engine, tick } = engineWithCostlySteps({ stepS: 60, metrics: { optimumPeriodS: 0 } }, 50, 'max')
    engine.start()
    tick() // two steps: 100 ms
    const { frames, tookMs } = tick(undefined, 200) // 300 ms since: three frames owed, 27 ms of budget each
    expect(tookMs).toBeLessThanOrEqual(BUDGET_MS + 50) // a step per frame would be 150 ms
    expect(frames).toHaveLength(2) // the third is dropped
  })

  it('takes a budget per call from the caller', () => {
    const { engine, tick } = engineWithCostlySteps({ stepS: 60, metrics: { optimumPeriodS: 0 } }, 1, 'max')
    engine.start()
    expect(tick(10).tookMs).toBeLessThanOrEqual(10 + 1)
    expect(tick(40).tookMs).toBeGreaterThanOrEqual(40)
  })
})

describe('steady-state work in slices', () => {
  // Every clock read costs 1 ms: a slice does a few hundred evaluations, so the work spans many calls.
  const readsCost = () => {
    let wallMs = 0
    return () => (wallMs += 1)
  }
  const stack = { stack: { cells: 4, wiring: 'parallel', spread: 0.05 }, load: { rExtOhm: 10 } }

  it('lets the run wait for its tracking optimum over several calls, with the result of one headless call', () => {
    const config = { ...stack, durationS: 7200, metrics: { warmupS: 600, optimumPeriodS: 3600 } }
    const headless = createSimulationEngine(config, { now: () => 0 })
    headless.advanceSim(7200)
    const sliced = createSimulationEngine(config, { now: readsCost(), speed: 'max' })
    sliced.start()
    let waitingCalls = 0
    while (sliced.status().state === 'running') {
      const before = sliced.status().simTimeS
      sliced.advance(20)
      if (sliced.status().simTimeS === before) waitingCalls += 1
    }
    expect(waitingCalls).toBeGreaterThan(2)
    expect(sliced.metrics()).toEqual(headless.metrics())
    expect(sliced.metrics().trackingEfficiencyPct).not.toBeNull()
  })

  it('sweeps in slices to the same result as a sweep at once', () => {
    const engine = createSimulationEngine(stack, { now: readsCost() })
    engine.advanceSim(3600)
    const options = { minOhm: 1, maxOhm: 100, points: 12 }
    const job = engine.startSweep(options)
    engine.advanceSim(3600) // the run goes on: the sweep works on the stack as it was when it started
    let slices = 1
    let result = job.run(2)
    for (; result === undefined; slices += 1) result = job.run(2)
    expect(slices).toBeGreaterThan(2)
    expect(job.run(2)).toBe(result)
    const atOnce = createSimulationEngine(stack, { now: () => 0 })
    atOnce.advanceSim(3600)
    expect(result).toEqual(atOnce.sweep(options))
  })
})
