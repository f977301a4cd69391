import { Router, type RequestHandler } from 'express'
import { historyQuerySchema, type RecordingStatus } from '../contract/telemetry.js'
import type { TelemetryFrame } from '../contract/stream.js'
import type { HistoryReader } from './history.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { AppError } from '../errors.js'
import { parseQuery } from '../validation.js'

/** The newest frame of the running source, whatever it is (simulation or hardware). */
function latestHandler(latest: () => TelemetryFrame | undefined): RequestHandler {
  return (_req, res) => {
    const frame = latest()
    if (!frame) throw new AppError('not_found', 'the current run has produced no frame yet')
    res.set('Cache-Control', 'no-store').json(frame)
  }
}

/** The reference API's `GET /data/latest` (DESIGN.md "Compatibility"): the same frame as `/api/v1/telemetry/latest`. */
export function createLatestAliasRouter(deps: {
  latest: () => TelemetryFrame | undefined
  guard: AccessGuard
}): Router {
  const router = Router()
  router.get('/latest', deps.guard.require('telemetry:read'), latestHandler(deps.latest))
  return router
}

/** `/api/v1/telemetry`: the latest frame, downsampled history of any recorded run, recording health. */
export function createTelemetryRouter(deps: {
  history: HistoryReader
  latest: () => TelemetryFrame | undefined
  recording: () => RecordingStatus
  guard: AccessGuard
}): Router {
  const read = deps.guard.require('telemetry:read')
  const router = Router()
  router.get('/latest', read, latestHandler(deps.latest))
  router.get('/history', read, (req, res) => {
    res.set('Cache-Control', 'no-store').json(deps.history.history(parseQuery(historyQuerySchema, req)))
  })
  router.get('/recording', read, (_req, res) => {
    res.set('Cache-Control', 'no-store').json(deps.recording())
  })
  return router
}
