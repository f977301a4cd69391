import type { Stack, StackInputs } from './stack-types.js'
import { createUnitMeter, type UnitMeter, type Work } from './work.js'

/*
 * A direct steady-state solver for the fast subsystem (substrate, mediator, circuit) with the biofilm
 * held: the state polarization sweeps and the tracking optimum need. With the mediator and the circuit
 * at their own steady state for a given substrate vector S (stack.steadyRates: eq. (12) with
 * dM/dt = 0, Kirchhoff's laws), what remains is n equations in n unknowns,
 *   F_i(S) = dS_i/dt = -q_a x_a - q_m x_m + D (S0 - S_i) (+ dosing) = 0      (eq. (6)),
 * coupled through the shared current (series strings), the node voltage (parallel strings) or the
 * effluent (cascade feeding). Newton's method solves it in a handful of iterations, where marching the
 * model forward until it settles takes simulated hours of steps (the hydraulic time scale 1/D).
 */

/** Settings of one solve. */
export type SteadyStateOptions = {
  /** Stop when no substrate moves by more than this (relative) in a Newton update. */
  tolerance: number
  maxIterations?: number
}

/** Relative finite-difference step of the Jacobian: about the square root of the rounding of F. */
const JACOBIAN_STEP = 1e-7
/** An update this small (relative) that cannot reduce the residual any more means rounding, not failure. */
const ROUNDING_STALL = 1e-9
/** Below this many mg/L a substrate is measured on an absolute scale (the Monod constants are 20-80 mg/L). */
const SUBSTRATE_FLOOR_MG_L = 1e-3

/** Gaussian elimination of column `col` below its pivot (partial pivoting); false if the column is singular. */
function eliminateColumn(a: Float64Array, b: Float64Array, n: number, col: number): boolean {
  let pivot = col
  for (let row = col + 1; row < n; row += 1)
    if (Math.abs(a[row * n + col] as number) > Math.abs(a[pivot * n + col] as number)) pivot = row
  const top = a[pivot * n + col] as number
  if (!(Math.abs(top) > 0) || !Number.isFinite(top)) return false
  if (pivot !== col) {
    for (let k = 0; k < n; k += 1) {
      const t = a[col * n + k] as number
      a[col * n + k] = a[pivot * n + k] as number
      a[pivot * n + k] = t
    }
    const t = b[col] as number
    b[col] = b[pivot] as number
    b[pivot] = t
  }
  for (let row = col + 1; row < n; row += 1) {
    const factor = (a[row * n + col] as number) / top
    if (factor === 0) continue
    for (let k = col; k < n; k += 1) a[row * n + k] = (a[row * n + k] as number) - factor * (a[col * n + k] as number)
    b[row] = (b[row] as number) - factor * (b[col] as number)
  }
  return true
}

/** Multiply-adds of elimination that cost about one cell evaluation (metering, work.ts). */
const ELIMINATION_PER_CELL_EVALUATION = 500

/**
 * Solves A x = b in place (A row-major n x n, b overwritten with x) by Gaussian elimination with
 * partial pivoting; false if singular. It yields between pivot columns as `meter` says: for 512 cells
 * the whole elimination takes about 0.1 s, too long to be one unit of a slice.
 */
export function* solveLinearWork(
  a: Float64Array,
  b: Float64Array,
  n: number,
  meter: UnitMeter = createUnitMeter(),
): Work<boolean> {
  for (let col = 0; col < n; col += 1) {
    if (!eliminateColumn(a, b, n, col)) return false
    if (meter.add(((n - col) * (n - col)) / ELIMINATION_PER_CELL_EVALUATION)) yield
  }
  for (let row = n - 1; row >= 0; row -= 1) {
    let sum = b[row] as number
    for (let k = row + 1; k < n; k += 1) sum -= (a[row * n + k] as number) * (b[k] as number)
    b[row] = sum / (a[row * n + row] as number)
  }
  return true
}

/** The largest |F_i|: the merit the line search must reduce. */
function maxAbs(values: Float64Array): number {
  let worst = 0
  for (const value of values) worst = Math.max(worst, Math.abs(value))
  return worst
}

/**
 * A Jacobian kept between solves: the points of a sweep are close, so the last point's Jacobian is a
 * good start for the next (a chord step costs one evaluation; a fresh Jacobian costs n + 1).
 */
export type SteadyStateMemory = { jacobian: Float64Array | null }

/** Successive updates must shrink at least this fast for an old Jacobian to be kept (and trusted). */
const CHORD_CONTRACTION = 0.25

/** The Jacobian of F at `s` (where F is `f`) by forward differences, one evaluation per column. */
function* jacobianWork(
  stack: Stack,
  inputs: StackInputs,
  s: Float64Array,
  f: Float64Array,
  scratch: { trial: Float64Array; fTrial: Float64Array; meter: UnitMeter },
): Work<Float64Array> {
  const { trial, fTrial, meter } = scratch
  const n = s.length
  const jacobian = new Float64Array(n * n)
  for (let j = 0; j < n; j += 1) {
    trial.set(s)
    const h = JACOBIAN_STEP * Math.max(s[j] as number, 1)
    trial[j] = (s[j] as number) + h
    stack.steadyRates(trial, inputs, fTrial)
    for (let i = 0; i < n; i += 1) jacobian[i * n + j] = ((fTrial[i] as number) - (f[i] as number)) / h
    if (meter.add(n)) yield
  }
  return jacobian
}

