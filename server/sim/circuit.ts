import { solveDecreasing } from './bracketed-newton.js'
import {
  createCircuitWorkspace,
  type CellTerminals,
  type CircuitSolution,
  type CircuitWorkspace,
} from './circuit-types.js'
import { solveParallelJoint } from './parallel-strings.js'
import type { Wiring } from './wiring.js'

/*
 * The electrical network of a stack: strings of cells in series, strings in parallel on one load, or
 * every cell on its own load. Each cell is a source whose voltage falls with its current
 * (V_i(I) = EMF_i(M_red(I)) - R_int,i I, the mediator following the current implicitly), so every
 * equation here is monotone and solved by Newton's method kept inside a bracket (docs/simulation.md
 * "The circuit").
 */

/** One string at a time: its current against a fixed external voltage and series load. */
type StringSolver = {
  /** Solves string s against `externalV` through `load`; every member is left evaluated at the result. */
  solve(s: number, externalV: number, load: number): number
  /** String s carries no current (an open load). */
  open(s: number): void
  /** dU/dI of the string last solved, including its load. */
  slope(): number
}

function createStringSolver(
  wiring: Wiring,
  terminals: CellTerminals,
  work: CircuitWorkspace,
  out: CircuitSolution,
): StringSolver {
  const strings = wiring.strings
  const warm = work.warm
  let stringVoltage = 0 // the string's external voltage, fixed during one string solve
  let stringLoad = 0 // load resistance in series with the string
  let members: readonly number[] = []
  let stringSlope = 0
  let evaluatedAt = Number.NaN
  const residual = (current: number): number => {
    evaluatedAt = current
    let sum = 0
    let slope = 0
    for (const cell of members) {
      sum += terminals.voltage(cell, current)
      slope += terminals.slope
    }
    stringSlope = slope - stringLoad
    return sum - stringVoltage - stringLoad * current
  }
  const residualSlope = () => stringSlope
  return {
    solve(s, externalV, load) {
      members = strings[s] ?? []
      stringVoltage = externalV
      stringLoad = load
      let emf = 0
      let rInt = 0
      for (const cell of members) {
        emf += terminals.emfBoundV(cell)
        rInt += terminals.internalOhm(cell)
      }
      const current = solveDecreasing(
        residual,
        residualSlope,
        -externalV / (rInt + load),
        (emf - externalV) / (rInt + load),
        warm[s] ?? 0,
      )
      if (current !== evaluatedAt) residual(current) // leave every member evaluated at the solution
      warm[s] = current
      for (const cell of members) out.cellCurrentA[cell] = current
      return current
    },
    open(s) {
      members = strings[s] ?? []
      stringVoltage = 0
      stringLoad = 0
      residual(0)
      warm[s] = 0
      for (const cell of members) out.cellCurrentA[cell] = 0
    },
    slope: residualSlope,
  }
}

/** Every string (one cell) on its own load; an infinite load is open. */
function solveOwnLoads(wiring: Wiring, cellLoadOhm: Float64Array, solver: StringSolver, out: CircuitSolution): void {
  for (let s = 0; s < wiring.strings.length; s += 1) {
    const load = cellLoadOhm[wiring.strings[s]?.[0] ?? 0] ?? Infinity
    if (Number.isFinite(load)) solver.solve(s, 0, load)
    else solver.open(s)
  }
  out.loadVoltageV = 0
  out.loadCurrentA = 0
}

/** One series string on the stack load; open, the load voltage is the sum of the open-circuit terminals. */
function solveOneString(
  wiring: Wiring,
  terminals: CellTerminals,
  loadOhm: number,
  solver: StringSolver,
  out: CircuitSolution,
): void {
  if (!Number.isFinite(loadOhm)) {
    solver.open(0)
    out.loadCurrentA = 0
    let v = 0
    for (const cell of wiring.strings[0] ?? []) v += terminals.voltage(cell, 0)
    out.loadVoltageV = v
    return
  }
  const current = solver.solve(0, 0, loadOhm)
  out.loadCurrentA = current
  out.loadVoltageV = current * loadOhm
}

/** Strings in parallel: the joint Newton solve, with the nested bracketed solve as its safety net. */
function solveParallel(
  wiring: Wiring,
  terminals: CellTerminals,
  loadOhm: number,
  work: CircuitWorkspace,
  solver: StringSolver,
  out: CircuitSolution,
): void {
  const strings = wiring.strings
  const conductance = Number.isFinite(loadOhm) ? 1 / loadOhm : 0
  let highV = 0
  for (const string of strings) {
    let emf = 0
    for (const cell of string) emf += terminals.emfBoundV(cell)
    highV = Math.max(highV, emf)
  }
  if (solveParallelJoint(strings, terminals, conductance, highV, work, out)) return
  let nodeSlope = 0
  const balance = (voltage: number): number => {
    let total = 0
    let slope = 0
    for (let s = 0; s < strings.length; s += 1) {
      total += solver.solve(s, voltage, 0)
      slope += 1 / solver.slope()
    }
    nodeSlope = slope - conductance
    return total - voltage * conductance
  }
  const guess = out.loadVoltageV > 0 && out.loadVoltageV < highV ? out.loadVoltageV : 0.5 * highV
  const voltage = solveDecreasing(balance, () => nodeSlope, 0, highV, guess)
  out.loadCurrentA = balance(voltage) + voltage * conductance
  out.loadVoltageV = voltage
}

/** A stack's network: its solver state (warm start, workspace) and the cells it solves for. */
export type Circuit = {
  /** The last string currents: the next solve's starting guesses. */
  readonly warm: Float64Array
  /**
   * Solves the network into the solution given at creation. `loadOhm` is the shared load (Infinity =
   * disconnected); `cellLoadOhm[i]` is cell i's own load when strings do not share one. After the
   * call, terminals.voltage() has last been evaluated at every cell's final current, so the cell
   * model's side state (its mediator) matches the solution.
   */
  solve(loadOhm: number, cellLoadOhm: Float64Array): void
}

/** The circuit of `wiring` over `terminals`, solving into `out`; workspace and string solver are made once. */
export function createCircuit(wiring: Wiring, terminals: CellTerminals, out: CircuitSolution): Circuit {
  const work = createCircuitWorkspace(wiring)
  const solver = createStringSolver(wiring, terminals, work, out)
  return {
    warm: work.warm,
    solve(loadOhm, cellLoadOhm) {
      if (!wiring.sharedLoad) solveOwnLoads(wiring, cellLoadOhm, solver, out)
      else if (wiring.strings.length === 1) solveOneString(wiring, terminals, loadOhm, solver, out)
      else solveParallel(wiring, terminals, loadOhm, work, solver, out)
    },
  }
}
