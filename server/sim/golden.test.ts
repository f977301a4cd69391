import { describe, expect, it } from 'vitest'
import { createSimulationEngine } from './engine.js'

/*
 * Golden traces: digests of the frames, metrics and alarms of fixed scenarios, recorded from the engine
 * before it was split into smaller files. Any change to the numbers (an operation reordered, a step
 * boundary moved) changes a digest; a deliberate change of the model records new digests here.
 */

/** cyrb53: a 53-bit string hash, enough to tell traces apart (the engine has no crypto, by design). */
function digest(value: unknown): string {
  const text = JSON.stringify(value)
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ code, 2654435761)
    h2 = Math.imul(h2 ^ code, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16)
}

type Engine = ReturnType<typeof createSimulationEngine>

/** A frame without `stack.actual`, keys in their order (the digest hashes the JSON text). */
function withoutActual(frame: ReturnType<Engine['advanceSim']>): object {
  const { actual: _derived, ...stack } = frame.stack
  return Object.fromEntries(Object.entries(frame).map(([key, value]) => [key, key === 'stack' ? stack : value]))
}

function headless(config: object, frames: number, sliceS: number, before?: (engine: Engine) => void): string {
  const engine = createSimulationEngine(config, { now: () => 0 })
  before?.(engine)
  // The actual load and feed are derived from the actuators and faults after the fact (run-snapshot.ts):
  // left out so the digests still pin the physics recorded before they were added.
  const trace = Array.from({ length: frames }, () => withoutActual(engine.advanceSim(sliceS)))
  return digest({ trace, metrics: engine.metrics(), alarms: engine.alarmEvents(), status: engine.status() })
}

const weakCellStack = {
  seed: 42,
  durationS: 3 * 86_400,
  stack: { cells: 5, wiring: 'series', spread: 0.03 },
  cells: [{ index: 2, parameters: { qMaxAMgSPerMgXDay: 4.24, rMinOhm: 60 }, initial: { anodophilicMgL: 150 } }],
  feed: { influentMgL: 600 },
  load: { rExtOhm: 600 },
  metrics: { warmupS: 43_200, optimumPeriodS: 43_200 },
  sensors: {
    voltage: { noiseStd: 0.001 },
    substrate: { noiseStd: 3, delayS: 300, lagS: 300, dropoutProbability: 0.05 },
  },
}

const everyFault = {
  stack: { cells: 3, wiring: 'parallel', spread: 0.05 },
  load: { rExtOhm: 20 },
  durationS: 2 * 86_400,
  sensors: { samplePeriodS: 45 },
  controller: { kind: 'pid', actuator: 'dosing', periodS: 330 },
  feed: { influentSchedule: [{ atS: 100_000, influentMgL: 800 }] },
  faults: [
    { kind: 'feed-pump-failure', atS: 10_000, durationS: 5000, cell: 0 },
    { kind: 'biofilm-loss', atS: 30_000, fraction: 0.3 },
    { kind: 'sensor-stuck', atS: 40_000, durationS: 9000, channel: 'voltage' },
    { kind: 'sensor-drift', atS: 50_000, channel: 'substrate', cell: 2, ratePerDay: 5 },
    { kind: 'load-disconnect', atS: 70_000, durationS: 3000 },
    { kind: 'temperature-step', atS: 90_000, deltaK: -10, durationS: 20_000 },
  ],
}

describe('golden traces (the same seed and config give the same frames as before the split)', () => {
  it('a series stack with a weak cell, noisy sensors and the tracking optimum', () => {
    expect(headless(weakCellStack, 18, 14_400)).toBe('25068ddeaa6c9')
  })

  it('parallel strings under every fault kind, a PID on dosing and live changes', () => {
    const trace = headless(everyFault, 20, 8640, (engine) => {
      engine.advanceSim(5000)
      engine.injectFault({ kind: 'starvation', cell: 1, durationS: 4000 })
      engine.configure({ feed: { flowLPerDay: 0.2 } })
    })
    expect(trace).toBe('b41989322cf78')
  })

  it('independent cells on cascade feeding with per-cell MPPT, and series-parallel strings', () => {
    const independent = {
      stack: { cells: 4, wiring: 'independent', spread: 0.1, feeding: 'cascade' },
      load: { cellRExtOhm: [50, 100, 200, 1500] },
      durationS: 2 * 86_400,
      controller: { kind: 'mppt', scope: 'cell' },
      metrics: { optimumPeriodS: 43_200 },
    }
    const seriesParallel = {
      stack: { cells: 8, wiring: 'series-parallel', cellsPerString: 4, spread: 0.05 },
      load: { rExtOhm: 300 },
      durationS: 86_400,
      stepS: 17,
      model: 'reduced',
    }
    expect(headless(independent, 8, 21_600)).toBe('7ae67d29c468f')
    expect(headless(seriesParallel, 12, 7200)).toBe('4df68046d2fc4')
  })

  it('polarization sweeps of one cell and of parallel strings', () => {
    const sweepAfterADay = (config: object, options: { minOhm: number; maxOhm: number; points: number }) => {
      const engine = createSimulationEngine(config, { now: () => 0 })
      engine.advanceSim(86_400)
      // The stack curve and MPP as before the per-cell curves and the open circuit were added (sweep.test.ts checks those).
      const { mpp, points } = engine.sweep(options)
      return { mpp, points }
    }
    expect(digest(sweepAfterADay({}, { minOhm: 10, maxOhm: 2000, points: 40 }))).toBe('240a353c63c4a')
    const parallel = { stack: { cells: 6, wiring: 'parallel', spread: 0.03 } }
    expect(digest(sweepAfterADay(parallel, { minOhm: 1, maxOhm: 100, points: 20 }))).toBe('a8245fb9ad3bd')
  })

  it('the real-time clock with irregular ticks', () => {
    let wallMs = 1000
    const engine = createSimulationEngine(
      { ...weakCellStack, durationS: 6 * 3600 },
      { now: () => wallMs, speed: 370, outputHz: 10 },
    )
    engine.start()
    const frames = []
    for (let k = 0; engine.status().state === 'running'; k += 1) {
      wallMs += [100, 250, 130, 310][k % 4] as number
      frames.push(...engine.advance().map(withoutActual))
    }
    expect(digest({ frames, metrics: engine.metrics() })).toBe('ccd25f0c4a2c')
  })
})
