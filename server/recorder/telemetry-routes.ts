import type { RequestHandler, Router } from 'express'
import {
  historyQuerySchema,
  historyResponseSchema,
  recordingStatusSchema,
  type RecordingStatus,
} from '../contract/telemetry.js'
import { telemetryFrameSchema, type TelemetryFrame } from '../contract/stream.js'
import type { HistoryReader } from './history.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import { AppError } from '../errors.js'
import { parseQuery } from '../validation.js'

export const telemetryApi = describeRoutes({
  name: 'telemetry',
  mount: '/telemetry',
  tag: 'Runs and history',
  endpoints: {
    latest: {
      method: 'get',
      path: '/latest',
      summary: 'The newest telemetry frame of the running source, simulation or hardware (404 before the first)',
      access: 'telemetry:read',
      responses: { 200: telemetryFrameSchema },
      errors: [404],
    },
    history: {
      method: 'get',
      path: '/history',
      summary: 'A recorded run downsampled to min/mean/max buckets, per cell and channel',
      access: 'telemetry:read',
      query: historyQuerySchema,
      responses: { 200: historyResponseSchema },
      errors: [404],
    },
    recording: {
      method: 'get',
      path: '/recording',
      summary: "The recorder's health: frames written, pending and lost, the last error",
      access: 'telemetry:read',
      responses: { 200: recordingStatusSchema },
    },
  },
})

export const compatDataApi = describeRoutes({
  name: 'referenceData',
  mount: '/data',
  at: 'root',
  tag: 'Reference API aliases',
  endpoints: {
    latest: {
      method: 'get',
      path: '/latest',
      summary: 'Same as GET /api/v1/telemetry/latest',
      access: 'telemetry:read',
      responses: { 200: telemetryFrameSchema },
      errors: [404],
    },
  },
})

/** The newest frame of the running source, whatever it is (simulation or hardware). */
function latestHandler(latest: () => TelemetryFrame | undefined): RequestHandler {
  return (_req, res) => {
    const frame = latest()
    if (!frame) throw new AppError('not_found', 'the current run has produced no frame yet')
    res.set('Cache-Control', 'no-store').json(frame)
  }
}

/** The reference API's `GET /data/latest` (docs/api.md "Reference API compatibility"): the frame of `/api/v1/telemetry/latest`. */
export function createLatestAliasRouter(deps: {
  latest: () => TelemetryFrame | undefined
  guard: AccessGuard
}): Router {
  return describedRouter(compatDataApi, deps.guard, { latest: latestHandler(deps.latest) })
}

/** `/api/v1/telemetry`: the latest frame, downsampled history of any recorded run, recording health. */
export function createTelemetryRouter(deps: {
  history: HistoryReader
  latest: () => TelemetryFrame | undefined
  recording: () => RecordingStatus
  guard: AccessGuard
}): Router {
  return describedRouter(telemetryApi, deps.guard, {
    latest: latestHandler(deps.latest),
    history: (req, res) => {
      res.set('Cache-Control', 'no-store').json(deps.history.history(parseQuery(historyQuerySchema, req)))
    },
    recording: (_req, res) => {
      res.set('Cache-Control', 'no-store').json(deps.recording())
    },
  })
}
