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
import { createCircuit } from './circuit.js'
import type { CellTerminals, CircuitSolution } from './circuit-types.js'
import type { CellParameters } from './parameters.js'
import type { StackInputs, StackOutputs, StackSpec } from './stack-types.js'

/**
 * The per-cell terms one stage freezes (they depend on the slow state only) while the circuit solve
 * varies the current, and the mediator each cell's implicit solve gave at the last current tried.
 */
type StageTerms = {
  uptakeCap: Float64Array
  gain: Float64Array
  thermal: Float64Array
  factor: Float64Array
  mediator: Float64Array
}

/** One stage of the integrator (stack.ts): the circuit with the implicit mediator, then the slow rates. */
export type StackStage = {
  /** The mediator (M_ox) of every cell at the stage's solution. */
  readonly mediator: Float64Array
  /** The circuit's result; its cell currents are the stack outputs' array. */
  readonly solution: CircuitSolution
  /**
   * Solves the stage at slow state (s, xa, xm) with a backward-Euler mediator step of `stepDays`
   * (Infinity: its steady state) and writes the slow rates of cell i to k[3i..3i+2].
   */
  run(s: Float64Array, xa: Float64Array, xm: Float64Array, inputs: StackInputs, k: Float64Array, stepDays: number): void
}

/**
 * Each cell as the circuit sees it: terminal voltage at a trial current through its implicit mediator.
 * The circuit calls voltage() for every cell at every iteration, so it reads closure variables only.
 */
function createTerminals(
  params: readonly CellParameters[],
  mediator: Float64Array,
  terms: StageTerms,
  outputs: StackOutputs,
): { terminals: CellTerminals; setStepDays(days: number): void } {
  const { uptakeCap, gain, thermal, mediator: stageMediator } = terms
  const emfOut: CellEmf = { emfV: 0, slope: 0 }
  let stepDays = 0
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
  return { terminals, setStepDays: (days) => void (stepDays = days) }
}

/**
 * The stage of a stack whose state arrays are `mediator` (M_ox) and whose results go to `outputs`. The
 * circuit's warm start is taken from the outputs' cell currents (a clone continues where its source was).
 */
export function createStackStage(spec: StackSpec, mediator: Float64Array, outputs: StackOutputs): StackStage {
  const n = spec.parameters.length
  const params = spec.parameters
  const reduced = spec.model === 'reduced'
  const perCell = () => new Float64Array(n)
  const terms: StageTerms = {
    uptakeCap: perCell(),
    gain: perCell(),
    thermal: perCell(),
    factor: perCell(),
    mediator: perCell(),
  }
  const { uptakeCap, gain, thermal, factor, mediator: stageMediator } = terms
  const solution: CircuitSolution = {
    cellCurrentA: outputs.cellCurrentA,
    loadVoltageV: outputs.loadVoltageV,
    loadCurrentA: outputs.loadCurrentA,
  }
  const { terminals, setStepDays } = createTerminals(params, mediator, terms, outputs)
  const circuit = createCircuit(spec.wiring, terminals, solution)
  for (let s = 0; s < circuit.warm.length; s += 1)
    circuit.warm[s] = outputs.cellCurrentA[spec.wiring.strings[s]?.[0] ?? 0] ?? 0
  const rates = new Float64Array(5)

  return {
    mediator: stageMediator,
    solution,
    run(s, xa, xm, inputs, k, stepDays) {
      setStepDays(stepDays)
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
      circuit.solve(inputs.loadOhm, inputs.cellLoadOhm)
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
    },
  }
}
