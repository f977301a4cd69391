import type { Request, Response, Router } from 'express'
import { z } from 'zod'
import { idParamSchema } from '../../contract/auth.js'
import {
  auditEntrySchema,
  auditQuerySchema,
  auditVerifySchema,
  ipRuleCreateSchema,
  ipRuleSchema,
  type AuditAnchor,
  lockoutParamSchema,
  lockoutSchema,
  routeEntrySchema,
  securityStatusSchema,
  sessionInfoSchema,
  type IpRule,
  type SecurityStatus,
} from '../../contract/security.js'
import { AppError } from '../../errors.js'
import { parseBody, parseParams, parseQuery } from '../../validation.js'
import { principalOf, type AccessGuard } from '../access-guard.js'
import type { AuditEvent, AuditLog } from '../audit.js'
import type { IpRules } from '../ip-rules.js'
import type { LockoutService } from '../lockout.js'
import { describedRouter, describeRoutes } from '../route-description.js'
import { listRoutes } from '../route-table.js'
import type { SessionStore } from '../sessions.js'

export type SecurityRoutesDeps = {
  guard: Pick<AccessGuard, 'require' | 'signedIn' | 'public' | 'recentAuth'>
  audit: Pick<AuditLog, 'record' | 'query' | 'all' | 'verify'>
  ipRules: Pick<IpRules, 'list' | 'add' | 'remove'>
  sessions: Pick<SessionStore, 'list' | 'revoke'>
  lockout: Pick<LockoutService, 'list' | 'lift'>
  status: () => SecurityStatus
  /** The audit log's head as kept in the secret store, which verify checks the log against. */
  anchor: () => AuditAnchor | undefined
}

const read = 'security:read'
const manage = 'security:manage'

export const securityApi = describeRoutes({
  name: 'security',
  mount: '/security',
  tag: 'Security',
  endpoints: {
    status: {
      method: 'get',
      path: '/status',
      summary: 'Where secrets live, whether setup is pending, trusted proxies, allowed hosts',
      access: read,
      responses: { 200: securityStatusSchema },
    },
    routes: {
      method: 'get',
      path: '/routes',
      summary: 'Every route with the rule guarding it (the RBAC table)',
      access: read,
      responses: { 200: z.array(routeEntrySchema) },
    },
    ipRules: {
      method: 'get',
      path: '/ip-rules',
      summary: 'The IP rules',
      access: read,
      responses: { 200: z.array(ipRuleSchema) },
    },
    addIpRule: {
      method: 'post',
      path: '/ip-rules',
      summary: 'Add an allow or deny rule for an address or CIDR',
      access: manage,
      reauth: true,
      body: ipRuleCreateSchema,
      responses: { 201: ipRuleSchema },
    },
    removeIpRule: {
      method: 'delete',
      path: '/ip-rules/:id',
      summary: 'Remove an IP rule',
      access: manage,
      params: idParamSchema,
      responses: { 204: { description: 'removed' } },
    },
    sessions: {
      method: 'get',
      path: '/sessions',
      summary: 'The live sessions',
      access: read,
      responses: { 200: z.array(sessionInfoSchema) },
    },
    revokeSession: {
      method: 'delete',
      path: '/sessions/:id',
      summary: 'End a session; its streams close',
      access: manage,
      params: idParamSchema,
      responses: { 204: { description: 'ended' } },
    },
    lockouts: {
      method: 'get',
      path: '/lockouts',
      summary: 'Accounts and addresses locked out after failed sign-ins',
      access: read,
      responses: { 200: z.array(lockoutSchema) },
    },
    liftLockout: {
      method: 'delete',
      path: '/lockouts/:kind/:key',
      summary: 'Lift a lockout',
      access: manage,
      params: lockoutParamSchema,
      responses: { 204: { description: 'lifted' } },
    },
    audit: {
      method: 'get',
      path: '/audit',
      summary: 'Audit entries, newest first',
      access: read,
      query: auditQuerySchema,
      responses: { 200: z.array(auditEntrySchema) },
    },
    auditExport: {
      method: 'get',
      path: '/audit/export',
      summary: 'The whole audit log as NDJSON, oldest first',
      access: read,
      responses: { 200: { description: 'one audit entry per line', contentType: 'application/x-ndjson' } },
    },
    auditVerify: {
      method: 'get',
      path: '/audit/verify',
      summary: "Walk the audit log's hash chain",
      access: read,
      responses: { 200: auditVerifySchema },
    },
  },
})

/** `/api/v1/security` (admin): status, IP rules, sessions, lockouts, audit log (query, export, verify). */
export function createSecurityRouter(deps: SecurityRoutesDeps): Router {
  const { guard, audit, ipRules, sessions, lockout } = deps
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

  return describedRouter(securityApi, guard, {
    status: (_req, res) => {
      res.json(deps.status())
    },
    /** Every API route and the rule guarding it: the RBAC table admins (and the route x role test) read. */
    routes: (req, res) => {
      res.json(
        listRoutes(req.app).map(({ method, path, rule, hazardous }) => ({
          method,
          path,
          rule: rule ?? null,
          hazardous,
        })),
      )
    },
    ipRules: (_req, res) => {
      res.json(ipRules.list())
    },
    addIpRule: (req, res) => {
      const rule = ipRules.add(parseBody(ipRuleCreateSchema, req), actor(res))
      audited(req, res, ruleChange('ip-rule.add', rule))
      res.status(201).json(rule)
    },
    removeIpRule: (req, res) => {
      const rule = ipRules.remove(parseParams(idParamSchema, req).id)
      if (!rule) throw new AppError('not_found', 'no such IP rule')
      audited(req, res, ruleChange('ip-rule.remove', rule))
      res.status(204).end()
    },
    sessions: (_req, res) => {
      res.json(sessions.list().map(({ userId: _userId, ...info }) => info))
    },
    revokeSession: (req, res) => {
      const { id } = parseParams(idParamSchema, req)
      if (!sessions.list().some((session) => session.id === id)) throw new AppError('not_found', 'no such live session')
      sessions.revoke(id)
      audited(req, res, { action: 'session.revoke', target: id })
      res.status(204).end()
    },
    lockouts: (_req, res) => {
      res.json(lockout.list())
    },
    liftLockout: (req, res) => {
      const { kind, key } = parseParams(lockoutParamSchema, req)
      if (!lockout.lift(kind, key)) throw new AppError('not_found', 'no such lockout')
      audited(req, res, { action: 'lockout.lift', target: `${kind}:${key}` })
      res.status(204).end()
    },
    audit: (req, res) => {
      res.json(audit.query(parseQuery(auditQuerySchema, req)))
    },
    /** NDJSON, oldest first, streamed: the whole log without holding it in memory. */
    auditExport: (req, res) => {
      audit.record({ actor: actor(res), action: 'audit.export', ip: req.ip })
      res.set({
        'Content-Type': 'application/x-ndjson',
        'Content-Disposition': 'attachment; filename="mfc-station-audit.ndjson"',
        'Cache-Control': 'no-store',
      })
      for (const entry of audit.all()) res.write(`${JSON.stringify(entry)}\n`)
      res.end()
    },
    auditVerify: (_req, res) => {
      res.json(audit.verify(deps.anchor()))
    },
  })
}
