import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TelemetryFrame } from '../contract/stream.js'
import type { Simulation } from '../sim/simulation.js'
import { createSimulationService } from './simulation-service.js'

afterEach(() => vi.useRealTimers())

function recordingSimulation(): Simulation & { advanced: number[] } {
  let simTimeS = 0
  const advanced: number[] = []
  return {
    advanced,
    advance(seconds) {
      advanced.push(seconds)
      simTimeS += seconds
    },
    snapshot: () => ({ simTimeS, cells: [{ voltageV: 0.3, currentA: 0.006, powerW: 0.0018, substrateMgL: 20 }] }),
  }
}

describe('simulation service', () => {
  it('emits one frame per tick at the output rate, advancing speed/tickHz simulated seconds each', () => {
    vi.useFakeTimers()
    const simulation = recordingSimulation()
    const frames: TelemetryFrame[] = []
    const service = createSimulationService({ simulation, tickHz: 10, speed: 600, onFrame: (f) => frames.push(f), now: () => 42 })
    service.start()
    service.start() // idempotent: still one timer
    vi.advanceTimersByTime(1000)
    expect(frames).toHaveLength(10)
    expect(simulation.advanced.every((s) => s === 60)).toBe(true)
    expect(frames.map((f) => f.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(frames[9]).toMatchObject({ type: 'telemetry', runId: service.runId, simTimeS: 600, wallTimeMs: 42 })
    service.stop()
    vi.advanceTimersByTime(1000)
    expect(frames).toHaveLength(10)
  })
})
