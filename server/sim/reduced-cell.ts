import type { CellSample } from '../contract/stream.js'

/**
 * The walking skeleton's cell: the reduced two-state form of the Pinto et al. (2010) model
 * (MFC_MODEL.md), biomass held fixed, states substrate S and oxidised mediator M_ox. Time in days.
 * The full four-state engine replaces it behind the same `Simulation` interface.
 */
export const pintoParameters = {
  qMaxA: 8.48, // mg-S/mg-x/d
  qMaxM: 8.2,
  kSA: 20, // mg-S/L
  kSM: 80,
  mTotal: 0.05, // mg-M/mg-x
  kM: 0.2 * 0.05,
  yM: 22.753, // mg-M/mg-S
  gamma: 663_400, // mg-M/mol
  electronsPerMediator: 2,
  rMinOhm: 25,
  rMaxOhm: 2025,
  kR: 0.024, // L/mg-x
  eMinV: 0.01,
  eMaxV: 0.6744,
  eps: 1e-4 * 0.05,
  temperatureK: 298.15,
} as const

const R_GAS = 8.314472 // J/mol/K
const FARADAY = 96_485 // C/mol
const SECONDS_PER_DAY = 86_400

export type ReducedCellInputs = {
  volumeL: number
  feedLPerDay: number
  influentSubstrateMgL: number
  externalResistanceOhm: number
  anodophilicBiomassMgL: number
  methanogenicBiomassMgL: number
}

export type ReducedCellState = { substrateMgL: number; oxidisedMediator: number }

export const literatureOperatingPoint: ReducedCellInputs = {
  volumeL: 0.05,
  feedLPerDay: 0.1527,
  influentSubstrateMgL: 300,
  externalResistanceOhm: 50,
  anodophilicBiomassMgL: 498.2432,
  methanogenicBiomassMgL: 2,
}

export const literatureInitialState: ReducedCellState = { substrateMgL: 20.8395, oxidisedMediator: 0.0412 }

const p = pintoParameters

/** Cell current (A) and the terms it depends on, eqs. (18), (21)-(23). */
export function cellCurrent(state: ReducedCellState, inputs: ReducedCellInputs): { currentA: number; openCircuitV: number; internalOhm: number; concentrationLossV: number } {
  const xa = inputs.anodophilicBiomassMgL
  const reduced = Math.max(p.mTotal - state.oxidisedMediator, 0)
  const internalOhm = p.rMinOhm + (p.rMaxOhm - p.rMinOhm) * Math.exp(-p.kR * xa)
  const openCircuitV = p.eMinV + (p.eMaxV - p.eMinV) * Math.exp(-1 / (p.kR * xa))
  // ln(M_total / M_red) diverges as M_red -> 0; eps keeps it finite (the same guard as eq. 21).
  const concentrationLossV = ((R_GAS * p.temperatureK) / (p.electronsPerMediator * FARADAY)) * Math.log(p.mTotal / (reduced + p.eps))
  const drivingV = Math.max(openCircuitV - concentrationLossV, 0)
  const currentA = (drivingV / (inputs.externalResistanceOhm + internalOhm)) * (reduced / (p.eps + reduced))
  return { currentA, openCircuitV, internalOhm, concentrationLossV }
}

/** Time derivatives per day, eqs. (6), (12), (13)-(16) with biomass fixed. */
export function derivatives(state: ReducedCellState, inputs: ReducedCellInputs): ReducedCellState {
  const s = Math.max(state.substrateMgL, 0)
  const mox = Math.min(Math.max(state.oxidisedMediator, 0), p.mTotal)
  const dilution = inputs.feedLPerDay / inputs.volumeL
  const qa = ((p.qMaxA * s) / (p.kSA + s)) * (mox / (p.kM + mox))
  const qm = (p.qMaxM * s) / (p.kSM + s)
  const { currentA } = cellCurrent({ substrateMgL: s, oxidisedMediator: mox }, inputs)
  const xa = inputs.anodophilicBiomassMgL
  return {
    substrateMgL: -qa * xa - qm * inputs.methanogenicBiomassMgL + dilution * (inputs.influentSubstrateMgL - s),
    oxidisedMediator: -p.yM * qa + ((p.gamma * currentA) / (p.electronsPerMediator * FARADAY * inputs.volumeL * xa)) * SECONDS_PER_DAY,
  }
}

/** Largest step (days) of the fixed-step RK4: well inside its stability limit for the mediator's ~40 s time constant. */
export const MAX_STEP_DAYS = 1e-5

function rk4Step(state: ReducedCellState, inputs: ReducedCellInputs, h: number): ReducedCellState {
  const add = (a: ReducedCellState, b: ReducedCellState, scale: number): ReducedCellState => ({
    substrateMgL: a.substrateMgL + b.substrateMgL * scale,
    oxidisedMediator: a.oxidisedMediator + b.oxidisedMediator * scale,
  })
  const k1 = derivatives(state, inputs)
  const k2 = derivatives(add(state, k1, h / 2), inputs)
  const k3 = derivatives(add(state, k2, h / 2), inputs)
  const k4 = derivatives(add(state, k3, h), inputs)
  const next = {
    substrateMgL: state.substrateMgL + (h / 6) * (k1.substrateMgL + 2 * k2.substrateMgL + 2 * k3.substrateMgL + k4.substrateMgL),
    oxidisedMediator: state.oxidisedMediator + (h / 6) * (k1.oxidisedMediator + 2 * k2.oxidisedMediator + 2 * k3.oxidisedMediator + k4.oxidisedMediator),
  }
  return { substrateMgL: Math.max(next.substrateMgL, 0), oxidisedMediator: Math.min(Math.max(next.oxidisedMediator, 0), p.mTotal) }
}

/** Advances the cell by `days`, in RK4 substeps no longer than MAX_STEP_DAYS. */
export function integrate(state: ReducedCellState, inputs: ReducedCellInputs, days: number): ReducedCellState {
  const steps = Math.max(1, Math.ceil(days / MAX_STEP_DAYS))
  const h = days / steps
  let current = state
  for (let i = 0; i < steps; i += 1) current = rk4Step(current, inputs, h)
  return current
}

export function sampleCell(state: ReducedCellState, inputs: ReducedCellInputs): CellSample {
  const { currentA } = cellCurrent(state, inputs)
  const voltageV = currentA * inputs.externalResistanceOhm
  return { voltageV, currentA, powerW: voltageV * currentA, substrateMgL: state.substrateMgL }
}