/**
 * Backtracking: halves the update until the residual falls (Armijo on the max norm), at most 30 times.
 * Accepted, `s` and `f` move to the new point and the step size and merit are returned; otherwise null.
 */
function* lineSearchWork(
  stack: Stack,
  inputs: StackInputs,
  point: { s: Float64Array; f: Float64Array; update: Float64Array; merit: number },
  scratch: { trial: Float64Array; fTrial: Float64Array; meter: UnitMeter },
): Work<{ lambda: number; merit: number } | null> {
  const { s, f, update, merit } = point
  const { trial, fTrial, meter } = scratch
  let lambda = 1
  for (let halving = 0; halving < 30; halving += 1) {
    for (let i = 0; i < s.length; i += 1) trial[i] = Math.max((s[i] as number) + lambda * (update[i] as number), 0)
    stack.steadyRates(trial, inputs, fTrial)
    if (meter.add(s.length)) yield
    const next = maxAbs(fTrial)
    if (next <= (1 - 1e-4 * lambda) * merit || next === 0) {
      s.set(trial)
      f.set(fTrial)
      return { lambda, merit: next }
    }
    lambda /= 2
  }
  return null
}

/** The largest relative substrate move of a Newton update (absolute below SUBSTRATE_FLOOR_MG_L). */
function updateSize(update: Float64Array, s: Float64Array): number {
  let size = 0
  for (let i = 0; i < s.length; i += 1)
    size = Math.max(size, Math.abs(update[i] as number) / Math.max(s[i] as number, SUBSTRATE_FLOOR_MG_L))
  return size
}

/**
 * Newton's method on F(S) = 0 from the stack's present substrate (the warm start: the previous point
 * of a sweep is close to the next). The Jacobian is taken by forward differences, column by column, so
 * any wiring and feeding works unchanged, and reused (the chord method) while updates shrink at least
 * twofold per iteration, otherwise retaken at the current point; a backtracking line search on
 * max |F_i| with S kept >= 0 makes it safe far from the solution. It stops when the update falls below
 * `tolerance` with a fresh Jacobian or while contracting (then the remaining error is below the
 * update). On success the stack holds the steady state (substrate, its steady mediator, outputs) and
 * the work returns true; on failure (no convergence, a singular Jacobian) the stack's state is left as it
 * was (its outputs are not) and the caller marches the model instead. It yields as `meter` says
 * (work.ts): after every evaluation of F on a large stack, after many on a small one.
 */
export function* steadyStateWork(
  stack: Stack,
  inputs: StackInputs,
  options: SteadyStateOptions,
  memory: SteadyStateMemory = { jacobian: null },
  meter: UnitMeter = createUnitMeter(),
): Work<boolean> {
  const n = stack.cells
  const s = Float64Array.from(stack.substrateMgL)
  const f = new Float64Array(n)
  const scratch = { trial: new Float64Array(n), fTrial: new Float64Array(n), meter }
  const factored = new Float64Array(n * n)
  const update = new Float64Array(n)
  let jacobian = memory.jacobian?.length === n * n ? memory.jacobian : null
  let fresh = false
  let lastSize = Infinity
  stack.steadyRates(s, inputs, f)
  if (meter.add(n)) yield
  let merit = maxAbs(f)
  for (let iteration = 0; iteration < (options.maxIterations ?? 40); iteration += 1) {
    if (!Number.isFinite(merit)) return false
    if (!jacobian) {
      jacobian = yield* jacobianWork(stack, inputs, s, f, scratch)
      fresh = true
      memory.jacobian = jacobian
    }
    factored.set(jacobian)
    for (let i = 0; i < n; i += 1) update[i] = -(f[i] as number)
    if (!(yield* solveLinearWork(factored, update, n, meter))) {
      if (fresh) return false
      jacobian = null
      continue
    }
    const size = updateSize(update, s)
    // Measured against the previous update of the same Jacobian (none yet: Infinity).
    const slow = size > CHORD_CONTRACTION * lastSize
    if (size <= options.tolerance && (fresh || (Number.isFinite(lastSize) && !slow))) {
      stack.holdSteady(s, inputs)
      return true
    }
    const step = yield* lineSearchWork(stack, inputs, { s, f, update, merit }, scratch)
    if (!step && !fresh) {
      jacobian = null // an old Jacobian's direction, not the residual, is the problem: retake it here
      lastSize = Infinity
      continue
    }
    if (!step) {
      // No decrease left to find: F is at its rounding level, so S is the root to working precision.
      if (!(maxAbs(update) <= ROUNDING_STALL * Math.max(maxAbs(s), SUBSTRATE_FLOOR_MG_L))) return false
      stack.holdSteady(s, inputs)
      return true
    }
    merit = step.merit
    // Keep the Jacobian only while full steps contract fast; otherwise retake it at the new point.
    if (!fresh && (slow || step.lambda < 1)) {
      jacobian = null
      lastSize = Infinity
    } else lastSize = size
    fresh = false
  }
  return false
}
