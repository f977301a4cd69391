import type { CellParameters } from '../../sim/parameters.js'
import type { Work } from '../../sim/work.js'
import type { CellConditions, CellPoint } from './cell-steady-state.js'
import { estimateWork, type Estimate, type ParameterName } from './estimate.js'
import { createPolarizationModel, type BiofilmMode } from './polarization-model.js'

/*
 * Estimation of chosen model parameters of one cell from steady-state polarization points (docs/twin.md
 * "The estimator"): the cell voltage at each load against the engine's steady state at that load.
 */

export type { ParameterName } from './estimate.js'
export { DEFAULT_VOLTAGE_RESOLUTION_V, startingParameters } from './estimate.js'
export type MeasuredPoint = { rExtOhm: number; voltageV: number; currentA: number }

export type FitRequest = {
  points: readonly MeasuredPoint[]
  conditions: CellConditions
  biofilm: BiofilmMode
  fit: readonly ParameterName[]
  /** Every parameter not fitted, and the start of the fitted ones (default: the engine's nominal set). */
  base?: Partial<CellParameters>
  /** Floor of the residual standard deviation: the voltmeter's resolution (default 0.1 mV). */
  voltageResolutionV?: number
}

export type FittedPoint = MeasuredPoint & {
  powerW: number
  model: { voltageV: number; currentA: number; powerW: number }
  residualV: number
}

export type FitResult = Omit<Estimate, 'modelV'> & {
  points: FittedPoint[]
  /** The fitted model over the data's range of loads, for the data-vs-model plot. */
  curve: Array<{ rExtOhm: number; voltageV: number; currentA: number; powerW: number }>
}

const CURVE_POINTS = 40

/** The fit of `request.fit` to the points, with each point's model value and the model curve. */
export function* fitPolarizationWork(request: FitRequest): Work<FitResult> {
  const atLoads = (loads: readonly number[]) => createPolarizationModel(request.conditions, request.biofilm, loads)
  const model = atLoads(request.points.map((p) => p.rExtOhm))
  let last: CellPoint[] = []
  const { modelV: _modelV, ...estimate } = yield* estimateWork({
    measuredV: request.points.map((p) => p.voltageV),
    *model(parameters) {
      last = yield* model(parameters)
      return last.map((point) => point.voltageV)
    },
    fit: request.fit,
    base: request.base,
    voltageResolutionV: request.voltageResolutionV,
  })
  const finite = request.points.map((p) => p.rExtOhm).filter(Number.isFinite)
  const [lo, hi] = [Math.min(...finite), Math.max(...finite)]
  const loads = Array.from({ length: CURVE_POINTS }, (_, k) => lo * (hi / lo) ** (k / (CURVE_POINTS - 1)))
  const curve = yield* atLoads(loads)(estimate.cellParameters)
  return {
    ...estimate,
    // The estimator's last evaluation is at the fitted parameters: `last` is the model there.
    points: request.points.map((measured, i) => {
      const modelled = last[i] as CellPoint
      return {
        ...measured,
        powerW: measured.voltageV * measured.currentA,
        model: { voltageV: modelled.voltageV, currentA: modelled.currentA, powerW: modelled.powerW },
        residualV: modelled.voltageV - measured.voltageV,
      }
    }),
    curve: curve.map(({ rExtOhm, voltageV, currentA, powerW }) => ({ rExtOhm, voltageV, currentA, powerW })),
  }
}
