import type { Work } from '../../sim/work.js'
import { normalEquations, norm, solve } from './linear-algebra.js'

/*
 * Levenberg-Marquardt for bounded nonlinear least squares (docs/twin.md "The estimator"): Marquardt's
 * scaling (the damping is lambda times the diagonal of J^T J), Nielsen's update of lambda from the gain
 * ratio (K. Madsen, H. B. Nielsen, O. Tingleff, "Methods for non-linear least squares problems", 2004,
 * section 3.2), the Jacobian by finite differences, and every trial step projected onto the box of
 * bounds. Residual evaluations are Work: the caller runs the estimator in slices.
 */

export type BoxedLeastSquares = {
  /** Residuals at parameter vector u; a non-finite residual rejects the step that led there. */
  residuals(u: Float64Array): Work<Float64Array>
  lower: Float64Array
  upper: Float64Array
}

export type LmOptions = {
  maxIterations: number
  /** Relative step size of the finite differences in u. */
  differenceStep: number
  /** Stop when a step is this small relative to |u|. */
  stepTolerance: number
  /** Stop when the cost falls by less than this fraction in an accepted step. */
  costTolerance: number
}

export const defaultLmOptions: LmOptions = {
  maxIterations: 100,
  differenceStep: 1e-6,
  stepTolerance: 1e-9,
  costTolerance: 1e-12,
}

export type LmStop = 'step' | 'gradient' | 'cost' | 'iterations' | 'stalled'
export type LmResult = {
  u: Float64Array
  residuals: Float64Array
  /** Half the sum of squared residuals. */
  cost: number
  iterations: number
  evaluations: number
  stop: LmStop
}

const halfSquares = (r: Float64Array) => 0.5 * norm(r) ** 2

/** Clamps u into the box. */
function project(u: Float64Array, problem: BoxedLeastSquares): Float64Array {
  return u.map((value, j) => Math.min(Math.max(value, problem.lower[j] as number), problem.upper[j] as number))
}

/**
 * The Jacobian (row-major m x p) at u, where the residuals are r: forward differences, or central ones
 * (twice the evaluations, O(h^2) error) for the covariance at the optimum. A step that would leave the
 * box goes the other way.
 */
export function* jacobianWork(
  problem: BoxedLeastSquares,
  u: Float64Array,
  r: Float64Array,
  options: { step: number; central: boolean },
): Work<Float64Array> {
  const m = r.length
  const p = u.length
  const jacobian = new Float64Array(m * p)
  for (let j = 0; j < p; j += 1) {
    const h = options.step * Math.max(Math.abs(u[j] as number), 1)
    const up = (u[j] as number) + h <= (problem.upper[j] as number)
    const down = (u[j] as number) - h >= (problem.lower[j] as number)
    const shifted = (delta: number) => u.map((value, k) => (k === j ? value + delta : value))
    const central = options.central && up && down
    const forward = central || up ? yield* problem.residuals(shifted(h)) : r
    const backward = central || !up ? yield* problem.residuals(shifted(-h)) : r
    const width = central ? 2 * h : h
    for (let row = 0; row < m; row += 1)
      jacobian[row * p + j] = ((forward[row] as number) - (backward[row] as number)) / width
  }
  return jacobian
}

/** The damped Gauss-Newton step: (J^T J + lambda D) delta = -J^T r, D the diagonal of J^T J (floored). */
function dampedStep(jtj: Float64Array, jtr: Float64Array, lambda: number, p: number): Float64Array | undefined {
  const a = Float64Array.from(jtj)
  let largest = 0
  for (let j = 0; j < p; j += 1) largest = Math.max(largest, jtj[j * p + j] as number)
  for (let j = 0; j < p; j += 1)
    a[j * p + j] = (a[j * p + j] as number) + lambda * Math.max(jtj[j * p + j] as number, 1e-12 * largest, 1e-300)
  return solve(
    a,
    jtr.map((g) => -g),
    p,
  )
}

/** The decrease the linear model predicts for step delta: -delta.J^T r - delta.J^T J delta / 2. */
function predictedDecrease(delta: Float64Array, jtj: Float64Array, jtr: Float64Array, p: number): number {
  let linear = 0
  let quadratic = 0
  for (let a = 0; a < p; a += 1) {
    linear += (delta[a] as number) * (jtr[a] as number)
    for (let b = 0; b < p; b += 1) quadratic += (delta[a] as number) * (jtj[a * p + b] as number) * (delta[b] as number)
  }
  return -linear - 0.5 * quadratic
}

/** Minimises half the sum of squared residuals over the box, from `start`. */
export function* levenbergMarquardtWork(
  problem: BoxedLeastSquares,
  start: Float64Array,
  options: LmOptions = defaultLmOptions,
): Work<LmResult> {
  const p = start.length
  let u = project(start, problem)
  let r = yield* problem.residuals(u)
  let evaluations = 1
  if (!r.every(Number.isFinite)) throw new Error('the model cannot be evaluated at the starting parameters')
  let cost = halfSquares(r)
  let lambda = Number.NaN
  let nu = 2
  const result = (stop: LmStop, iterations: number): LmResult => ({
    u,
    residuals: r,
    cost,
    iterations,
    evaluations,
    stop,
  })
  for (let iteration = 0; iteration < options.maxIterations; iteration += 1) {
    const jacobian = yield* jacobianWork(problem, u, r, { step: options.differenceStep, central: false })
    evaluations += p
    const { jtj, jtr } = normalEquations(jacobian, r, p)
    if (Number.isNaN(lambda))
      lambda = 1e-3 * Math.max(...Array.from({ length: p }, (_, j) => jtj[j * p + j] as number), 1e-300)
    if (Math.max(...jtr.map(Math.abs)) <= 1e-15 * Math.max(cost, 1e-300)) return result('gradient', iteration)
    for (;;) {
      const raw = dampedStep(jtj, jtr, lambda, p)
      const trial = raw
        ? project(
            u.map((value, j) => value + (raw[j] as number)),
            problem,
          )
        : u
      const delta = trial.map((value, j) => value - (u[j] as number))
      if (norm(delta) <= options.stepTolerance * (norm(u) + options.stepTolerance)) return result('step', iteration)
      const trialResiduals = yield* problem.residuals(trial)
      evaluations += 1
      const trialCost = trialResiduals.every(Number.isFinite) ? halfSquares(trialResiduals) : Infinity
      const rho = (cost - trialCost) / predictedDecrease(delta, jtj, jtr, p)
      if (rho > 0 && Number.isFinite(trialCost)) {
        const fell = (cost - trialCost) / Math.max(cost, 1e-300)
        ;[u, r, cost] = [trial, trialResiduals, trialCost]
        lambda *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3)
        nu = 2
        if (fell < options.costTolerance) return result('cost', iteration + 1)
        break
      }
      lambda *= nu
      nu *= 2
      if (lambda > 1e20) return result('stalled', iteration)
    }
  }
  return result('iterations', options.maxIterations)
}
