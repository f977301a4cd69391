import { column, invert, norm, normalEquations } from './linear-algebra.js'

/*
 * Confidence intervals, correlations and identifiability at the optimum (docs/twin.md "Identifiability").
 * The sensitivities S (m x p) are the residuals' derivatives with respect to ln(theta): volts per e-fold
 * change of each parameter. A parameter is not identifiable when any of these holds:
 *   - no influence: its sensitivity is below 1 uV per e-fold, RMS over the points;
 *   - at a bound: the optimum sits on the edge of its physical range (the data push it out of the model);
 *   - collinear: its collinearity index gamma_j = sqrt(VIF_j) > 20, VIF_j the j-th diagonal element of
 *     (S~^T S~)^-1 with S~ the columns scaled to unit length (after Brun, Reichert and Kuensch, Water
 *     Resour. Res. 37, 2001): more than 99.75 % of its sensitivity is a combination of the others';
 *   - imprecise: its 95 % interval's half-width is at least its value.
 */

export const NO_INFLUENCE_V = 1e-6
export const MAX_COLLINEARITY_INDEX = 20

export type Verdict = { identifiable: true } | { identifiable: false; reason: string; severity: number }

export type ParameterStatistics = {
  names: readonly string[]
  values: Float64Array
  standardErrors: Float64Array
  halfWidths: Float64Array
  correlations: Float64Array
  collinearity: Float64Array
  verdicts: Verdict[]
}

/** The covariance of theta, sigma^2 (J^T J)^-1 with J = S / theta; undefined where J^T J is singular. */
function covariance(sensitivities: Float64Array, values: Float64Array, sigma: number): Float64Array | undefined {
  const p = values.length
  const jacobian = sensitivities.map((s, index) => s / (values[index % p] as number))
  const { jtj } = normalEquations(jacobian, new Float64Array(jacobian.length / p), p)
  const inverse = invert(jtj, p)
  return inverse?.map((value) => value * sigma * sigma)
}

/** sqrt(VIF) of each column of S, on unit-length columns; Infinity where they are linearly dependent. */
function collinearityIndices(sensitivities: Float64Array, p: number): Float64Array {
  const columns = Array.from({ length: p }, (_, j) => column(sensitivities, p, j))
  const scaled = sensitivities.map((s, index) => s / (norm(columns[index % p] as Float64Array) || 1))
  const { jtj } = normalEquations(scaled, new Float64Array(scaled.length / p), p)
  const inverse = invert(jtj, p)
  return Float64Array.from({ length: p }, (_, j) => {
    const vif = inverse?.[j * p + j]
    return vif !== undefined && vif > 0 && Number.isFinite(vif) ? Math.sqrt(vif) : Infinity
  })
}

/**
 * Standard errors, 95 % half-widths (t quantile `t95`), correlations and a verdict per parameter, from
 * the sensitivities at the optimum, the residual standard deviation `sigma` and which parameters sit on
 * a bound. The verdict's severity orders what the estimator holds first: no influence, bound, collinear,
 * imprecise (each by how far it is beyond its limit).
 */
export function parameterStatistics(input: {
  names: readonly string[]
  values: Float64Array
  sensitivities: Float64Array
  sigma: number
  t95: number
  atBound: readonly boolean[]
}): ParameterStatistics {
  const { names, values, sensitivities, sigma, t95, atBound } = input
  const p = values.length
  const m = sensitivities.length / p
  const rms = Float64Array.from({ length: p }, (_, j) => norm(column(sensitivities, p, j)) / Math.sqrt(m))
  const cov = covariance(sensitivities, values, sigma)
  const standardErrors = Float64Array.from({ length: p }, (_, j) => Math.sqrt(cov?.[j * p + j] ?? Infinity))
  const halfWidths = standardErrors.map((se) => t95 * se)
  const correlations = Float64Array.from({ length: p * p }, (_, index) => {
    const [a, b] = [Math.floor(index / p), index % p]
    if (a === b) return 1
    const value = (cov?.[index] ?? Number.NaN) / ((standardErrors[a] as number) * (standardErrors[b] as number))
    return Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : Number.NaN
  })
  const collinearity = collinearityIndices(sensitivities, p)
  const verdicts = names.map((_, j): Verdict => {
    const value = values[j] as number
    if ((rms[j] as number) < NO_INFLUENCE_V)
      return {
        identifiable: false,
        severity: 4,
        reason: `no influence on the data (${(rms[j] as number).toExponential(1)} V per e-fold change)`,
      }
    if (atBound[j])
      return { identifiable: false, severity: 3, reason: 'the optimum lies on the edge of its physical range' }
    const gamma = collinearity[j] as number
    if (gamma > MAX_COLLINEARITY_INDEX) {
      const partner = strongestPartner(correlations, names, j)
      return {
        identifiable: false,
        severity: 2 + Math.min(gamma, 1e6) / 1e7,
        reason: `collinear with ${partner} (collinearity index ${gamma === Infinity ? 'infinite' : gamma.toFixed(0)})`,
      }
    }
    const relative = (halfWidths[j] as number) / Math.abs(value)
    if (!(relative < 1))
      return {
        identifiable: false,
        severity: 1 + Math.min(relative, 1e6) / 1e7,
        reason: `the 95 % interval (±${(100 * relative).toFixed(0)} %) is wider than the value`,
      }
    return { identifiable: true }
  })
  return { names, values, standardErrors, halfWidths, correlations, collinearity, verdicts }
}

/** The parameter most correlated with parameter j (by the covariance), for the collinearity message. */
function strongestPartner(correlations: Float64Array, names: readonly string[], j: number): string {
  const p = names.length
  let best = -1
  let strongest = -1
  for (let k = 0; k < p; k += 1) {
    const value = Math.abs(correlations[j * p + k] as number)
    if (k !== j && (Number.isNaN(value) ? 1 : value) > strongest)
      [best, strongest] = [k, Number.isNaN(value) ? 1 : value]
  }
  return best >= 0 ? (names[best] as string) : 'the other parameters'
}
