import { parameterRanges } from '../../sim/parameter-bounds.js'
import { nominalCellParameters, type CellParameters } from '../../sim/parameters.js'
import type { Work } from '../../sim/work.js'
import type { CellConditions, CellPoint } from './cell-steady-state.js'
import { parameterStatistics, type ParameterStatistics } from './identifiability.js'
import {
  defaultLmOptions,
  jacobianWork,
  levenbergMarquardtWork,
  type BoxedLeastSquares,
  type LmResult,
} from './levenberg-marquardt.js'
import { createPolarizationModel, type BiofilmMode } from './polarization-model.js'
import { studentTQuantile } from './statistics.js'

/*
 * Estimation of chosen model parameters of one cell from steady-state polarization points (docs/twin.md
 * "The estimator"): least squares on the cell voltage at each load, by Levenberg-Marquardt in
 * u = ln(theta) within each parameter's physical range; 95 % intervals and correlations from the central
 * difference Jacobian at the optimum; a parameter the data cannot identify is held at its starting value
 * and the rest fitted again, until every parameter still fitted is identifiable.
 */

export type ParameterName = keyof CellParameters
export type MeasuredPoint = { rExtOhm: number; voltageV: number; currentA: number }

export type FitRequest = {
  points: readonly MeasuredPoint[]
  conditions: CellConditions
  biofilm: BiofilmMode
  fit: readonly ParameterName[]
  /** Every parameter not fitted, and the start of the fitted ones (default: the engine's nominal set). */
  base?: Partial<CellParameters>
  /** Floor of the residual standard deviation: the voltmeter's resolution (default 0.1 mV). */
  voltageResolutionV?: number
}

export type FittedPoint = MeasuredPoint & {
  powerW: number
  model: { voltageV: number; currentA: number; powerW: number }
  residualV: number
}

export type FitResult = {
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
  points: FittedPoint[]
  /** The fitted model over the data's range of loads, for the data-vs-model plot. */
  curve: Array<{ rExtOhm: number; voltageV: number; currentA: number; powerW: number }>
  iterations: number
  evaluations: number
}

export const DEFAULT_VOLTAGE_RESOLUTION_V = 1e-4
const CURVE_POINTS = 40

/** Least squares in u = ln(theta) for the parameters `names`, the others fixed at `base`. */
function problemOf(request: FitRequest, names: readonly ParameterName[], base: CellParameters) {
  const model = createPolarizationModel(
    request.conditions,
    request.biofilm,
    request.points.map((p) => p.rExtOhm),
  )
  const parametersAt = (u: Float64Array): CellParameters => {
    const parameters = { ...base }
    names.forEach((name, j) => (parameters[name] = Math.exp(u[j] as number)))
    return parameters
  }
  let last: CellPoint[] = []
  const problem: BoxedLeastSquares = {
    lower: Float64Array.from(names, (name) => Math.log(parameterRanges[name][0])),
    upper: Float64Array.from(names, (name) => Math.log(parameterRanges[name][1])),
    *residuals(u) {
      last = yield* model(parametersAt(u))
      return Float64Array.from(last, (point, i) => point.voltageV - (request.points[i] as MeasuredPoint).voltageV)
    },
  }
  return { problem, parametersAt, lastPoints: () => last }
}

type Round = {
  names: ParameterName[]
  lm: LmResult
  statistics: ParameterStatistics
  sigma: number
  dof: number
  points: CellPoint[]
}

