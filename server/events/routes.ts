import type { Router } from 'express'
import { recentEventsSchema, type EventMessage, type RecentEvents } from '../contract/stream.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'

export const eventsApi = describeRoutes({
  name: 'events',
  mount: '/events',
  tag: 'Events',
  endpoints: {
    recent: {
      method: 'get',
      path: '/',
      summary:
        'The last 200 station events (alarms, run state, controller, faults, certificate, services), oldest first',
      access: 'telemetry:read',
      responses: { 200: recentEventsSchema },
    },
  },
})

/** `/api/v1/events`: the recent events (alarms, run state, controller, faults, certificate, services). */
export function createEventsRouter(deps: { recent: () => readonly EventMessage[]; guard: AccessGuard }): Router {
  return describedRouter(eventsApi, deps.guard, {
    recent: (_req, res) => {
      res.set('Cache-Control', 'no-store').json({ events: [...deps.recent()] } satisfies RecentEvents)
    },
  })
}
