import type { Response } from 'express'
import { principalOf } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'

export type SimulationAudit = Pick<AuditLog, 'record'>

/** A control action on the simulation: what it was, what it acted on, and the facts worth keeping. */
export type SimulationAction = { action: string; target: string; details?: Record<string, unknown> }

/**
 * Audits a control action on the simulation with who did it, in the shape of `/api/v1/stack`'s entries
 * (docs/control.md "Audit"); the request's generic entry is then left out (res.locals.audited).
 */
export function auditedBy(audit: SimulationAudit) {
  return (res: Response, entry: SimulationAction): void => {
    audit.record({ actor: principalOf(res)?.name ?? 'unknown', ...entry })
    res.locals['audited'] = true
  }
}

/** A controller's settings as the audit keeps them: a Q-learning policy is named, never copied (its table is large). */
export function controllerDetails(body: unknown): Record<string, unknown> {
  const config = { ...(body as Record<string, unknown>) }
  if ('policy' in config) config['policy'] = 'the saved policy sent'
  return { config }
}
