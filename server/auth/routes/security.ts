import { Router, type Request, type Response } from 'express'
import { idParamSchema } from '../../contract/auth.js'
import {
  auditQuerySchema,
  ipRuleCreateSchema,
  type AuditAnchor,
  lockoutParamSchema,
  type IpRule,
  type SecurityStatus,
} from '../../contract/security.js'
import { AppError } from '../../errors.js'
import { parseBody, parseParams, parseQuery } from '../../validation.js'
import { principalOf, type AccessGuard } from '../access-guard.js'
import type { AuditEvent, AuditLog } from '../audit.js'
import type { IpRules } from '../ip-rules.js'
import type { LockoutService } from '../lockout.js'
import { listRoutes } from '../route-table.js'
import type { SessionStore } from '../sessions.js'

export type SecurityRoutesDeps = {
  guard: Pick<AccessGuard, 'require' | 'recentAuth'>
  audit: Pick<AuditLog, 'record' | 'query' | 'all' | 'verify'>
  ipRules: Pick<IpRules, 'list' | 'add' | 'remove'>
  sessions: Pick<SessionStore, 'list' | 'revoke'>
  lockout: Pick<LockoutService, 'list' | 'lift'>
  status: () => SecurityStatus
  /** The audit log's head as kept in the secret store, which verify checks the log against. */
  anchor: () => AuditAnchor | undefined
}

/** `/api/v1/security` (admin): status, IP rules, sessions, lockouts, audit log (query, export, verify). */
export function createSecurityRouter(deps: SecurityRoutesDeps): Router {
  const { guard, audit, ipRules, sessions, lockout } = deps
  const read = guard.require('security:read')
  const manage = guard.require('security:manage')
  const router = Router()
  const actor = (res: Response) => principalOf(res)!.name
  /** The route's own audit entry (the generic audit hook then stays quiet). */
  const audited = (req: Request, res: Response, entry: Omit<AuditEvent, 'actor' | 'ip'>) => {
    audit.record({ actor: actor(res), ip: req.ip, ...entry })
    res.locals['audited'] = true
  }
  const ruleChange = (action: string, rule: IpRule): Omit<AuditEvent, 'actor' | 'ip'> => ({
    action,
    target: rule.id,
    details: { action: rule.action, cidr: rule.cidr },
  })

  router.get('/status', read, (_req, res) => {
    res.json(deps.status())
  })

  /** Every API route and the rule guarding it: the RBAC table admins (and the route x role test) read. */
  router.get('/routes', read, (req, res) => {
    res.json(
      listRoutes(req.app).map(({ method, path, rule, hazardous }) => ({ method, path, rule: rule ?? null, hazardous })),
    )
  })

  router.get('/ip-rules', read, (_req, res) => {
    res.json(ipRules.list())
  })
  router.post('/ip-rules', manage, guard.recentAuth(), (req, res) => {
    const rule = ipRules.add(parseBody(ipRuleCreateSchema, req), actor(res))
    audited(req, res, ruleChange('ip-rule.add', rule))
    res.status(201).json(rule)
  })
  router.delete('/ip-rules/:id', manage, (req, res) => {
    const rule = ipRules.remove(parseParams(idParamSchema, req).id)
    if (!rule) throw new AppError('not_found', 'no such IP rule')
    audited(req, res, ruleChange('ip-rule.remove', rule))
    res.status(204).end()
  })

  router.get('/sessions', read, (_req, res) => {
    res.json(sessions.list().map(({ userId: _userId, ...info }) => info))
  })
  router.delete('/sessions/:id', manage, (req, res) => {
    const { id } = parseParams(idParamSchema, req)
    if (!sessions.list().some((session) => session.id === id)) throw new AppError('not_found', 'no such live session')
    sessions.revoke(id)
    audited(req, res, { action: 'session.revoke', target: id })
    res.status(204).end()
  })

  router.get('/lockouts', read, (_req, res) => {
    res.json(lockout.list())
  })
  router.delete('/lockouts/:kind/:key', manage, (req, res) => {
    const { kind, key } = parseParams(lockoutParamSchema, req)
    if (!lockout.lift(kind, key)) throw new AppError('not_found', 'no such lockout')
    audited(req, res, { action: 'lockout.lift', target: `${kind}:${key}` })
    res.status(204).end()
  })

  router.get('/audit', read, (req, res) => {
    res.json(audit.query(parseQuery(auditQuerySchema, req)))
  })
  /** NDJSON, oldest first, streamed: the whole log without holding it in memory. */
  router.get('/audit/export', read, (req, res) => {
    audit.record({ actor: actor(res), action: 'audit.export', ip: req.ip })
    res.set({
      'Content-Type': 'application/x-ndjson',
      'Content-Disposition': 'attachment; filename="mfc-station-audit.ndjson"',
      'Cache-Control': 'no-store',
    })
    for (const entry of audit.all()) res.write(`${JSON.stringify(entry)}\n`)
    res.end()
  })
  router.get('/audit/verify', read, (_req, res) => {
    res.json(audit.verify(deps.anchor()))
  })
  return router
}
