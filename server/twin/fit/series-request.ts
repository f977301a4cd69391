import type { SeriesFitRequestBody, SeriesSampleBody } from '../../contract/twin-series-fit.js'
import { AppError } from '../../errors.js'
import { completeParameters } from '../profiles/profile-store.js'
import { recordedFrames, type HistoryPort } from '../run/recorded-frames.js'
import { PointsFileError } from './csv-table.js'
import { seriesProblem, type SeriesFitRequest } from './fit-series.js'
import { parameterNames } from './parameter-info.js'
import { parseSeriesCsv } from './series-csv.js'
import type { SeriesSample } from './series-model.js'

/*
 * The time-series fit's request from the API's body (or the CLI's flags, which build the same body):
 * the samples from a file, the body or a recorded run's cell, and the start: nominal < profile < given.
 */

type Defaults = { influentMgL: number | undefined; temperatureK: number }

function influentOrFail(defaults: Defaults): number {
  if (defaults.influentMgL === undefined)
    throw new AppError('bad_request', 's0MgL: the influent is needed where the data does not give it')
  return defaults.influentMgL
}

const fromBody = (samples: readonly SeriesSampleBody[], defaults: Defaults): SeriesSample[] =>
  samples.map((sample) => ({
    timeS: sample.timeS,
    voltageV: sample.voltageV ?? Number.NaN,
    rExtOhm: sample.rExtOhm ?? Infinity,
    flowLPerDay: sample.flowLPerDay,
    influentMgL: sample.influentMgL ?? influentOrFail(defaults),
    temperatureK: sample.temperatureK ?? defaults.temperatureK,
  }))

/** A recorded run's cell: its voltage, the load it saw (its own, else V / I, else the stack's), the feed. */
function fromRun(body: SeriesFitRequestBody, history: HistoryPort | undefined, defaults: Defaults): SeriesSample[] {
  if (!history)
    throw new AppError('bad_request', 'runId: a recorded run is fitted on the station (POST /api/v1/twin/fit/series)')
  const recorded = recordedFrames(history, { runId: body.runId, points: body.points })
  const index = body.cell - 1
  if (recorded.frames.length > 0 && index >= (recorded.frames[0]?.cells.length ?? 0))
    throw new AppError('bad_request', `cell: run ${recorded.runId} has ${recorded.frames[0]?.cells.length} cells`)
  const influentMgL = defaults.influentMgL ?? recorded.config?.feed.influentMgL
  return recorded.frames.map((frame) => {
    const cell = frame.cells[index]!
    const apparent = cell.voltageV > 0 && cell.currentA > 0 ? cell.voltageV / cell.currentA : undefined
    return {
      timeS: frame.simTimeS,
      voltageV: cell.voltageV,
      rExtOhm: cell.loadOhm ?? apparent ?? (frame.stack.loadConnected ? frame.stack.loadOhm : Infinity),
      flowLPerDay: frame.stack.feedLPerDay,
      influentMgL: influentOrFail({ ...defaults, influentMgL }),
      temperatureK: frame.stack.temperatureK,
    }
  })
}

export function seriesRequestOf(
  body: SeriesFitRequestBody,
  ports: { history?: HistoryPort; profileParameters?: Record<string, number> } = {},
): SeriesFitRequest {
  const defaults = { influentMgL: body.s0MgL, temperatureK: body.temperatureK }
  let samples: SeriesSample[]
  try {
    if (body.samples) samples = fromBody(body.samples, defaults)
    else if (body.csv !== undefined) samples = parseSeriesCsv(body.csv, defaults)
    else samples = fromRun(body, ports.history, defaults)
  } catch (error) {
    if (error instanceof PointsFileError) throw new AppError('bad_request', `csv: ${error.message}`)
    throw error
  }
  const fit = parameterNames(body.fit, 'fit')
  const problem = seriesProblem(samples, fit.length)
  if (problem) throw new AppError('bad_request', `${body.runId === undefined ? 'samples' : 'runId'}: ${problem}`)
  return {
    samples,
    fit,
    base: completeParameters({ ...ports.profileParameters, ...body.parameters }),
    voltageResolutionV: body.voltageResolutionV,
  }
}
