import { parameterRanges } from '../../sim/parameter-bounds.js'
import { nominalCellParameters, type CellParameters } from '../../sim/parameters.js'
import type { Work } from '../../sim/work.js'
import { parameterStatistics, type ParameterStatistics } from './identifiability.js'
import {
  defaultLmOptions,
  jacobianWork,
  levenbergMarquardtWork,
  type BoxedLeastSquares,
  type LmResult,
} from './levenberg-marquardt.js'
import { studentTQuantile } from './statistics.js'

/*
 * The estimator (docs/twin.md "The estimator"), whatever the data: least squares on measured cell voltages
 * against a model's, by Levenberg-Marquardt in u = ln(theta) within each parameter's physical range; 95 %
 * intervals and correlations from the central-difference Jacobian at the optimum; a parameter the data
 * cannot identify is held at its starting value and the rest fitted again, until every parameter still
 * fitted is identifiable. The polarization fit and the time-series fit differ only in their model.
 */

export type ParameterName = keyof CellParameters

/** The modelled voltage at each measured point, for a parameter set. */
export type VoltageModel = (parameters: CellParameters) => Work<ArrayLike<number>>

export type EstimateRequest = {
  measuredV: readonly number[]
  model: VoltageModel
  fit: readonly ParameterName[]
  /** Every parameter not fitted, and the start of the fitted ones (default: the engine's nominal set). */
  base?: Partial<CellParameters> | undefined
  /** Floor of the residual standard deviation: the voltmeter's resolution (default 0.1 mV). */
  voltageResolutionV?: number | undefined
}

export type Estimate = {
  parameters: Record<string, number | null>
  ci95: Record<string, [number, number] | null>
  identifiable: Record<string, boolean>
  /** Why a parameter is not identifiable, and the value it was held at instead. */
  notIdentifiable: Record<string, { reason: string; heldAt: number }>
  standardErrors: Record<string, number>
  correlations: Record<string, Record<string, number | null>>
  rmse: number
  residualStdV: number
  degreesOfFreedom: number
  /** The full parameter set of the fitted model (identifiable values, the rest held): what a profile saves. */
  cellParameters: CellParameters
  /** The fitted model's voltage at each measured point. */
  modelV: number[]
  iterations: number
  evaluations: number
}

export const DEFAULT_VOLTAGE_RESOLUTION_V = 1e-4

/** Least squares in u = ln(theta) for the parameters `names`, the others fixed at `base`. */
function problemOf(request: EstimateRequest, names: readonly ParameterName[], base: CellParameters) {
  const parametersAt = (u: Float64Array): CellParameters => {
    const parameters = { ...base }
    names.forEach((name, j) => (parameters[name] = Math.exp(u[j] as number)))
    return parameters
  }
  const problem: BoxedLeastSquares = {
    lower: Float64Array.from(names, (name) => Math.log(parameterRanges[name][0])),
    upper: Float64Array.from(names, (name) => Math.log(parameterRanges[name][1])),
    *residuals(u) {
      const modelled = yield* request.model(parametersAt(u))
      return Float64Array.from(request.measuredV, (measured, i) => (modelled[i] as number) - measured)
    },
  }
  return { problem, parametersAt }
}

type Round = { names: ParameterName[]; lm: LmResult; statistics: ParameterStatistics; sigma: number }

const atBound = (value: number, bound: number) => Math.abs(value - bound) < 1e-9 * Math.max(1, Math.abs(bound))

/** One least-squares fit of `names` and the statistics at its optimum. */
function* roundWork(request: EstimateRequest, names: ParameterName[], base: CellParameters): Work<Round> {
  const { problem, parametersAt } = problemOf(request, names, base)
  const start = Float64Array.from(names, (name) => Math.log(base[name]))
  const lm = yield* levenbergMarquardtWork(problem, start, defaultLmOptions)
  const sensitivities = yield* jacobianWork(problem, lm.u, lm.residuals, { step: 1e-4, central: true })
  const dof = request.measuredV.length - names.length
  const sigma = Math.max(Math.sqrt((2 * lm.cost) / dof), request.voltageResolutionV ?? DEFAULT_VOLTAGE_RESOLUTION_V)
  const fitted = parametersAt(lm.u)
  const statistics = parameterStatistics({
    names,
    values: Float64Array.from(names, (name) => fitted[name]),
    sensitivities,
    sigma,
    t95: studentTQuantile(0.975, dof),
    atBound: names.map(
      (_, j) =>
        atBound(lm.u[j] as number, problem.lower[j] as number) ||
        atBound(lm.u[j] as number, problem.upper[j] as number),
    ),
  })
  return { names, lm, statistics, sigma }
}

