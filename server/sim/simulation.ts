import type { CellSample } from '../contract/stream.js'
import { integrate, literatureInitialState, literatureOperatingPoint, sampleCell, type ReducedCellInputs, type ReducedCellState } from './reduced-cell.js'

export type SimulationSnapshot = { simTimeS: number; cells: CellSample[] }

/** What the station needs from a simulation: advance simulated time, read the current state. */
export type Simulation = {
  advance(simulatedSeconds: number): void
  snapshot(): SimulationSnapshot
}

/** A single reduced-model cell at the literature operating point. */
export function createSingleCellSimulation(inputs: ReducedCellInputs = literatureOperatingPoint, initial: ReducedCellState = literatureInitialState): Simulation {
  let state = initial
  let simTimeS = 0
  return {
    advance(simulatedSeconds) {
      if (!(simulatedSeconds > 0)) return
      state = integrate(state, inputs, simulatedSeconds / 86_400)
      simTimeS += simulatedSeconds
    },
    snapshot: () => ({ simTimeS, cells: [sampleCell(state, inputs)] }),
  }
}
