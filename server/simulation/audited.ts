import type { AuditLog } from '../auth/audit.js'

export type SimulationAudit = Pick<AuditLog, 'record'>

/*
 * Control actions on the simulation are audited with who did them, in the shape of `/api/v1/stack`'s entries
 * (docs/control.md "Audit"), through the shared route audit (server/auth/route-audit.ts).
 */

/** A controller's settings as the audit keeps them: a Q-learning policy is named, never copied (its table is large). */
export function controllerDetails(body: unknown): Record<string, unknown> {
  const config = { ...(body as Record<string, unknown>) }
  if ('policy' in config) config['policy'] = 'the saved policy sent'
  return { config }
}
