import type { Router } from 'express'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import { publishStatusSchema, type PublishStatus } from '../contract/publish.js'

export const publishApi = describeRoutes({
  name: 'publish',
  mount: '/publish',
  tag: 'Publishing',
  endpoints: {
    status: {
      method: 'get',
      path: '/',
      summary: 'Every configured MQTT broker: its connection, the queue of unsent frames and what was sent',
      access: 'telemetry:read',
      responses: { 200: publishStatusSchema },
    },
  },
})

/** Mounted at `/api/v1/publish` (docs/api.md "Publishing"): the broker connections and their queues. */
export function createPublishRouter(deps: { status: () => PublishStatus; guard: AccessGuard }): Router {
  return describedRouter(publishApi, deps.guard, {
    status: (_req, res) => {
      res.set('Cache-Control', 'no-store').json(deps.status())
    },
  })
}
