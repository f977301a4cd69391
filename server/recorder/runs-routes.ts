import type { Router } from 'express'
import {
  runDetailSchema,
  runEventsSchema,
  runIdParamsSchema,
  runListQuerySchema,
  runListSchema,
  runNotesSchema,
  type RunEvents,
} from '../contract/telemetry.js'
import type { HistoryReader } from './history.js'
import type { RunEventStore } from './run-events.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import { parseBody, parseParams, parseQuery } from '../validation.js'

export const runsApi = describeRoutes({
  name: 'runs',
  mount: '/runs',
  tag: 'Runs and history',
  endpoints: {
    list: {
      method: 'get',
      path: '/',
      summary: 'Recorded runs, newest first',
      access: 'telemetry:read',
      query: runListQuerySchema,
      responses: { 200: runListSchema },
    },
    get: {
      method: 'get',
      path: '/:runId',
      summary: 'One recorded run with its configuration',
      access: 'telemetry:read',
      params: runIdParamsSchema,
      responses: { 200: runDetailSchema },
    },
    events: {
      method: 'get',
      path: '/:runId/events',
      summary: 'The events recorded with a run (alarms, run state, controller, faults), oldest first',
      access: 'telemetry:read',
      params: runIdParamsSchema,
      responses: { 200: runEventsSchema },
    },
    setNotes: {
      method: 'patch',
      path: '/:runId',
      summary: "Set a run's notes",
      access: 'simulation:control',
      params: runIdParamsSchema,
      body: runNotesSchema,
      responses: { 200: runDetailSchema },
    },
  },
})

/** `/api/v1/runs`: recorded runs (newest first), one run with its configuration and its events, notes. */
export function createRunsRouter(deps: {
  history: HistoryReader
  events: Pick<RunEventStore, 'read'>
  guard: AccessGuard
}): Router {
  const { history, guard } = deps
  return describedRouter(runsApi, guard, {
    list: (req, res) => {
      const { limit, offset } = parseQuery(runListQuerySchema, req)
      res.json(history.listRuns(limit, offset))
    },
    get: (req, res) => {
      res.json(history.run(parseParams(runIdParamsSchema, req).runId))
    },
    events: (req, res) => {
      const run = history.runKey(parseParams(runIdParamsSchema, req).runId)
      res.json({ events: deps.events.read(run.id) } satisfies RunEvents)
    },
    setNotes: (req, res) => {
      const { runId } = parseParams(runIdParamsSchema, req)
      res.json(history.setNotes(runId, parseBody(runNotesSchema, req).notes))
    },
  })
}
