import { Router } from 'express'
import { runIdParamsSchema, runListQuerySchema, runNotesSchema, type RunEvents } from '../contract/telemetry.js'
import type { HistoryReader } from './history.js'
import type { RunEventStore } from './run-events.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { parseBody, parseParams, parseQuery } from '../validation.js'

/** `/api/v1/runs`: recorded runs (newest first), one run with its configuration and its events, notes. */
export function createRunsRouter(deps: {
  history: HistoryReader
  events: Pick<RunEventStore, 'read'>
  guard: AccessGuard
}): Router {
  const { history, guard } = deps
  const router = Router()
  router.get('/', guard.require('telemetry:read'), (req, res) => {
    const { limit, offset } = parseQuery(runListQuerySchema, req)
    res.json(history.listRuns(limit, offset))
  })
  router.get('/:runId', guard.require('telemetry:read'), (req, res) => {
    res.json(history.run(parseParams(runIdParamsSchema, req).runId))
  })
  router.get('/:runId/events', guard.require('telemetry:read'), (req, res) => {
    const run = history.runKey(parseParams(runIdParamsSchema, req).runId)
    res.json({ events: deps.events.read(run.id) } satisfies RunEvents)
  })
  // Notes annotate the lab record; they do not touch the running simulation, so no control lock.
  router.patch('/:runId', guard.require('simulation:control'), (req, res) => {
    const { runId } = parseParams(runIdParamsSchema, req)
    res.json(history.setNotes(runId, parseBody(runNotesSchema, req).notes))
  })
  return router
}
