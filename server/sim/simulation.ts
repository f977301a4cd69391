import type { CellSample } from '../contract/stream.js'
import { createSimulationEngine } from './engine.js'

export type SimulationSnapshot = { simTimeS: number; cells: CellSample[] }

/** What the station needs from a simulation: advance simulated time, read the current state. */
export type Simulation = {
  advance(simulatedSeconds: number): void
  snapshot(): SimulationSnapshot
}

/**
 * The literature single cell (full four-state model) behind the skeleton's narrow interface, until the
 * station drives createSimulationEngine() directly. `config` is a run config document (default `{}`).
 */
export function createSingleCellSimulation(config: object = {}): Simulation {
  // Advanced by simulated seconds only, so the engine's wall clock is never read.
  const engine = createSimulationEngine({ durationS: 3650 * 86_400, ...config }, { now: () => 0 })
  return {
    advance(simulatedSeconds) {
      if (simulatedSeconds > 0) engine.advanceSim(simulatedSeconds)
    },
    snapshot() {
      const frame = engine.snapshot()
      return { simTimeS: frame.simTimeS, cells: frame.cells.map(({ voltageV, currentA, powerW, substrateMgL }) => ({ voltageV, currentA, powerW, substrateMgL })) }
    },
  }
}
