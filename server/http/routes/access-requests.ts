import { Router, type RequestHandler } from 'express'
import type { AuthService } from '../../auth/auth-service.js'
import { roleRank } from '../../contract/access.js'
import { accessRequestApproveSchema, accessRequestCreateSchema, idParamSchema } from '../../contract/auth.js'
import { principalOf, type AccessGuard } from '../../auth/access-guard.js'
import { AppError } from '../../errors.js'
import { parseBody, parseParams } from '../../validation.js'

/** `/api/v1/access-requests`: instruments ask and poll (anonymous, rate limited); operators approve or deny. */
export function createAccessRequestsRouter(deps: {
  auth: AuthService
  guard: AccessGuard
  createLimit: RequestHandler
}): Router {
  const { auth, guard } = deps
  const manage = guard.require('access-requests:manage')
  const router = Router()

  router.post('/', guard.public(), deps.createLimit, (req, res) => {
    const { name } = parseBody(accessRequestCreateSchema, req)
    const { id } = auth.accessRequests.create(name, req.ip ?? '')
    auth.audit.record({
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
    res.json(auth.accessRequests.pending())
  })

  router.get('/:id', guard.public(), (req, res) => {
    const { tokenId, name, ...answer } = auth.accessRequests.poll(parseParams(idParamSchema, req).id)
    if (answer.status === 'approved')
      auth.audit.record({ actor: `instrument ${name}`, action: 'access-request.collect', target: tokenId, ip: req.ip })
    res.set('Cache-Control', 'no-store').json(answer)
  })

  router.post('/:id/approve', manage, (req, res) => {
    const { id } = parseParams(idParamSchema, req)
    const { role } = parseBody(accessRequestApproveSchema, req)
    const principal = principalOf(res)!
    // Nobody hands out more power than they have.
    if (!principal.role || roleRank(role) > roleRank(principal.role))
      throw new AppError('forbidden', `you cannot grant the role "${role}"`)
    const { name } = auth.accessRequests.decide(id, { approve: true, role }, principal.name)
    auth.audit.record({
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
    const { name } = auth.accessRequests.decide(id, { approve: false }, principal.name)
    auth.audit.record({
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
