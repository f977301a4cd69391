import type { Response } from 'express'
import { principalOf } from './access-guard.js'
import type { AuditLog } from './audit.js'

/** A route's action: what it was, what it acted on, and the facts worth keeping. */
export type RouteAction = { action: string; target: string; details?: Record<string, unknown> }

/**
 * Audits a route's own action with who did it (docs/security.md "Audit log"); the request's generic entry is then
 * left out (res.locals.audited).
 */
export function auditedBy(audit: Pick<AuditLog, 'record'>) {
  return (res: Response, entry: RouteAction): void => {
    audit.record({ actor: principalOf(res)?.name ?? 'unknown', ...entry })
    res.locals['audited'] = true
  }
}
