import { kineticsFactor, retention } from '../../sim/cell-model.js'
import { literatureInitialState, type CellParameters } from '../../sim/parameters.js'
import { createStack } from '../../sim/stack.js'
import { createStackInputs, type Stack, type StackInputs } from '../../sim/stack-types.js'
import { steadyStateWork } from '../../sim/steady-state.js'
import { settleWork } from '../../sim/sweep.js'
import { buildWiring } from '../../sim/wiring.js'
import type { Biofilm, CellConditions, CellPoint } from './cell-types.js'
import { coexistenceWork, type CoexistenceModel } from './coexistence.js'
import { settledBiomassWork, WASHED_OUT_MG_L } from './root-search.js'
import type { Work } from '../../sim/work.js'

/*
 * Steady states of one cell of the engine (server/sim) on its own load, for the estimator
 * (docs/twin.md "The model behind the fit"). Two kinds:
 *   - fast: substrate, mediator and circuit at their steady state with the biofilm as given (the
 *     engine's own direct solver, steady-state.ts, as its polarization sweeps use it);
 *   - long-run: the biofilm at its steady state too, eqs. (7)-(8) with dx/dt = 0. Per unit of biomass
 *     the net growth g_a = mu_a - K_d,a - alpha_a D falls as the biofilm grows (retention rises, the
 *     current per unit of biomass falls), so for the methanogens held, g_a(x_a) = 0 has one root, found
 *     by a bracketed secant; the methanogens persist only if they can invade (g_m > 0 at x_m = 0), and
 *     then g_m(x_m) = 0 is solved the same way around the inner x_a solve.
 */

/** Substrate tolerance of the fast solve (relative): far below what a finite-difference Jacobian resolves. */
const FAST_TOLERANCE = 1e-10

