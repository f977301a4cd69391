import { solveLinearWork } from '../../sim/steady-state.js'
import { finish } from '../../sim/work.js'

/*
 * Small dense matrices for the estimator: row-major Float64Arrays, a handful of parameters. The one
 * linear solver is the engine's (Gaussian elimination with partial pivoting, steady-state.ts).
 */

/** J^T J (p x p) and J^T r (p) of a row-major m x p Jacobian. */
export function normalEquations(
  jacobian: Float64Array,
  residuals: Float64Array,
  p: number,
): { jtj: Float64Array; jtr: Float64Array } {
  const m = residuals.length
  const jtj = new Float64Array(p * p)
  const jtr = new Float64Array(p)
  for (let row = 0; row < m; row += 1) {
    const r = residuals[row] as number
    for (let a = 0; a < p; a += 1) {
      const ja = jacobian[row * p + a] as number
      jtr[a] = (jtr[a] as number) + ja * r
      for (let b = 0; b < p; b += 1)
        jtj[a * p + b] = (jtj[a * p + b] as number) + ja * (jacobian[row * p + b] as number)
    }
  }
  return { jtj, jtr }
}

/** x with A x = b (A is p x p, left unchanged), or undefined if A is singular. */
export function solve(a: Float64Array, b: Float64Array, p: number): Float64Array | undefined {
  const matrix = Float64Array.from(a)
  const x = Float64Array.from(b)
  return finish(solveLinearWork(matrix, x, p)) && x.every(Number.isFinite) ? x : undefined
}

/** A^-1 (p x p), or undefined if A is singular. */
export function invert(a: Float64Array, p: number): Float64Array | undefined {
  const inverse = new Float64Array(p * p)
  for (let col = 0; col < p; col += 1) {
    const unit = new Float64Array(p)
    unit[col] = 1
    const x = solve(a, unit, p)
    if (!x) return undefined
    for (let row = 0; row < p; row += 1) inverse[row * p + col] = x[row] as number
  }
  return inverse
}

/** Column j of a row-major m x p matrix. */
export function column(matrix: Float64Array, p: number, j: number): Float64Array {
  const m = matrix.length / p
  return Float64Array.from({ length: m }, (_, row) => matrix[row * p + j] as number)
}

/** Euclidean norm. */
export function norm(values: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < values.length; i += 1) sum += (values[i] as number) ** 2
  return Math.sqrt(sum)
}
