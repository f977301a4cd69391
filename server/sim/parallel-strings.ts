import {
  JOINT_MAX_ITERATIONS,
  type CellTerminals,
  type CircuitSolution,
  type CircuitWorkspace,
} from './circuit-types.js'
import type { Wiring } from './wiring.js'

/** Relative size of the last Newton update at which the joint solve stops: a few ulps of the currents. */
const JOINT_TOLERANCE = 1e-13

/** The node voltage's bracket during one joint solve: [0, highV] at first, narrowed by the strings' bounds. */
type NodeBracket = { floorV: number; ceilingV: number }

/** Each string's EMF bound and internal resistance, summed over its cells into work.emf and work.resistance. */
function sumStringBounds(strings: Wiring['strings'], terminals: CellTerminals, work: CircuitWorkspace): void {
  const { emf, resistance } = work
  emf.fill(0)
  resistance.fill(0)
  for (let s = 0; s < strings.length; s += 1) {
    for (const cell of strings[s] ?? []) {
      emf[s] = (emf[s] as number) + terminals.emfBoundV(cell)
      resistance[s] = (resistance[s] as number) + terminals.internalOhm(cell)
    }
  }
}

/** Every string at its present current: U_s into work.terminal, dU_s/dI into work.slope, the point recorded. */
function evaluateStrings(
  strings: Wiring['strings'],
  terminals: CellTerminals,
  iteration: number,
  work: CircuitWorkspace,
): void {
  const { current, terminal, slope, seenCurrent, seenVoltage } = work
  for (let s = 0; s < strings.length; s += 1) {
    let u = 0
    let d = 0
    for (const cell of strings[s] ?? []) {
      u += terminals.voltage(cell, current[s] as number)
      d += terminals.slope
    }
    terminal[s] = u
    slope[s] = d
    seenCurrent[s * JOINT_MAX_ITERATIONS + iteration] = current[s] as number
    seenVoltage[s * JOINT_MAX_ITERATIONS + iteration] = u
  }
}

/** The Newton update dV of the node voltage, from the Schur complement of the bordered Jacobian. */
function nodeVoltageUpdate(m: number, conductance: number, voltage: number, work: CircuitWorkspace): number {
  const { current, terminal, slope } = work
  let schur = -conductance
  let rhs = conductance * voltage
  for (let s = 0; s < m; s += 1) {
    const d = slope[s] as number
    schur += 1 / d
    rhs -= (current[s] as number) + (voltage - (terminal[s] as number)) / d
  }
  return rhs / schur
}

/** Whether the update (dV and every string's dI) is below the rounding of the voltages and currents. */
function updateIsRounding(m: number, dV: number, voltage: number, highV: number, work: CircuitWorkspace): boolean {
  const { current, terminal, slope } = work
  // A current's size, or the current a string's full voltage drives through its slope near zero.
  let scale = 0
  for (let s = 0; s < m; s += 1) scale += Math.abs(current[s] as number) - highV / (slope[s] as number)
  let converged = Math.abs(dV) <= JOINT_TOLERANCE * highV
  for (let s = 0; s < m; s += 1) {
    const dI = (voltage + dV - (terminal[s] as number)) / (slope[s] as number)
    if (!(Math.abs(dI) <= JOINT_TOLERANCE * scale)) converged = false
  }
  return converged
}

/** The update is below the currents' rounding: keep the point every cell was just evaluated at. */
function acceptSolution(strings: Wiring['strings'], voltage: number, work: CircuitWorkspace, out: CircuitSolution) {
  const { warm, current } = work
  let total = 0
  for (let s = 0; s < strings.length; s += 1) {
    const value = current[s] as number
    warm[s] = value
    total += value
    for (const cell of strings[s] ?? []) out.cellCurrentA[cell] = value
  }
  out.loadVoltageV = voltage
  out.loadCurrentA = total
}

/**
 * Moves every string current by its Newton step towards node voltage `voltage`, kept inside the bounds
 * the points evaluated so far give (their midpoint otherwise), and narrows the node's bracket with them.
 */
