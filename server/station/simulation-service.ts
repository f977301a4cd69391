import { randomUUID } from 'node:crypto'
import type { TelemetryFrame } from '../contract/stream.js'
import type { Simulation } from '../sim/simulation.js'

export type SimulationServiceOptions = {
  simulation: Simulation
  /** Output frames per wall-clock second. */
  tickHz: number
  /** Simulated seconds per wall-clock second. */
  speed: number
  onFrame: (frame: TelemetryFrame) => void
  now?: () => number
}

export type SimulationService = {
  readonly runId: string
  start(): void
  stop(): void
}

/**
 * Drives a simulation at a fixed output rate: every tick advances simulated time by speed/tickHz
 * seconds (the model substeps internally) and emits one telemetry frame.
 */
export function createSimulationService(options: SimulationServiceOptions): SimulationService {
  // Sub-millisecond wall time (epoch based), so delivery latency can be measured finer than 1 ms.
  const now = options.now ?? (() => performance.timeOrigin + performance.now())
  const runId = randomUUID()
  const simulatedSecondsPerTick = options.speed / options.tickHz
  let seq = 0
  let timer: NodeJS.Timeout | undefined

  const tick = () => {
    options.simulation.advance(simulatedSecondsPerTick)
    const snapshot = options.simulation.snapshot()
    seq += 1
    options.onFrame({ type: 'telemetry', runId, seq, simTimeS: snapshot.simTimeS, wallTimeMs: now(), cells: snapshot.cells })
  }

  return {
    runId,
    start() {
      if (timer) return
      timer = setInterval(tick, 1000 / options.tickHz)
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = undefined
    },
  }
}
