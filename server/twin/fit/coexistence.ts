import { retention } from '../../sim/cell-model.js'
import type { CellParameters } from '../../sim/parameters.js'
import type { Work } from '../../sim/work.js'
import type { Biofilm } from './cell-types.js'
import { settledBiomassWork } from './root-search.js'

/*
 * Both populations' steady state at once (docs/twin.md "The model behind the fit"). Solving g_a = 0 and
 * g_m = 0 for (x_a, x_m) directly is ill-conditioned: both growths hang mostly on the total biomass
 * through retention. For a given total X, though, everything but one condition is explicit:
 *   alpha_a(X), alpha_m(X)                          retention, eq. (9)
 *   g_m = 0:  mu_m(S) = K_d,m + alpha_m D           gives S (Monod inverted)
 *   g_a = 0:  q_a* = (K_d,a + alpha_a D) q_max,a / mu_max,a   the uptake the anodophiles need
 *   dS/dt = 0: q_a* x_a + q_m (X - x_a) = D (S0 - S)           gives x_a
 * and what remains is whether the anode delivers that uptake: h(X) = q_a(S, M) - q_a*, with the mediator
 * and circuit at their steady state at that S (the engine's steadyRates: dS/dt = -h x_a). The anodophiles
 * outgrow their losses where h > 0, so the total grows; the stable state is the first root of h in the
 * direction it moves, one circuit solve per evaluation.
 */

export type CoexistenceModel = {
  parameters: CellParameters
  dilutionPerDay: number
  influentMgL: number
  /** Temperature factor on the kinetics. */
  factor: number
  /** dS/dt (mg/L/d) at substrate S with this biofilm, mediator and circuit at their steady state. */
  substrateRate(biofilm: Biofilm, substrateMgL: number): number
}

/** The biofilm of total `total` where both populations' conditions but the anode's hold, and h there; NaN if none. */
function atTotal(model: CoexistenceModel, total: number): { biofilm: Biofilm; h: number } | undefined {
  const { parameters: p, dilutionPerDay: d, factor } = model
  const lossM = p.kDMPerDay + retention(p, total, p.xMaxMMgL) * d
  const muM = p.muMaxMPerDay * factor
  if (!(lossM < muM)) return undefined
  const substrate = (p.kSMMgL * lossM) / (muM - lossM)
  const uptakeM = (p.qMaxMMgSPerMgXDay * factor * substrate) / (p.kSMMgL + substrate)
  const neededA = ((p.kDAPerDay + retention(p, total, p.xMaxAMgL) * d) * p.qMaxAMgSPerMgXDay) / p.muMaxAPerDay
  const supply = d * (model.influentMgL - substrate)
  const anodophilic = (supply - uptakeM * total) / (neededA - uptakeM)
  if (!(substrate < model.influentMgL) || !(anodophilic > 0) || !(anodophilic < total)) return undefined
  const biofilm = { anodophilicMgL: anodophilic, methanogenicMgL: total - anodophilic }
  return { biofilm, h: -model.substrateRate(biofilm, substrate) / anodophilic }
}

/** The stable state of coexistence the biofilm `start` settles to, or undefined where there is none nearby. */
export function* coexistenceWork(model: CoexistenceModel, start: Biofilm): Work<Biofilm | undefined> {
  // One circuit solve per evaluation: a unit of work each, so a slice can end between them.
  const h = function* (total: number): Work<number> {
    const value = atTotal(model, total)?.h ?? Number.NaN
    yield
    return value
  }
  const total = yield* settledBiomassWork(h, start.anodophilicMgL + start.methanogenicMgL)
  return Number.isFinite(total) && total > 0 ? atTotal(model, total)?.biofilm : undefined
}
