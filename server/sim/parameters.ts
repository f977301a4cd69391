import type { Random } from './random.js'

/**
 * Parameters of one cell of the Pinto et al. (2010) two-population model, control-oriented set
 * (docs/simulation.md "Parameters"). Units are in the names: mg-S substrate, mg-x biomass, mg-M mediator, days.
 */
export type CellParameters = {
  qMaxAMgSPerMgXDay: number
  qMaxMMgSPerMgXDay: number
  muMaxAPerDay: number
  muMaxMPerDay: number
  kSAMgL: number
  kSMMgL: number
  kDAPerDay: number
  kDMPerDay: number
  mTotalMgMPerMgX: number
  kMMgMPerMgX: number
  yMMgMPerMgS: number
  gammaMgMPerMol: number
  electronsPerMediator: number
  xMaxAMgL: number
  xMaxMMgL: number
  kXLPerMgX: number
  rMinOhm: number
  rMaxOhm: number
  kRLPerMgX: number
  eMinV: number
  eMaxV: number
  epsMgMPerMgX: number
  yCh4MlPerMgS: number
  anodeVolumeL: number
  /**
   * Projected anode area, cm2: no effect on the dynamics, the denominator of power density per area
   * (docs/lab-metrics.md). The default is an assumed 5 cm x 5 cm electrode in the 50 mL chamber.
   */
  anodeAreaCm2: number
  /**
   * Arrhenius-style factor per kelvin on the uptake and growth rates, referred to 298.15 K. The paper's
   * temperature enters only through eq. (18); 1 (the default) keeps the model exactly the paper's, a
   * value such as 1.07 (common in wastewater kinetics) makes a temperature step visible in the kinetics.
   */
  kineticsThetaPerK: number
}

/** The four states of one cell. */
export type CellState = {
  substrateMgL: number
  anodophilicMgL: number
  methanogenicMgL: number
  oxidisedMediatorMgMPerMgX: number
}

export const R_GAS_J_PER_MOL_K = 8.314472
export const FARADAY_C_PER_MOL = 96_485
export const SECONDS_PER_DAY = 86_400
export const REFERENCE_TEMPERATURE_K = 298.15
/** Acetate, CH3COO-: 1 mM = 59.04 mg/L; its oxidation releases 8 electrons per molecule. */
export const ACETATE_MG_PER_MMOL = 59.04
export const ACETATE_ELECTRONS_PER_MOL = 8

const M_TOTAL = 0.05
const MU_MAX_A = 1.9753
const MU_MAX_M = 0.1

export const nominalCellParameters: Readonly<CellParameters> = Object.freeze({
  qMaxAMgSPerMgXDay: 8.48,
  qMaxMMgSPerMgXDay: 8.2,
  muMaxAPerDay: MU_MAX_A,
  muMaxMPerDay: MU_MAX_M,
  kSAMgL: 20,
  kSMMgL: 80,
  kDAPerDay: 0.02 * MU_MAX_A,
  kDMPerDay: 0.02 * MU_MAX_M,
  mTotalMgMPerMgX: M_TOTAL,
  kMMgMPerMgX: 0.2 * M_TOTAL,
  yMMgMPerMgS: 22.753,
  gammaMgMPerMol: 663_400,
  electronsPerMediator: 2,
  xMaxAMgL: 512.5,
  xMaxMMgL: 537.5,
  kXLPerMgX: 0.04,
  rMinOhm: 25,
  rMaxOhm: 2025,
  kRLPerMgX: 0.024,
  eMinV: 0.01,
  eMaxV: 0.6744,
  epsMgMPerMgX: 1e-4 * M_TOTAL,
  yCh4MlPerMgS: 0.3,
  anodeVolumeL: 0.05,
  anodeAreaCm2: 25,
  kineticsThetaPerK: 1,
})

/** Literature initial state [S, x_a, x_m, M_ox] = [20.8395, 498.2432, 2.0, 0.0412]. */
export const literatureInitialState: Readonly<CellState> = Object.freeze({
  substrateMgL: 20.8395,
  anodophilicMgL: 498.2432,
  methanogenicMgL: 2,
  oxidisedMediatorMgMPerMgX: 0.0412,
})

/** Literature operating point: F_in = 0.1527 L/d into V = 0.05 L (D = 3.054 1/d). */
export const literatureFeedLPerDay = 0.1527

/**
 * Parameters that differ from cell to cell in a real stack (biofilm kinetics, electrode contact,
 * open-circuit potential). Stoichiometric and physical constants stay nominal: they are not "spread".
 */
const spreadKeys = [
  'qMaxAMgSPerMgXDay',
  'qMaxMMgSPerMgXDay',
  'muMaxAPerDay',
  'kSAMgL',
  'rMinOhm',
  'rMaxOhm',
  'eMaxV',
] as const

/**
 * A cell's parameters drawn around `base`: each spread key is multiplied by (1 + fraction * N(0,1)),
 * the normal draw clipped to +/-3 sigma so no parameter changes sign. Decay rates follow their
 * growth rate (K_d = 0.02 mu_max) as in the parameter table.
 */
export function drawCellParameters(base: Readonly<CellParameters>, fraction: number, random: Random): CellParameters {
  const cell: CellParameters = { ...base }
  if (fraction === 0) return cell
  for (const key of spreadKeys) {
    const z = Math.max(-3, Math.min(3, random.normal()))
    cell[key] = base[key] * (1 + fraction * z)
  }
  cell.kDAPerDay = (base.kDAPerDay / base.muMaxAPerDay) * cell.muMaxAPerDay
  return cell
}
