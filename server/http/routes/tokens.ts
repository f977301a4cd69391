import { Router } from 'express'
import type { AuthService } from '../../auth/auth-service.js'
import { createTokenRequestSchema, idParamSchema } from '../../contract/auth.js'
import { principalOf, type AccessGuard } from '../../auth/access-guard.js'
import { AppError } from '../../errors.js'
import { parseBody, parseParams } from '../../validation.js'

const DAY_MS = 86_400_000

/** `/api/v1/tokens` (admin): create (the token is in this one response only), list, revoke. */
export function createTokensRouter(deps: { auth: AuthService; guard: AccessGuard; now: () => number }): Router {
  const { auth, guard } = deps
  const manage = guard.require('tokens:manage')
  const router = Router()

  router.get('/', manage, (_req, res) => {
    res.json(auth.tokens.list())
  })

  router.post('/', manage, guard.recentAuth(), (req, res) => {
    const body = parseBody(createTokenRequestSchema, req)
    const actor = principalOf(res)!.name
    const { token, record } = auth.tokens.create({
      name: body.name,
      ...(body.role ? { role: body.role } : {}),
      ...(body.scopes ? { scopes: body.scopes } : {}),
      ...(body.expiresInDays ? { expiresAt: deps.now() + body.expiresInDays * DAY_MS } : {}),
      createdBy: actor,
    })
    auth.audit.record({
      actor,
      action: 'token.create',
      target: record.id,
      ip: req.ip,
      details: {
        name: record.name,
        ...(record.role ? { role: record.role } : { scopes: record.scopes }),
        expiresInDays: body.expiresInDays ?? null,
      },
    })
    res.locals['audited'] = true
    res.status(201).set('Cache-Control', 'no-store').json({ id: record.id, token })
  })

  router.delete('/:id', manage, (req, res) => {
    const { id } = parseParams(idParamSchema, req)
    if (!auth.tokens.revoke(id)) throw new AppError('not_found', 'no such live token')
    auth.audit.record({ actor: principalOf(res)!.name, action: 'token.revoke', target: id, ip: req.ip })
    res.locals['audited'] = true
    res.status(204).end()
  })
  return router
}