/** The starting parameter set: nominal < base, each clamped into its physical range. */
export function startingParameters(base: Partial<CellParameters> = {}): CellParameters {
  const parameters: CellParameters = { ...nominalCellParameters, ...base }
  for (const name of Object.keys(parameters) as ParameterName[]) {
    const [lo, hi] = parameterRanges[name]
    parameters[name] = Math.min(Math.max(parameters[name], lo), hi)
  }
  return parameters
}

/** The index of the worst verdict that is not identifiable, or -1 when every parameter is. */
function worstUnidentifiable(verdicts: ParameterStatistics['verdicts']): number {
  let worst = -1
  verdicts.forEach((verdict, j) => {
    const current = verdicts[worst]
    if (
      !verdict.identifiable &&
      (worst < 0 || (current && !current.identifiable && verdict.severity > current.severity))
    )
      worst = j
  })
  return worst
}

/** Fits, then holds the worst non-identifiable parameter and fits again, until the rest are identifiable. */
export function* estimateWork(request: EstimateRequest): Work<Estimate> {
  if (request.measuredV.length <= request.fit.length)
    throw new RangeError(
      `${request.measuredV.length} points cannot determine ${request.fit.length} parameters: give more points than parameters`,
    )
  const start = startingParameters(request.base)
  const notIdentifiable: Estimate['notIdentifiable'] = {}
  let names = [...new Set(request.fit)]
  let round: Round | undefined
  let iterations = 0
  let evaluations = 0
  while (names.length > 0) {
    round = yield* roundWork(request, names, start)
    iterations += round.lm.iterations
    evaluations += round.lm.evaluations + 2 * names.length
    const worst = worstUnidentifiable(round.statistics.verdicts)
    const verdict = round.statistics.verdicts[worst]
    if (!verdict || verdict.identifiable) break
    const name = names[worst] as ParameterName
    notIdentifiable[name] = { reason: verdict.reason, heldAt: start[name] }
    names = names.filter((other) => other !== name)
    round = undefined
  }
  const fitted = round
    ? { ...start, ...Object.fromEntries(round.names.map((name, j) => [name, round.statistics.values[j]])) }
    : start
  const modelV = Array.from(yield* request.model(fitted))
  return { ...summaryOf(request, fitted, modelV, notIdentifiable, round), iterations, evaluations: evaluations + 1 }
}

/** The answer: values, intervals, correlations and residuals of the final fit. */
function summaryOf(
  request: EstimateRequest,
  fitted: CellParameters,
  modelV: number[],
  notIdentifiable: Estimate['notIdentifiable'],
  round: Round | undefined,
): Omit<Estimate, 'iterations' | 'evaluations'> {
  const m = modelV.length
  const squares = modelV.reduce((sum, v, i) => sum + (v - (request.measuredV[i] as number)) ** 2, 0)
  const names = round?.names ?? []
  const stats = round?.statistics
  const entries = <T>(value: (j: number) => T) => Object.fromEntries(names.map((name, j) => [name, value(j)]))
  const unfitted = <T>(value: T): Record<string, T> =>
    Object.fromEntries(Object.keys(notIdentifiable).map((name) => [name, value]))
  const value = (j: number) => stats!.values[j] as number
  const half = (j: number) => stats!.halfWidths[j] as number
  return {
    parameters: { ...entries(value), ...unfitted(null) },
    ci95: { ...entries((j): [number, number] => [value(j) - half(j), value(j) + half(j)]), ...unfitted(null) },
    identifiable: { ...entries(() => true), ...unfitted(false) },
    notIdentifiable,
    standardErrors: entries((j) => stats!.standardErrors[j] as number),
    correlations: entries((a) =>
      Object.fromEntries(
        names.map((other, b) => {
          const correlation = stats!.correlations[a * names.length + b] as number
          return [other, Number.isFinite(correlation) ? correlation : null]
        }),
      ),
    ),
    rmse: Math.sqrt(squares / m),
    residualStdV:
      round?.sigma ?? Math.max(Math.sqrt(squares / m), request.voltageResolutionV ?? DEFAULT_VOLTAGE_RESOLUTION_V),
    degreesOfFreedom: m - names.length,
    cellParameters: fitted,
    modelV,
  }
}
