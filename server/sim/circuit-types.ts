import type { Wiring } from './wiring.js'

/** What the circuit needs from the cells: terminal voltage at a current, and its slope (set by voltage()). */
export type CellTerminals = {
  /** Terminal voltage of cell i carrying current I (A); sets `slope` to dV/dI (always < 0). */
  voltage(cell: number, currentA: number): number
  slope: number
  /** Upper bound of cell i's EMF (its open-circuit voltage) and its internal resistance. */
  emfBoundV(cell: number): number
  internalOhm(cell: number): number
}

/** Result of a circuit solve: cell currents (A), load voltage (V) and load current (A); cell voltages follow from the terminals. */
export type CircuitSolution = { cellCurrentA: Float64Array; loadVoltageV: number; loadCurrentA: number }

/**
 * Warm-started, 99.9 % of joint solves converge within 8 iterations (measured over starvation, open-load
 * and short-circuit runs, and steady-state sweeps); the rest bisect towards a mediator's exhaustion
 * knee, and beyond this many the bracketed nested solve takes over.
 */
export const JOINT_MAX_ITERATIONS = 30

/**
 * A solver's memory between calls: the last string currents (the next solve's starting guesses) and
 * the joint solve's scratch arrays, allocated once per stack rather than on every step.
 */
export type CircuitWorkspace = {
  warm: Float64Array
  current: Float64Array
  terminal: Float64Array
  slope: Float64Array
  emf: Float64Array
  resistance: Float64Array
  /** Every point (I, U_s(I)) the joint solve evaluated: row s holds JOINT_MAX_ITERATIONS of string s. */
  seenCurrent: Float64Array
  seenVoltage: Float64Array
}

/** The workspace of a stack's circuit, sized to its strings. */
export function createCircuitWorkspace(wiring: Wiring): CircuitWorkspace {
  const m = wiring.strings.length
  const perString = () => new Float64Array(m)
  return {
    warm: perString(),
    current: perString(),
    terminal: perString(),
    slope: perString(),
    emf: perString(),
    resistance: perString(),
    seenCurrent: new Float64Array(m * JOINT_MAX_ITERATIONS),
    seenVoltage: new Float64Array(m * JOINT_MAX_ITERATIONS),
  }
}
