import type { RequestHandler, Router } from 'express'
import { z } from 'zod'
import { roleRank } from '../../contract/access.js'
import {
  accessRequestApproveSchema,
  accessRequestCreatedSchema,
  accessRequestCreateSchema,
  accessRequestInfoSchema,
  accessRequestPollSchema,
  idParamSchema,
} from '../../contract/auth.js'
import { AppError } from '../../errors.js'
import { parseBody, parseParams } from '../../validation.js'
import { principalOf, type AccessGuard } from '../access-guard.js'
import type { AccessRequests } from '../access-requests.js'
import type { AuditLog } from '../audit.js'
import { describedRouter, describeRoutes } from '../route-description.js'

export type AccessRequestsRoutesDeps = {
  guard: Pick<AccessGuard, 'require' | 'signedIn' | 'public' | 'recentAuth'>
  accessRequests: AccessRequests
  audit: Pick<AuditLog, 'record'>
  /** The per-IP limit on new requests. */
  createLimit: RequestHandler
}

export const accessRequestsApi = describeRoutes({
  name: 'accessRequests',
  mount: '/access-requests',
  tag: 'Instrument access requests',
  endpoints: {
    create: {
      method: 'post',
      path: '/',
      summary: 'An instrument asks for a token by name (5 per IP per minute; 429 while 50 are pending)',
      access: 'public',
      body: accessRequestCreateSchema,
      responses: { 202: accessRequestCreatedSchema },
    },
    pending: {
      method: 'get',
      path: '/',
      summary: 'The pending requests',
      access: 'access-requests:manage',
      responses: { 200: z.array(accessRequestInfoSchema) },
    },
    poll: {
      method: 'get',
      path: '/:id',
      summary: 'Poll a request: pending, denied, or once approved with its token (then 404)',
      description: 'The request id (128 random bits) is the capability to collect the token.',
      access: 'public',
      params: idParamSchema,
      responses: { 200: accessRequestPollSchema },
    },
    approve: {
      method: 'post',
      path: '/:id/approve',
      summary: 'Approve with a role (at most the approver’s own)',
      access: 'access-requests:manage',
      params: idParamSchema,
      body: accessRequestApproveSchema,
      responses: { 204: { description: 'approved; the instrument collects its token by polling' } },
    },
    deny: {
      method: 'post',
      path: '/:id/deny',
      summary: 'Deny a request',
      access: 'access-requests:manage',
      params: idParamSchema,
      responses: { 204: { description: 'denied' } },
    },
  },
})

/** `/api/v1/access-requests`: instruments ask and poll (anonymous, rate limited); operators approve or deny. */
export function createAccessRequestsRouter(deps: AccessRequestsRoutesDeps): Router {
  const { guard, accessRequests, audit } = deps
  return describedRouter(accessRequestsApi, guard, {
    create: [
      deps.createLimit,
      (req, res) => {
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
      },
    ],
    pending: (_req, res) => {
      res.json(accessRequests.pending())
    },
    poll: (req, res) => {
      const { tokenId, name, ...answer } = accessRequests.poll(parseParams(idParamSchema, req).id)
      if (answer.status === 'approved')
        audit.record({ actor: `instrument ${name}`, action: 'access-request.collect', target: tokenId, ip: req.ip })
      res.set('Cache-Control', 'no-store').json(answer)
    },
    approve: (req, res) => {
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
    },
    deny: (req, res) => {
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
    },
  })
}
