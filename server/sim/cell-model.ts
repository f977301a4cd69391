import {
  FARADAY_C_PER_MOL,
  R_GAS_J_PER_MOL_K,
  REFERENCE_TEMPERATURE_K,
  SECONDS_PER_DAY,
  type CellParameters,
} from './parameters.js'

/*
 * The equations of one Pinto cell (docs/simulation.md "Equations"; equation numbers are the paper's), written as
 * scalar functions so the stack's inner loop allocates nothing. Time in days, current in A.
 */

/** Biomass below this (mg-x/L) counts as none: keeps eq. (12)'s 1/x_a and eq. (23)'s 1/(K_R x_a) finite. */
export const MIN_BIOMASS_MG_L = 1e-9

/** R T / (m F), the slope of the concentration loss, eq. (18). */
export function thermalVoltageV(p: CellParameters, temperatureK: number): number {
  return (R_GAS_J_PER_MOL_K * temperatureK) / (p.electronsPerMediator * FARADAY_C_PER_MOL)
}

/** Eq. (22): internal resistance falls as the anodophilic biofilm grows. */
export function internalResistanceOhm(p: CellParameters, anodophilicMgL: number): number {
  return p.rMinOhm + (p.rMaxOhm - p.rMinOhm) * Math.exp(-p.kRLPerMgX * anodophilicMgL)
}

/** Eq. (23): open-circuit voltage rises with the anodophilic biofilm. */
export function openCircuitVoltageV(p: CellParameters, anodophilicMgL: number): number {
  const x = Math.max(anodophilicMgL, MIN_BIOMASS_MG_L)
  return p.eMinV + (p.eMaxV - p.eMinV) * Math.exp(-1 / (p.kRLPerMgX * x))
}

/** The current term's factor in eq. (12): gamma * 86400 / (m F V x_a), (mg-M/mg-x)/d per A. */
export function mediatorGainPerA(p: CellParameters, anodophilicMgL: number): number {
  return (
    (p.gammaMgMPerMol * SECONDS_PER_DAY) /
    (p.electronsPerMediator * FARADAY_C_PER_MOL * p.anodeVolumeL * Math.max(anodophilicMgL, MIN_BIOMASS_MG_L))
  )
}

/** Temperature factor on the kinetic rates (1 at the reference temperature, and always 1 for theta = 1). */
export function kineticsFactor(p: CellParameters, temperatureK: number): number {
  return p.kineticsThetaPerK === 1 ? 1 : p.kineticsThetaPerK ** (temperatureK - REFERENCE_TEMPERATURE_K)
}

/** Maximum anodophilic uptake at substrate S with fully oxidised mediator: q_max,a S / (K_s,a + S), 1/d. */
export function anodophilicUptakeCap(p: CellParameters, substrateMgL: number, factor: number): number {
  const s = Math.max(substrateMgL, 0)
  return (factor * p.qMaxAMgSPerMgXDay * s) / (p.kSAMgL + s)
}

/** A cell's EMF (V) and its slope d(EMF)/d(M_red) (V per mg-M/mg-x), as cellEmf writes them. */
export type CellEmf = { emfV: number; slope: number }

/**
 * The cell's electromotive force at reduced mediator M_red: eqs. (18) and (21) without the resistive
 * terms, (E_OCV - eta_conc) * M_red / (eps + M_red). With the resistances it gives eq. (21) exactly for
 * one cell, and in a series string it is each cell's source voltage. It never goes below zero: a cell
 * whose mediator is exhausted (M_red -> 0) has no driving force of its own (the limit of the product).
 * The slope for the circuit's Newton solve comes with it: the circuit's inner loop, one logarithm.
 */
export function cellEmf(
  p: CellParameters,
  reducedMediator: number,
  openCircuitV: number,
  thermalV: number,
  out: CellEmf,
): void {
  out.emfV = 0
  out.slope = 0
  if (!(reducedMediator > 0)) return
  const drive = openCircuitV - thermalV * Math.log(p.mTotalMgMPerMgX / reducedMediator)
  if (!(drive > 0)) return
  const total = p.epsMgMPerMgX + reducedMediator
  out.emfV = (drive * reducedMediator) / total
  out.slope = thermalV / total + (drive * p.epsMgMPerMgX) / (total * total)
}

/**
 * Backward-Euler step of the mediator balance, eq. (12), over h days (Infinity: its steady state) with
 * the cell current held at `currentA`:  M = M0 + h (-Y_M A M / (K_M + M) + g I), where A = uptake cap and g = mediator gain.
 * Multiplying by (K_M + M) gives a quadratic whose positive root is the unique solution (the residual
 * is increasing in M), so the stiff equation is solved exactly, with no iteration. The root is taken in
 * the cancellation-free form. Clamped to [0, M_total]: a current the anode's substrate oxidation
 * cannot supply exhausts the mediator instead of inventing charge (the reversal mechanism).
 */
