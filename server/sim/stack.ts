import {
  anodophilicUptakeCap,
  cellEmf,
  implicitMediator,
  implicitMediatorSlope,
  internalResistanceOhm,
  kineticsFactor,
  mediatorGainPerA,
  openCircuitVoltageV,
  slowRates,
  thermalVoltageV,
  type CellEmf,
} from './cell-model.js'
import { solveCircuit } from './circuit.js'
import { createCircuitWorkspace, type CellTerminals, type CircuitSolution } from './circuit-types.js'
import type { CellParameters, CellState } from './parameters.js'
import type { Wiring } from './wiring.js'

/** 'full': the four-state model; 'reduced': biomass held fixed, states S and M_ox (MFC_MODEL.md). */
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

/*
 * Integrator. The mediator equation (12) is stiff: near the literature operating point its time
 * constant is milliseconds (the current reacts to M_red ~ 1e-6 mg-M/mg-x), while substrate and biomass
 * move over minutes to days. Each step therefore splits the work:
 *   - the mediator is advanced by backward Euler (L-stable) together with the circuit: for a trial
 *     current the implicit mediator is a closed-form quadratic root (cell-model.ts), and the network's
 *     current/voltage is found by a bracketed Newton solve, so the fast subsystem lands on its slow
 *     manifold for any step size;
 *   - S, x_a, x_m are advanced by Heun's method (explicit trapezoid, 2nd order), evaluating their rates
 *     with the mediator and current of each stage.
 * Any fixed point of the step is an exact steady state of the ODEs (both stages see f = 0), so steady
 * currents and powers do not depend on the step. Measured against a fine-step (0.5 s) reference in
 * stack.test.ts: steady-state current and power agree to < 1e-9 relative at the 60 s default step;
 * the trajectory through a load step stays within 0.1 % at every sample.
 */