/** One least-squares fit of `names` and the statistics at its optimum. */
function* roundWork(request: FitRequest, names: ParameterName[], base: CellParameters): Work<Round> {
  const { problem, parametersAt, lastPoints } = problemOf(request, names, base)
  const start = Float64Array.from(names, (name) => Math.log(base[name]))
  const lm = yield* levenbergMarquardtWork(problem, start, defaultLmOptions)
  const sensitivities = yield* jacobianWork(problem, lm.u, lm.residuals, { step: 1e-4, central: true })
  yield* problem.residuals(lm.u)
  const m = request.points.length
  const dof = m - names.length
  const sigma = Math.max(Math.sqrt((2 * lm.cost) / dof), request.voltageResolutionV ?? DEFAULT_VOLTAGE_RESOLUTION_V)
  const fitted = parametersAt(lm.u)
  const statistics = parameterStatistics({
    names,
    values: Float64Array.from(names, (name) => fitted[name]),
    sensitivities,
    sigma,
    t95: studentTQuantile(0.975, dof),
    atBound: names.map((_, j) => {
      const [lo, hi] = [problem.lower[j] as number, problem.upper[j] as number]
      return (
        (lm.u[j] as number) - lo < 1e-9 * Math.max(1, Math.abs(lo)) ||
        hi - (lm.u[j] as number) < 1e-9 * Math.max(1, Math.abs(hi))
      )
    }),
  })
  return { names, lm, statistics, sigma, dof, points: lastPoints() }
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

/** Fits, then holds the worst non-identifiable parameter and fits again, until the rest are identifiable. */
export function* fitPolarizationWork(request: FitRequest): Work<FitResult> {
  if (request.points.length <= request.fit.length)
    throw new RangeError(
      `${request.points.length} points cannot determine ${request.fit.length} parameters: give more points than parameters`,
    )
  const start = startingParameters(request.base)
  const notIdentifiable: FitResult['notIdentifiable'] = {}
  let names = [...new Set(request.fit)]
  let base = start
  let round: Round | undefined
  let iterations = 0
  let evaluations = 0
  while (names.length > 0) {
    round = yield* roundWork(request, names, start)
    iterations += round.lm.iterations
    evaluations += round.lm.evaluations + 2 * names.length + 1
    const verdicts = round.statistics.verdicts
    let worst = -1
    verdicts.forEach((verdict, j) => {
      const current = verdicts[worst]
      if (
        !verdict.identifiable &&
        (worst < 0 || (current && !current.identifiable && verdict.severity > current.severity))
      )
        worst = j
    })
    const verdict = verdicts[worst]
    if (!verdict || verdict.identifiable) break
    const name = names[worst] as ParameterName
    notIdentifiable[name] = { reason: verdict.reason, heldAt: start[name] }
    names = names.filter((other) => other !== name)
    round = undefined
  }
  if (round)
    base = { ...start, ...Object.fromEntries(round.names.map((name, j) => [name, round.statistics.values[j]])) }
  const result = yield* summaryWork(request, base, notIdentifiable, round)
  return { ...result, iterations, evaluations }
}

/** The answer: values, intervals, correlations, residuals and the model curve of the final fit. */
function* summaryWork(
  request: FitRequest,
  fitted: CellParameters,
  notIdentifiable: FitResult['notIdentifiable'],
  round: Round | undefined,
): Work<Omit<FitResult, 'iterations' | 'evaluations'>> {
  const points =
    round?.points ??
    (yield* createPolarizationModel(
      request.conditions,
      request.biofilm,
      request.points.map((p) => p.rExtOhm),
    )(fitted))
  const residuals = points.map((point, i) => point.voltageV - (request.points[i] as MeasuredPoint).voltageV)
  const m = residuals.length
  const names = round?.names ?? []
  const stats = round?.statistics
  const entries = <T>(value: (name: string, j: number) => T) =>
    Object.fromEntries(names.map((name, j) => [name, value(name, j)]))
  const unfitted = Object.keys(notIdentifiable)
  return {
    parameters: {
      ...entries((_, j) => stats!.values[j] as number),
      ...Object.fromEntries(unfitted.map((name) => [name, null])),
    },
    ci95: {
      ...entries((_, j): [number, number] => [
        (stats!.values[j] as number) - (stats!.halfWidths[j] as number),
        (stats!.values[j] as number) + (stats!.halfWidths[j] as number),
      ]),
      ...Object.fromEntries(unfitted.map((name) => [name, null])),
    },
    identifiable: { ...entries(() => true), ...Object.fromEntries(unfitted.map((name) => [name, false])) },
    notIdentifiable,
    standardErrors: entries((_, j) => stats!.standardErrors[j] as number),
    correlations: entries((_, a) =>
      Object.fromEntries(
        names.map((other, b) => {
          const value = stats!.correlations[a * names.length + b] as number
          return [other, Number.isFinite(value) ? value : null]
        }),
      ),
    ),
    rmse: Math.sqrt(residuals.reduce((sum, r) => sum + r * r, 0) / m),
    residualStdV:
      round?.sigma ??
      Math.max(
        Math.sqrt(residuals.reduce((sum, r) => sum + r * r, 0) / m),
        request.voltageResolutionV ?? DEFAULT_VOLTAGE_RESOLUTION_V,
      ),
    degreesOfFreedom: m - names.length,
    cellParameters: fitted,
    points: request.points.map((measured, i) => {
      const model = points[i] as CellPoint
      return {
        ...measured,
        powerW: measured.voltageV * measured.currentA,
        model: { voltageV: model.voltageV, currentA: model.currentA, powerW: model.powerW },
        residualV: residuals[i] as number,
      }
    }),
    curve: yield* modelCurveWork(request, fitted),
  }
}

/** The fitted model at CURVE_POINTS log-spaced loads over the data's finite range. */
function* modelCurveWork(request: FitRequest, parameters: CellParameters): Work<FitResult['curve']> {
  const finite = request.points.map((p) => p.rExtOhm).filter(Number.isFinite)
  const [lo, hi] = [Math.min(...finite), Math.max(...finite)]
  const loads = Array.from({ length: CURVE_POINTS }, (_, k) => lo * (hi / lo) ** (k / (CURVE_POINTS - 1)))
  const points = yield* createPolarizationModel(request.conditions, request.biofilm, loads)(parameters)
  return points.map(({ rExtOhm, voltageV, currentA, powerW }) => ({ rExtOhm, voltageV, currentA, powerW }))
}
