import type { CellParameters, CellState } from './parameters.js'
import type { Wiring } from './wiring.js'

/** 'full': the four-state model; 'reduced': biomass held fixed, states S and M_ox (docs/simulation.md "Reduced model"). */
export type ModelKind = 'full' | 'reduced'
/** Hydraulics: every cell fed from one line, or the effluent of cell i feeding cell i + 1. */
export type FeedingKind = 'parallel' | 'cascade'

export type StackSpec = {
  parameters: readonly CellParameters[]
  initial: readonly CellState[]
  wiring: Wiring
  feeding: FeedingKind
  model: ModelKind
}

/** Inputs held constant over one step, per cell where they can differ. */
export type StackInputs = {
  /** Shared load (ohm); Infinity when disconnected. */
  loadOhm: number
  /** Each cell's own load when the wiring gives cells separate loads; Infinity when disconnected. */
  cellLoadOhm: Float64Array
  feedLPerDay: Float64Array
  /** Substrate in the feed; with cascade feeding only cell 0's is used. */
  influentMgL: Float64Array
  dosingMgPerDay: Float64Array
  temperatureK: Float64Array
}

/** Per-cell results of the last step, all sized to the cell count. */
export type StackOutputs = {
  cellCurrentA: Float64Array
  cellVoltageV: Float64Array
  openCircuitV: Float64Array
  internalOhm: Float64Array
  /** E_OCV minus the cell's EMF: concentration loss plus mediator limitation at the anode (V). */
  anodeLossV: Float64Array
  /** Substrate consumed by both populations, mg-S/L/d, and by methanogens alone. */
  uptakeMgLPerDay: Float64Array
  methanogenicUptakeMgLPerDay: Float64Array
  loadVoltageV: number
  loadCurrentA: number
}

export type Stack = {
  readonly spec: StackSpec
  readonly cells: number
  readonly substrateMgL: Float64Array
  readonly anodophilicMgL: Float64Array
  readonly methanogenicMgL: Float64Array
  readonly oxidisedMediator: Float64Array
  readonly outputs: StackOutputs
  /** Advances every cell by h days (see the integrator note below). */
  step(hDays: number, inputs: StackInputs): void
  /**
   * dS/dt of every cell (into `out`, mg-S/L/d) at substrate `substrateMgL` with the biomass as it is and
   * the mediator and circuit at their steady state (eq. (12) with dM/dt = 0): the residual of the
   * steady-state equations that steady-state.ts drives to zero. Outputs follow that point.
   */
  steadyRates(substrateMgL: Float64Array, inputs: StackInputs, out: Float64Array): void
  /** Moves the state to substrate `substrateMgL` with its steady mediator (after steadyRates found it steady). */
  holdSteady(substrateMgL: Float64Array, inputs: StackInputs): void
  /** An independent copy (state, outputs and solver warm start): for sweeps and what-if runs. */
  clone(model?: ModelKind): Stack
}

/** Allocates the per-cell input arrays for `cells` cells. */
export function createStackInputs(cells: number): StackInputs {
  return {
    loadOhm: Infinity,
    cellLoadOhm: new Float64Array(cells).fill(Infinity),
    feedLPerDay: new Float64Array(cells),
    influentMgL: new Float64Array(cells),
    dosingMgPerDay: new Float64Array(cells),
    temperatureK: new Float64Array(cells).fill(298.15),
  }
}
