import { Router } from 'express'
import type { EventMessage, RecentEvents } from '../contract/stream.js'
import type { AccessGuard } from '../auth/access-guard.js'

/** `/api/v1/events`: the recent events (alarms, run state, controller, faults, certificate, services). */
export function createEventsRouter(deps: { recent: () => readonly EventMessage[]; guard: AccessGuard }): Router {
  const router = Router()
  router.get('/', deps.guard.require('telemetry:read'), (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ events: [...deps.recent()] } satisfies RecentEvents)
  })
  return router
}