/** A one-cell reduced stack (the engine's, biomass held by the caller) on its own load, fed as `conditions` say. */
export function createSteadyCell(parameters: CellParameters, conditions: CellConditions) {
  const stack: Stack = createStack({
    parameters: [parameters],
    initial: [literatureInitialState],
    wiring: buildWiring('series', 1),
    feeding: 'parallel',
    model: 'reduced',
  })
  const inputs: StackInputs = createStackInputs(1)
  inputs.feedLPerDay[0] = conditions.flowLPerDay
  inputs.influentMgL[0] = conditions.influentMgL
  inputs.temperatureK[0] = conditions.temperatureK
  const dilutionPerDay = conditions.flowLPerDay / parameters.anodeVolumeL
  const factor = kineticsFactor(parameters, conditions.temperatureK)

  function* fastWork(biofilm: Biofilm, rExtOhm: number): Work<CellPoint> {
    stack.anodophilicMgL[0] = biofilm.anodophilicMgL
    stack.methanogenicMgL[0] = biofilm.methanogenicMgL
    inputs.loadOhm = rExtOhm
    inputs.cellLoadOhm[0] = rExtOhm
    if (!(yield* steadyStateWork(stack, inputs, { tolerance: FAST_TOLERANCE })))
      yield* settleWork(stack, inputs, FAST_TOLERANCE)
    const currentA = stack.outputs.loadCurrentA
    const voltageV = stack.outputs.loadVoltageV
    return {
      ...{ rExtOhm, voltageV, currentA, powerW: voltageV * currentA, substrateMgL: stack.substrateMgL[0] as number },
      oxidisedMediatorMgMPerMgX: stack.oxidisedMediator[0] as number,
      ...{ internalOhm: stack.outputs.internalOhm[0] as number, openCircuitV: stack.outputs.openCircuitV[0] as number },
      biofilm: { ...biofilm },
    }
  }

  /** Net specific growth (1/d) of both populations at the fast steady state with this biofilm: eqs. (7)-(8) over x. */
  function* growthWork(biofilm: Biofilm, rExtOhm: number): Work<{ anodophilic: number; methanogenic: number }> {
    const point = yield* fastWork(biofilm, rExtOhm)
    const p = parameters
    const s = Math.max(point.substrateMgL, 0)
    const m = Math.max(stack.oxidisedMediator[0] as number, 0)
    const total = biofilm.anodophilicMgL + biofilm.methanogenicMgL
    const muA = p.muMaxAPerDay * factor * (s / (p.kSAMgL + s)) * (m / (p.kMMgMPerMgX + m))
    const muM = p.muMaxMPerDay * factor * (s / (p.kSMMgL + s))
    return {
      anodophilic: muA - p.kDAPerDay - retention(p, total, p.xMaxAMgL) * dilutionPerDay,
      methanogenic: muM - p.kDMPerDay - retention(p, total, p.xMaxMMgL) * dilutionPerDay,
    }
  }

  /** The anodophiles' settled biomass from `start` with the methanogens held at `methanogenicMgL`. */
  const anodophilicWork = (methanogenicMgL: number, rExtOhm: number, start: number): Work<number> =>
    settledBiomassWork(function* (x) {
      return (yield* growthWork({ anodophilicMgL: x, methanogenicMgL }, rExtOhm)).anodophilic
    }, start)

  /**
   * The long-run steady state at `rExtOhm` that the biofilm `start` settles to (a resistor-step test
   * continues from the previous load's biofilm). Where methanogens were present, both populations are
   * solved at once (coexistence.ts); otherwise, or where that finds no stable coexistence, they persist
   * only if they can invade the anodophiles' steady state (g_m > 0 at x_m = 0; g_m falls as they grow),
   * and then one population is solved inside the other.
   */
  const rate = new Float64Array(1)
  const coexistence = (rExtOhm: number): CoexistenceModel => ({
    ...{ parameters, dilutionPerDay, influentMgL: conditions.influentMgL, factor },
    substrateRate(biofilm, substrateMgL) {
      stack.anodophilicMgL[0] = biofilm.anodophilicMgL
      stack.methanogenicMgL[0] = biofilm.methanogenicMgL
      inputs.loadOhm = rExtOhm
      inputs.cellLoadOhm[0] = rExtOhm
      stack.steadyRates(Float64Array.of(substrateMgL), inputs, rate)
      return rate[0] as number
    },
  })

  function* longRunWork(rExtOhm: number, start: Biofilm): Work<CellPoint> {
    if (start.methanogenicMgL > WASHED_OUT_MG_L) {
      const both = yield* coexistenceWork(coexistence(rExtOhm), start)
      if (both) return yield* fastWork(both, rExtOhm)
    }
    let anodophilicMgL = start.anodophilicMgL
    const methanogenicGrowth = function* (methanogenicMgL: number): Work<number> {
      anodophilicMgL = yield* anodophilicWork(methanogenicMgL, rExtOhm, anodophilicMgL)
      return (yield* growthWork({ anodophilicMgL, methanogenicMgL }, rExtOhm)).methanogenic
    }
    if (!((yield* methanogenicGrowth(0)) > 0)) return yield* fastWork({ anodophilicMgL, methanogenicMgL: 0 }, rExtOhm)
    const guess = { anodophilicMgL, methanogenicMgL: Math.max(start.methanogenicMgL, 1) }
    const both = yield* coexistenceWork(coexistence(rExtOhm), guess)
    if (both) return yield* fastWork(both, rExtOhm)
    const methanogenicMgL = yield* settledBiomassWork(methanogenicGrowth, guess.methanogenicMgL)
    anodophilicMgL = yield* anodophilicWork(methanogenicMgL, rExtOhm, anodophilicMgL)
    return yield* fastWork({ anodophilicMgL, methanogenicMgL }, rExtOhm)
  }

  return { parameters, conditions, fastWork, longRunWork }
}

export type SteadyCell = ReturnType<typeof createSteadyCell>

export type { Biofilm, CellConditions, CellPoint } from './cell-types.js'