export function implicitMediator(
  p: CellParameters,
  previous: number,
  hDays: number,
  uptakeCap: number,
  gainPerA: number,
  currentA: number,
): number {
  if (hDays === Infinity) return steadyMediator(p, uptakeCap, gainPerA, currentA)
  const b = previous + hDays * gainPerA * currentA
  if (!(b > 0)) return 0
  const k = p.kMMgMPerMgX
  const linear = k - b + hDays * p.yMMgMPerMgS * uptakeCap
  const disc = Math.sqrt(linear * linear + 4 * b * k)
  const root = linear >= 0 ? (2 * b * k) / (linear + disc) : (disc - linear) / 2
  return root < p.mTotalMgMPerMgX ? root : p.mTotalMgMPerMgX
}

/**
 * The limit h -> infinity of implicitMediator: the mediator at its steady state, eq. (12) with
 * dM/dt = 0, for the current held at `currentA`:  Y_M A M / (K_M + M) = g I,  so with r = g I / (Y_M A),
 * M = K_M r / (1 - r). A current the substrate cannot sustain (r >= 1) exhausts the mediator (M_total).
 */
function steadyMediator(p: CellParameters, uptakeCap: number, gainPerA: number, currentA: number): number {
  const supply = p.yMMgMPerMgS * uptakeCap
  const demand = gainPerA * currentA
  if (!(demand > 0)) return 0
  if (!(demand < supply)) return p.mTotalMgMPerMgX
  const root = (p.kMMgMPerMgX * demand) / (supply - demand)
  return root < p.mTotalMgMPerMgX ? root : p.mTotalMgMPerMgX
}

/**
 * dM/dI of implicitMediator at its result `mOx` (zero where clamped): h g / (1 + h Y_M A K_M / (K_M + M)^2),
 * written with 1/h so that h = Infinity (the steady state) gives its limit g (K_M + M)^2 / (Y_M A K_M).
 */
export function implicitMediatorSlope(
  p: CellParameters,
  mOx: number,
  hDays: number,
  uptakeCap: number,
  gainPerA: number,
): number {
  if (!(mOx > 0) || mOx >= p.mTotalMgMPerMgX) return 0
  const k = p.kMMgMPerMgX
  const saturation = (k + mOx) * (k + mOx)
  return gainPerA / (1 / hDays + (p.yMMgMPerMgS * uptakeCap * k) / saturation)
}

/** Biofilm retention, eq. (9): the share of new biomass washed out rises steeply near X_max. */
export function retention(p: CellParameters, totalBiomassMgL: number, xMaxMgL: number): number {
  return 0.5 * (1 + Math.tanh(p.kXLPerMgX * (totalBiomassMgL - xMaxMgL)))
}

/** Rates of the slow states, written to out[0..4]: dS/dt, dx_a/dt, dx_m/dt (per day), uptake q_a x_a + q_m x_m and methanogenic uptake q_m x_m (mg-S/L/d). */
export type SlowRates = Float64Array

/**
 * Eqs. (6)-(9), (13)-(16). `dilutionPerDay` D = F_in / V, `influentMgL` the substrate fed in, and
 * `dosingMgLPerDay` substrate dosed straight into the anode (mg/d divided by V).
 */
export function slowRates(
  p: CellParameters,
  substrateMgL: number,
  anodophilicMgL: number,
  methanogenicMgL: number,
  oxidisedMediator: number,
  dilutionPerDay: number,
  influentMgL: number,
  dosingMgLPerDay: number,
  factor: number,
  out: SlowRates,
): void {
  const s = Math.max(substrateMgL, 0)
  const xa = Math.max(anodophilicMgL, 0)
  const xm = Math.max(methanogenicMgL, 0)
  const mediator = Math.max(oxidisedMediator, 0) / (p.kMMgMPerMgX + Math.max(oxidisedMediator, 0))
  const monodA = (s / (p.kSAMgL + s)) * mediator * factor
  const monodM = (s / (p.kSMMgL + s)) * factor
  const uptakeA = p.qMaxAMgSPerMgXDay * monodA * xa
  const uptakeM = p.qMaxMMgSPerMgXDay * monodM * xm
  const total = xa + xm
  out[0] = -uptakeA - uptakeM + dilutionPerDay * (influentMgL - s) + dosingMgLPerDay
  out[1] = (p.muMaxAPerDay * monodA - p.kDAPerDay - retention(p, total, p.xMaxAMgL) * dilutionPerDay) * xa
  out[2] = (p.muMaxMPerDay * monodM - p.kDMPerDay - retention(p, total, p.xMaxMMgL) * dilutionPerDay) * xm
  out[3] = uptakeA + uptakeM
  out[4] = uptakeM
}
