import type { CellParameters } from '../../sim/parameters.js'
import type { Work } from '../../sim/work.js'
import { estimateWork, type Estimate, type ParameterName } from './estimate.js'
import { createSeriesModel, type SeriesSample } from './series-model.js'

/*
 * Estimation of a cell's parameters from a voltage time series with its load and feed history
 * (docs/twin.md "Time-series fit"): the measured voltages against the twin's cell driven by the same
 * inputs. What it adds to a polarization fit: transients after load and feed steps carry the biofilm's
 * and the substrate's time constants.
 */

export type SeriesFitRequest = {
  samples: readonly SeriesSample[]
  fit: readonly ParameterName[]
  base?: Partial<CellParameters> | undefined
  voltageResolutionV?: number | undefined
}

export type SeriesFitResult = Omit<Estimate, 'modelV'> & {
  /** Data against the fitted model at every sample (null: a sample without a measurement). */
  series: { timeS: number[]; measuredV: Array<number | null>; modelV: number[] }
}

/** The longest series one fit simulates: each evaluation steps the cell through all of it. */
export const MAX_SERIES_S = 14 * 86_400

/** Why the samples cannot determine `fitted` parameters, or undefined. */
export function seriesProblem(samples: readonly SeriesSample[], fitted: number): string | undefined {
  const measured = samples.filter((sample) => Number.isFinite(sample.voltageV)).length
  const first = samples[0]
  const last = samples[samples.length - 1]
  if (!first || !last) return 'the series has no samples'
  for (let i = 1; i < samples.length; i += 1)
    if (!((samples[i] as SeriesSample).timeS > (samples[i - 1] as SeriesSample).timeS))
      return `sample ${i + 1}: time_s must increase (${(samples[i] as SeriesSample).timeS} after ${(samples[i - 1] as SeriesSample).timeS})`
  if (last.timeS - first.timeS > MAX_SERIES_S)
    return `the series spans ${((last.timeS - first.timeS) / 86_400).toFixed(1)} days; at most ${MAX_SERIES_S / 86_400} can be fitted`
  if (measured <= fitted)
    return `${measured} measured voltages cannot determine ${fitted} parameters: give more samples than parameters`
  return undefined
}

/** The fit of `request.fit` to the measured voltages of the series. */
export function* fitSeriesWork(request: SeriesFitRequest): Work<SeriesFitResult> {
  const measuredAt = request.samples.flatMap((sample, i) => (Number.isFinite(sample.voltageV) ? [i] : []))
  const problem = seriesProblem(request.samples, request.fit.length)
  if (problem) throw new RangeError(problem)
  const model = createSeriesModel(request.samples)
  let last: ArrayLike<number> = []
  const { modelV: _atMeasured, ...estimate } = yield* estimateWork({
    measuredV: measuredAt.map((i) => (request.samples[i] as SeriesSample).voltageV),
    *model(parameters) {
      last = yield* model(parameters)
      return measuredAt.map((i) => last[i] as number)
    },
    fit: request.fit,
    base: request.base,
    voltageResolutionV: request.voltageResolutionV,
  })
  return {
    ...estimate,
    // The estimator's last evaluation is at the fitted parameters: `last` is the model there.
    series: {
      timeS: request.samples.map((sample) => sample.timeS),
      measuredV: request.samples.map((sample) => (Number.isFinite(sample.voltageV) ? sample.voltageV : null)),
      modelV: Array.from(last),
    },
  }
}
