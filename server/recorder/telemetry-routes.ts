import { Router } from 'express'
import { historyQuerySchema, type RecordingStatus } from '../contract/telemetry.js'
import type { TelemetryFrame } from '../contract/stream.js'
import type { HistoryReader } from './history.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { AppError } from '../errors.js'
import { parseQuery } from '../validation.js'

/** `/api/v1/telemetry`: the latest frame, downsampled history of any recorded run, recording health. */
export function createTelemetryRouter(deps: {
  history: HistoryReader
  latest: () => TelemetryFrame | undefined
  recording: () => RecordingStatus
  guard: AccessGuard
}): Router {
  const read = deps.guard.require('telemetry:read')
  const router = Router()
  router.get('/latest', read, (_req, res) => {
    const frame = deps.latest()
    if (!frame) throw new AppError('not_found', 'the current run has produced no frame yet')
    res.set('Cache-Control', 'no-store').json(frame)
  })
  router.get('/history', read, (req, res) => {
    res.set('Cache-Control', 'no-store').json(deps.history.history(parseQuery(historyQuerySchema, req)))
  })
  router.get('/recording', read, (_req, res) => {
    res.set('Cache-Control', 'no-store').json(deps.recording())
  })
  return router
}