function boundedCurrentStep(
  m: number,
  conductance: number,
  voltage: number,
  iteration: number,
  work: CircuitWorkspace,
  bracket: NodeBracket,
): void {
  const { current, terminal, slope, emf, resistance, seenCurrent, seenVoltage } = work
  let lowTotal = 0
  let highTotal = 0
  for (let s = 0; s < m; s += 1) {
    let lo = -voltage / (resistance[s] as number)
    let hi = ((emf[s] as number) - voltage) / (resistance[s] as number)
    for (let k = s * JOINT_MAX_ITERATIONS, end = k + iteration; k <= end; k += 1) {
      const seen = seenCurrent[k] as number
      const u = seenVoltage[k] as number
      if (u >= voltage && seen > lo) lo = seen
      if (u <= voltage && seen < hi) hi = seen
    }
    const next = (current[s] as number) + (voltage - (terminal[s] as number)) / (slope[s] as number)
    current[s] = next > lo && next < hi ? next : lo < hi ? 0.5 * (lo + hi) : lo
    lowTotal += lo
    highTotal += hi
  }
  // The same bounds bound the node's balance sum_s I_s(V) - G V, which falls with V: where even the
  // largest possible string currents fall short of the load's, the node voltage lies below, and so on.
  if (highTotal - conductance * voltage < 0) bracket.ceilingV = voltage
  if (lowTotal - conductance * voltage > 0) bracket.floorV = voltage
}

/**
 * Strings in parallel on one load (conductance G, 0 when open): Newton's method on every string
 * current I_s and the node voltage V at once. The equations are U_s(I_s) = V for each string, U_s the
 * sum of its cells' terminal voltages, and sum_s I_s = G V (Kirchhoff's current law at the node).
 * Linearised with d_s = dU_s/dI < 0, each string gives dI_s = (V + dV - U_s) / d_s, so the bordered
 * Jacobian reduces to one scalar equation for dV (its Schur complement):
 *   dV (sum_s 1/d_s - G) = G V - sum_s I_s - sum_s (V - U_s) / d_s.
 * One iteration costs one evaluation per cell, where a string solve nested inside every step of the
 * node-voltage solve costs one per cell per inner iteration; warm-started from the previous step's
 * currents and voltage it converges in two or three iterations.
 *
 * Safeguard: a string whose mediator nears exhaustion has a knee (U_s falls steeply to where the EMF is
 * zero, then only by R_int), and Newton alone cycles across it. U_s is strictly decreasing and does not
 * change during the solve, so every point evaluated so far bounds the string's current at the next node
 * voltage V': I_s(V') lies above any I with U_s(I) >= V' and below any with U_s(I) <= V' (and within
 * [-V'/R_s, (E_s - V')/R_s] from 0 <= EMF <= E_OCV). A Newton step that leaves these bounds is
 * replaced by their midpoint, as in solveDecreasing; summed, the same bounds bracket the node voltage
 * (the balance falls with V), which bisects likewise. Should the solve still not converge (at a
 * steady-state sweep's low-R knees, a few % of solves), it returns false with `work.warm` and `out`
 * untouched and the caller falls back to the nested solve.
 */
export function solveParallelJoint(
  strings: Wiring['strings'],
  terminals: CellTerminals,
  conductance: number,
  highV: number,
  work: CircuitWorkspace,
  out: CircuitSolution,
): boolean {
  const m = strings.length
  work.current.set(work.warm)
  sumStringBounds(strings, terminals, work)
  let voltage = out.loadVoltageV > 0 && out.loadVoltageV < highV ? out.loadVoltageV : 0.5 * highV
  const bracket: NodeBracket = { floorV: 0, ceilingV: highV }
  for (let iteration = 0; iteration < JOINT_MAX_ITERATIONS; iteration += 1) {
    evaluateStrings(strings, terminals, iteration, work)
    const dV = nodeVoltageUpdate(m, conductance, voltage, work)
    if (!Number.isFinite(dV)) return false
    if (updateIsRounding(m, dV, voltage, highV, work)) {
      acceptSolution(strings, voltage, work, out)
      return true
    }
    // The node voltage stays inside its own bracket, [0, highV] at first, or bisects it.
    voltage =
      voltage + dV > bracket.floorV && voltage + dV < bracket.ceilingV
        ? voltage + dV
        : 0.5 * (bracket.floorV + bracket.ceilingV)
    boundedCurrentStep(m, conductance, voltage, iteration, work, bracket)
  }
  return false
}
