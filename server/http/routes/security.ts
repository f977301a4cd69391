import { Router } from 'express'
import type { AuthService } from '../../auth/auth-service.js'
import { idParamSchema } from '../../contract/auth.js'
import {
  auditQuerySchema,
  ipRuleCreateSchema,
  lockoutParamSchema,
  type SecurityStatus,
} from '../../contract/security.js'
import { principalOf, type AccessGuard } from '../../auth/access-guard.js'
import { AppError } from '../../errors.js'
import { listRoutes } from '../route-table.js'
import { parseBody, parseParams, parseQuery } from '../../validation.js'

/** `/api/v1/security` (admin): status, IP rules, sessions, lockouts, audit log (query, export, verify). */
export function createSecurityRouter(deps: {
  auth: AuthService
  guard: AccessGuard
  status: () => SecurityStatus
}): Router {
  const { auth, guard } = deps
  const read = guard.require('security:read')
  const manage = guard.require('security:manage')
  const router = Router()
  const actor = (res: Parameters<typeof principalOf>[0]) => principalOf(res)!.name

  router.get('/status', read, (_req, res) => {
    res.json(deps.status())
  })

  /** Every API route and the rule guarding it: the RBAC table admins (and the route x role test) read. */
  router.get('/routes', read, (req, res) => {
    res.json(listRoutes(req.app).map(({ method, path, rule }) => ({ method, path, rule: rule ?? null })))
  })

  router.get('/ip-rules', read, (_req, res) => {
    res.json(auth.ipRules.list())
  })
  router.post('/ip-rules', manage, guard.recentAuth(), (req, res) => {
    const rule = auth.ipRules.add(parseBody(ipRuleCreateSchema, req), actor(res))
    auth.audit.record({
      actor: actor(res),
      action: 'ip-rule.add',
      target: rule.id,
      ip: req.ip,
      details: { action: rule.action, cidr: rule.cidr },
    })
    res.locals['audited'] = true
    res.status(201).json(rule)
  })
  router.delete('/ip-rules/:id', manage, (req, res) => {
    const rule = auth.ipRules.remove(parseParams(idParamSchema, req).id)
    if (!rule) throw new AppError('not_found', 'no such IP rule')
    auth.audit.record({
      actor: actor(res),
      action: 'ip-rule.remove',
      target: rule.id,
      ip: req.ip,
      details: { action: rule.action, cidr: rule.cidr },
    })
    res.locals['audited'] = true
    res.status(204).end()
  })

  router.get('/sessions', read, (_req, res) => {
    res.json(auth.sessions.list().map(({ userId: _userId, ...info }) => info))
  })
  router.delete('/sessions/:id', manage, (req, res) => {
    const { id } = parseParams(idParamSchema, req)
    if (!auth.sessions.list().some((session) => session.id === id))
      throw new AppError('not_found', 'no such live session')
    auth.sessions.revoke(id)
    auth.audit.record({ actor: actor(res), action: 'session.revoke', target: id, ip: req.ip })
    res.locals['audited'] = true
    res.status(204).end()
  })

  router.get('/lockouts', read, (_req, res) => {
    res.json(auth.lockout.list())
  })
  router.delete('/lockouts/:kind/:key', manage, (req, res) => {
    const { kind, key } = parseParams(lockoutParamSchema, req)
    if (!auth.lockout.lift(kind, key)) throw new AppError('not_found', 'no such lockout')
    auth.audit.record({ actor: actor(res), action: 'lockout.lift', target: `${kind}:${key}`, ip: req.ip })
    res.locals['audited'] = true
    res.status(204).end()
  })

  router.get('/audit', read, (req, res) => {
    res.json(auth.audit.query(parseQuery(auditQuerySchema, req)))
  })
  /** NDJSON, oldest first, streamed: the whole log without holding it in memory. */
  router.get('/audit/export', read, (req, res) => {
    auth.audit.record({ actor: actor(res), action: 'audit.export', ip: req.ip })
    res.set({
      'Content-Type': 'application/x-ndjson',
      'Content-Disposition': 'attachment; filename="mfc-station-audit.ndjson"',
      'Cache-Control': 'no-store',
    })
    for (const entry of auth.audit.all()) res.write(`${JSON.stringify(entry)}\n`)
    res.end()
  })
  router.get('/audit/verify', read, (_req, res) => {
    res.json(auth.audit.verify())
  })
  return router
}
