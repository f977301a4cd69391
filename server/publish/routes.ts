import { Router } from 'express'
import type { AccessGuard } from '../auth/access-guard.js'
import type { PublishStatus } from '../contract/publish.js'

/** Mounted at `/api/v1/publish` (docs/api.md "Publishing"): the broker connections and their queues. */
export function createPublishRouter(deps: { status: () => PublishStatus; guard: AccessGuard }): Router {
  const router = Router()
  router.get('/', deps.guard.require('telemetry:read'), (_req, res) => {
    res.set('Cache-Control', 'no-store').json(deps.status())
  })
  return router
}
