import { literatureInitialState, type CellParameters } from '../../sim/parameters.js'
import type { Work } from '../../sim/work.js'
import { createSteadyCell, type Biofilm, type CellConditions, type CellPoint } from './cell-steady-state.js'

/**
 * Where the biofilm of each point stands (docs/twin.md "The model behind the fit"): at its own long-run
 * steady state at that load (a slow resistor-step test), or held as grown at one load (a fast sweep).
 */
export type BiofilmMode = { kind: 'steady' } | { kind: 'held'; grownAtOhm: number }

/** The model's polarization points for one parameter set: steady states at each load, in the given order. */
export type PolarizationModel = (parameters: CellParameters) => Work<CellPoint[]>

/** The biofilm a model run starts from: the engine's literature initial state (an established cell). */
export const startingBiofilm: Biofilm = {
  anodophilicMgL: literatureInitialState.anodophilicMgL,
  methanogenicMgL: literatureInitialState.methanogenicMgL,
}

/**
 * The model of a polarization experiment at `loads` (ohm; Infinity = open circuit), in the order the
 * points were measured. With a steady biofilm each point continues from the previous point's biofilm
 * (the first from `startingBiofilm`), as a resistor-step test does: where the model has two steady
 * states, the history decides, so the order of the data matters. A held biofilm is grown at its load
 * from `startingBiofilm` once per parameter set.
 */
export function createPolarizationModel(
  conditions: CellConditions,
  biofilm: BiofilmMode,
  loads: readonly number[],
): PolarizationModel {
  return function* model(parameters) {
    const cell = createSteadyCell(parameters, conditions)
    const points: CellPoint[] = []
    if (biofilm.kind === 'held') {
      const grown = (yield* cell.longRunWork(biofilm.grownAtOhm, startingBiofilm)).biofilm
      for (const load of loads) points.push(yield* cell.fastWork(grown, load))
      return points
    }
    let previous = startingBiofilm
    for (const load of loads) {
      const point = yield* cell.longRunWork(load, previous)
      previous = point.biofilm
      points.push(point)
    }
    return points
  }
}