export function createStack(spec: StackSpec, from?: Stack): Stack {
  const n = spec.parameters.length
  const params = spec.parameters
  const reduced = spec.model === 'reduced'
  const copyOr = (source: Float64Array | undefined, pick: (s: CellState) => number) =>
    source ? Float64Array.from(source) : Float64Array.from(spec.initial, pick)
  const substrate = copyOr(from?.substrateMgL, (s) => s.substrateMgL)
  const anodophilic = copyOr(from?.anodophilicMgL, (s) => s.anodophilicMgL)
  const methanogenic = copyOr(from?.methanogenicMgL, (s) => s.methanogenicMgL)
  const mediator = copyOr(from?.oxidisedMediator, (s) => s.oxidisedMediatorMgMPerMgX)

  const outputs: StackOutputs = {
    cellCurrentA: new Float64Array(n),
    cellVoltageV: new Float64Array(n),
    openCircuitV: new Float64Array(n),
    internalOhm: new Float64Array(n),
    anodeLossV: new Float64Array(n),
    uptakeMgLPerDay: new Float64Array(n),
    methanogenicUptakeMgLPerDay: new Float64Array(n),
    loadVoltageV: from?.outputs.loadVoltageV ?? 0,
    loadCurrentA: from?.outputs.loadCurrentA ?? 0,
  }
  if (from)
    for (const key of [
      'cellCurrentA',
      'cellVoltageV',
      'openCircuitV',
      'internalOhm',
      'anodeLossV',
      'uptakeMgLPerDay',
      'methanogenicUptakeMgLPerDay',
    ] as const)
      outputs[key].set(from.outputs[key])
  const solution: CircuitSolution = {
    cellCurrentA: outputs.cellCurrentA,
    loadVoltageV: outputs.loadVoltageV,
    loadCurrentA: outputs.loadCurrentA,
  }
  const circuit = createCircuitWorkspace(spec.wiring)
  for (let s = 0; s < circuit.warm.length; s += 1)
    circuit.warm[s] = outputs.cellCurrentA[spec.wiring.strings[s]?.[0] ?? 0] ?? 0

  // Stage workspace: the frozen terms of each cell's implicit mediator, and the stage's results.
  const uptakeCap = new Float64Array(n)
  const gain = new Float64Array(n)
  const thermal = new Float64Array(n)
  const factor = new Float64Array(n)
  const stageMediator = new Float64Array(n)
  let stepDays = 0
  const rates = new Float64Array(5)
  const k1 = new Float64Array(3 * n)
  const k2 = new Float64Array(3 * n)
  const predicted = [new Float64Array(n), new Float64Array(n), new Float64Array(n)] as const

  const emfOut: CellEmf = { emfV: 0, slope: 0 }
  const terminals: CellTerminals = {
    slope: 0,
    voltage(cell, currentA) {
      const p = params[cell] as CellParameters
      const m = implicitMediator(
        p,
        mediator[cell] as number,
        stepDays,
        uptakeCap[cell] as number,
        gain[cell] as number,
        currentA,
      )
      stageMediator[cell] = m
      const reducedMediator = p.mTotalMgMPerMgX - m
      const e = outputs.openCircuitV[cell] as number
      const kt = thermal[cell] as number
      const r = outputs.internalOhm[cell] as number
      cellEmf(p, reducedMediator, e, kt, emfOut)
      const emf = emfOut.emfV
      this.slope =
        -emfOut.slope * implicitMediatorSlope(p, m, stepDays, uptakeCap[cell] as number, gain[cell] as number) - r
      outputs.anodeLossV[cell] = e - emf
      const v = emf - r * currentA
      outputs.cellVoltageV[cell] = v
      return v
    },
    emfBoundV: (cell) => outputs.openCircuitV[cell] as number,
    internalOhm: (cell) => outputs.internalOhm[cell] as number,
  }

  /** One stage: circuit + implicit mediator at slow state (s, xa, xm), slow rates into k. */
  const stage = (s: Float64Array, xa: Float64Array, xm: Float64Array, inputs: StackInputs, k: Float64Array): void => {
    for (let i = 0; i < n; i += 1) {
      const p = params[i] as CellParameters
      const x = xa[i] as number
      const t = inputs.temperatureK[i] as number
      factor[i] = kineticsFactor(p, t)
      uptakeCap[i] = anodophilicUptakeCap(p, s[i] as number, factor[i] as number)
      gain[i] = mediatorGainPerA(p, x)
      thermal[i] = thermalVoltageV(p, t)
      outputs.openCircuitV[i] = openCircuitVoltageV(p, x)
      outputs.internalOhm[i] = internalResistanceOhm(p, x)
    }
    solveCircuit(spec.wiring, terminals, inputs.loadOhm, inputs.cellLoadOhm, circuit, solution)
    for (let i = 0; i < n; i += 1) {
      const p = params[i] as CellParameters
      const cascadeSource = spec.feeding === 'cascade' && i > 0
      const influent = cascadeSource ? Math.max(s[i - 1] as number, 0) : (inputs.influentMgL[i] as number)
      const flow = (cascadeSource ? inputs.feedLPerDay[0] : inputs.feedLPerDay[i]) as number
      slowRates(
        p,
        s[i] as number,
        xa[i] as number,
        xm[i] as number,
        stageMediator[i] as number,
        flow / p.anodeVolumeL,
        influent,
        (inputs.dosingMgPerDay[i] as number) / p.anodeVolumeL,
        factor[i] as number,
        rates,
      )
      k[3 * i] = rates[0] as number
      k[3 * i + 1] = reduced ? 0 : (rates[1] as number)
      k[3 * i + 2] = reduced ? 0 : (rates[2] as number)
      outputs.uptakeMgLPerDay[i] = rates[3] as number
      outputs.methanogenicUptakeMgLPerDay[i] = rates[4] as number
    }
  }

  const stack: Stack = {
    spec,
    cells: n,
    substrateMgL: substrate,
    anodophilicMgL: anodophilic,
    methanogenicMgL: methanogenic,
    oxidisedMediator: mediator,
    outputs,
    step(hDays, inputs) {
      if (!(hDays > 0)) return
      stepDays = hDays
      const [ps, pxa, pxm] = predicted
      stage(substrate, anodophilic, methanogenic, inputs, k1)
      for (let i = 0; i < n; i += 1) {
        // Concentrations cannot go negative; clamping the predictor keeps the corrector's rates physical.
        ps[i] = Math.max((substrate[i] as number) + hDays * (k1[3 * i] as number), 0)
        pxa[i] = Math.max((anodophilic[i] as number) + hDays * (k1[3 * i + 1] as number), 0)
        pxm[i] = Math.max((methanogenic[i] as number) + hDays * (k1[3 * i + 2] as number), 0)
      }
      stage(ps, pxa, pxm, inputs, k2)
      const half = hDays / 2
      for (let i = 0; i < n; i += 1) {
        substrate[i] = Math.max((substrate[i] as number) + half * ((k1[3 * i] as number) + (k2[3 * i] as number)), 0)
        anodophilic[i] = Math.max(
          (anodophilic[i] as number) + half * ((k1[3 * i + 1] as number) + (k2[3 * i + 1] as number)),
          0,
        )
        methanogenic[i] = Math.max(
          (methanogenic[i] as number) + half * ((k1[3 * i + 2] as number) + (k2[3 * i + 2] as number)),
          0,
        )
        mediator[i] = stageMediator[i] as number
      }
      outputs.loadVoltageV = solution.loadVoltageV
      outputs.loadCurrentA = solution.loadCurrentA
    },
    steadyRates(substrateMgL, inputs, out) {
      // An infinite backward-Euler step is the mediator's steady state (cell-model.ts).
      stepDays = Infinity
      stage(substrateMgL, anodophilic, methanogenic, inputs, k1)
      for (let i = 0; i < n; i += 1) out[i] = k1[3 * i] as number
    },
    holdSteady(substrateMgL, inputs) {
      stack.steadyRates(substrateMgL, inputs, k2)
      substrate.set(substrateMgL)
      mediator.set(stageMediator)
      outputs.loadVoltageV = solution.loadVoltageV
      outputs.loadCurrentA = solution.loadCurrentA
    },
    clone: (model = spec.model) => createStack({ ...spec, model }, stack),
  }
  return stack
}
