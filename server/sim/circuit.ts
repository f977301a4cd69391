/*
 * The electrical network of a stack: strings of cells in series, strings in parallel on one load, or
 * every cell on its own load. Each cell is a source whose voltage falls with its current
 * (V_i(I) = EMF_i(M_red(I)) - R_int,i I, the mediator following the current implicitly), so every
 * equation here is monotone and solved by Newton's method kept inside a bracket.
 */

/** What the circuit needs from the cells: terminal voltage at a current, and its slope (set by voltage()). */
export type CellTerminals = {
  /** Terminal voltage of cell i carrying current I (A); sets `slope` to dV/dI (always < 0). */
  voltage(cell: number, currentA: number): number
  slope: number
  /** Upper bound of cell i's EMF (its open-circuit voltage) and its internal resistance. */
  emfBoundV(cell: number): number
  internalOhm(cell: number): number
}

/** How cells are wired: which cells form each series string; whether strings share one load. */
export type Wiring = {
  strings: readonly (readonly number[])[]
  /** true: all strings in parallel on the stack load; false: each string (one cell) on its own load. */
  sharedLoad: boolean
}

export type WiringKind = 'series' | 'parallel' | 'series-parallel' | 'independent'

/** Cell indices per string for `cells` cells; series-parallel groups `cellsPerString` consecutive cells. */
export function buildWiring(kind: WiringKind, cells: number, cellsPerString = cells): Wiring {
  const indices = Array.from({ length: cells }, (_, i) => i)
  switch (kind) {
    case 'series':
      return { strings: [indices], sharedLoad: true }
    case 'parallel':
      return { strings: indices.map((i) => [i]), sharedLoad: true }
    case 'independent':
      return { strings: indices.map((i) => [i]), sharedLoad: false }
    case 'series-parallel': {
      const strings: number[][] = []
      for (let start = 0; start < cells; start += cellsPerString) strings.push(indices.slice(start, start + cellsPerString))
      return { strings, sharedLoad: true }
    }
  }
}

/** Newton's method on a decreasing function f with f(lo) >= 0 >= f(hi); bisects when a step leaves the bracket. */
function solveDecreasing(f: (x: number) => number, slope: () => number, lowIn: number, highIn: number, guess: number): number {
  let lo = lowIn
  let hi = highIn
  let x = guess > lo && guess < hi ? guess : 0.5 * (lo + hi)
  for (let iteration = 0; iteration < 200; iteration += 1) {
    const fx = f(x)
    if (fx === 0) return x
    if (fx > 0) lo = x
    else hi = x
    const d = slope()
    let next = d < 0 ? x - fx / d : 0.5 * (lo + hi)
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi)
    // Stop at (near) machine precision: the mediator state hangs on the current with a large gain.
    if (Math.abs(next - x) <= 1e-15 * Math.max(Math.abs(x), Math.abs(next)) + 1e-300 || hi - lo <= 1e-15 * Math.abs(hi)) return next
    x = next
  }
  return x
}

/** Result of a circuit solve: cell currents (A), load voltage (V) and load current (A); cell voltages follow from the terminals. */
export type CircuitSolution = { cellCurrentA: Float64Array; loadVoltageV: number; loadCurrentA: number }

/**
 * Solves the network. `loadOhm` is the shared load (Infinity = disconnected); `cellLoadOhm[i]` is cell
 * i's own load when strings do not share one. `warm` holds the last string currents as starting guesses
 * and is updated. After the call, terminals.voltage() has last been evaluated at every cell's final
 * current, so the cell model's side state (its mediator) matches the solution.
 */
export function solveCircuit(wiring: Wiring, terminals: CellTerminals, loadOhm: number, cellLoadOhm: Float64Array, warm: Float64Array, out: CircuitSolution): void {
  const strings = wiring.strings
  let stringVoltage = 0 // the string's external voltage, fixed during one string solve
  let stringLoad = 0 // load resistance in series with the string
  let members: readonly number[] = []
  let stringSlope = 0
  const residual = (current: number): number => {
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
  const solveString = (s: number, externalV: number, load: number): number => {
    members = strings[s] ?? []
    stringVoltage = externalV
    stringLoad = load
    let emf = 0
    let rInt = 0
    for (const cell of members) {
      emf += terminals.emfBoundV(cell)
      rInt += terminals.internalOhm(cell)
    }
    const current = solveDecreasing(residual, residualSlope, -externalV / (rInt + load), (emf - externalV) / (rInt + load), warm[s] ?? 0)
    residual(current) // leave every member evaluated at the solution
    warm[s] = current
    for (const cell of members) out.cellCurrentA[cell] = current
    return current
  }

  const open = (s: number): void => {
    members = strings[s] ?? []
    stringVoltage = 0
    stringLoad = 0
    residual(0)
    warm[s] = 0
    for (const cell of members) out.cellCurrentA[cell] = 0
  }

  if (!wiring.sharedLoad) {
    for (let s = 0; s < strings.length; s += 1) {
      const load = cellLoadOhm[strings[s]?.[0] ?? 0] ?? Infinity
      if (Number.isFinite(load)) solveString(s, 0, load)
      else open(s)
    }
    out.loadVoltageV = 0
    out.loadCurrentA = 0
    return
  }
  if (strings.length === 1) {
    if (!Number.isFinite(loadOhm)) {
      open(0)
      out.loadCurrentA = 0
      let v = 0
      for (const cell of strings[0] ?? []) v += terminals.voltage(cell, 0)
      out.loadVoltageV = v
      return
    }
    const current = solveString(0, 0, loadOhm)
    out.loadCurrentA = current
    out.loadVoltageV = current * loadOhm
    return
  }

  // Strings in parallel: find the common voltage where the strings' currents add up to the load current.
  const conductance = Number.isFinite(loadOhm) ? 1 / loadOhm : 0
  let nodeSlope = 0
  const balance = (voltage: number): number => {
    let total = 0
    let slope = 0
    for (let s = 0; s < strings.length; s += 1) {
      total += solveString(s, voltage, 0)
      slope += 1 / stringSlope
    }
    nodeSlope = slope - conductance
    return total - voltage * conductance
  }
  let highV = 0
  for (const string of strings) {
    let emf = 0
    for (const cell of string) emf += terminals.emfBoundV(cell)
    highV = Math.max(highV, emf)
  }
  const guess = out.loadVoltageV > 0 ? out.loadVoltageV : 0.5 * highV
  const voltage = solveDecreasing(balance, () => nodeSlope, 0, highV, guess)
  out.loadCurrentA = balance(voltage) + voltage * conductance
  out.loadVoltageV = voltage
}
