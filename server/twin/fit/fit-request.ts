import type { FitRequestBody } from '../../contract/twin.js'
import { AppError } from '../../errors.js'
import { completeParameters } from '../profiles/profile-store.js'
import type { FitRequest } from './fit-polarization.js'
import { parameterNames } from './parameter-info.js'
import { parsePointsCsv, PointsFileError } from './points-csv.js'

/**
 * The estimator's request from the API's body (or the CLI's flags, which build the same body): the
 * points, the conditions, the biofilm, the parameters to fit, and the start: nominal < profile < given.
 */
export function fitRequestOf(body: FitRequestBody, profileParameters: Record<string, number> = {}): FitRequest {
  let points
  try {
    points = body.points ?? parsePointsCsv(body.csv ?? '')
  } catch (error) {
    if (error instanceof PointsFileError) throw new AppError('bad_request', `csv: ${error.message}`)
    throw error
  }
  const fit = parameterNames(body.fit, 'fit')
  if (points.length <= fit.length)
    throw new AppError(
      'bad_request',
      `points: ${points.length} points cannot determine ${fit.length} parameters: give more points than parameters`,
    )
  return {
    points,
    conditions: { influentMgL: body.s0MgL, flowLPerDay: body.flowLPerDay, temperatureK: body.temperatureK },
    biofilm: body.biofilm === 'held' ? { kind: 'held', grownAtOhm: body.grownAtOhm as number } : { kind: 'steady' },
    fit,
    base: completeParameters({ ...profileParameters, ...body.parameters }),
    ...(body.voltageResolutionV === undefined ? {} : { voltageResolutionV: body.voltageResolutionV }),
  }
}
