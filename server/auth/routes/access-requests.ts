import { Router, type RequestHandler } from 'express'
import { roleRank } from '../../contract/access.js'
import { accessRequestApproveSchema, accessRequestCreateSchema, idParamSchema } from '../../contract/auth.js'
import { AppError } from '../../errors.js'
import { parseBody, parseParams } from '../../validation.js'
import { principalOf, type AccessGuard } from '../access-guard.js'
import type { AccessRequests } from '../access-requests.js'
import type { AuditLog } from '../audit.js'

export type AccessRequestsRoutesDeps = {
  guard: Pick<AccessGuard, 'public' | 'require'>
  accessRequests: AccessRequests
  audit: Pick<AuditLog, 'record'>
  /** The per-IP limit on new requests. */
  createLimit: RequestHandler
}

/** `/api/v1/access-requests`: instruments ask and poll (anonymous, rate limited); operators approve or deny. */
export function createAccessRequestsRouter(deps: AccessRequestsRoutesDeps): Router {
  const { guard, accessRequests, audit } = deps
  const manage = guard.require('access-requests:manage')
  const router = Router()

  router.post('/', guard.public(), deps.createLimit, (req, res) => {
    const { name } = parseBody(accessRequestCreateSchema, req)
    const { id } = accessRequests.create(name, req.ip ?? '')
    audit.record({
      actor: 'anonymous',
      action: 'access-request.create',
      target: id,
      ip: req.ip,
      details: { name },
    })
    res.locals['audited'] = true
    res.status(202).json({ id, pollUrl: `/api/v1/access-requests/${id}` })
  })

  router.get('/', manage, (_req, res) => {
    res.json(accessRequests.pending())
  })

  router.get('/:id', guard.public(), (req, res) => {
    const { tokenId, name, ...answer } = accessRequests.poll(parseParams(idParamSchema, req).id)
    if (answer.status === 'approved')
      audit.record({ actor: `instrument ${name}`, action: 'access-request.collect', target: tokenId, ip: req.ip })
    res.set('Cache-Control', 'no-store').json(answer)
  })

  router.post('/:id/approve', manage, (req, res) => {
    const { id } = parseParams(idParamSchema, req)
    const { role } = parseBody(accessRequestApproveSchema, req)
    const principal = principalOf(res)!
    // Nobody hands out more power than they have.
    if (!principal.role || roleRank(role) > roleRank(principal.role))
      throw new AppError('forbidden', `you cannot grant the role "${role}"`)
    const { name } = accessRequests.decide(id, { approve: true, role }, principal.name)
    audit.record({
      actor: principal.name,
      action: 'access-request.approve',
      target: id,
      ip: req.ip,
      details: { name, role },
    })
    res.locals['audited'] = true
    res.status(204).end()
  })

  router.post('/:id/deny', manage, (req, res) => {
    const { id } = parseParams(idParamSchema, req)
    const principal = principalOf(res)!
    const { name } = accessRequests.decide(id, { approve: false }, principal.name)
    audit.record({
      actor: principal.name,
      action: 'access-request.deny',
      target: id,
      ip: req.ip,
      details: { name },
    })
    res.locals['audited'] = true
    res.status(204).end()
  })
  return router
}
