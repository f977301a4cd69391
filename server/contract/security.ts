import { z } from 'zod'
import { permissions } from './access.js'

export const ipRuleSchema = z.object({
  id: z.string(),
  action: z.enum(['allow', 'deny']),
  cidr: z.string(),
  note: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
})
export type IpRule = z.infer<typeof ipRuleSchema>
export const ipRuleCreateSchema = z
  .object({ action: z.enum(['allow', 'deny']), cidr: z.string().min(2).max(64), note: z.string().max(200).default('') })
  .strict()

/** `local-account`: failures of an account from never-banned addresses (loopback), counted apart (docs/security.md). */
export const lockoutKinds = ['account', 'ip', 'local-account'] as const
export type LockoutKind = (typeof lockoutKinds)[number]

export const lockoutSchema = z.object({
  kind: z.enum(lockoutKinds),
  key: z.string(),
  failures: z.number(),
  lockedUntil: z.string().optional(),
})
export type Lockout = z.infer<typeof lockoutSchema>
export const lockoutParamSchema = z.object({ kind: z.enum(lockoutKinds), key: z.string().min(1).max(128) })

export const sessionInfoSchema = z.object({
  id: z.string(),
  username: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  ip: z.string(),
  userAgent: z.string(),
  local: z.boolean(),
})
export type SessionInfo = z.infer<typeof sessionInfoSchema>

export const auditEntrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().optional(),
  ip: z.string().optional(),
  outcome: z.enum(['ok', 'denied', 'failed']),
  details: z.record(z.string(), z.unknown()).optional(),
  hash: z.string(),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>
export const auditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    before: z.coerce.number().int().min(1).optional(),
    action: z.string().max(64).optional(),
  })
  .strict()
/** The audit log's last entry as kept outside the database (the secret store), so a cut tail shows. */
export const auditAnchorSchema = z.object({ seq: z.number(), hash: z.string(), at: z.string() })
export type AuditAnchor = z.infer<typeof auditAnchorSchema>

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  entries: z.number(),
  firstBrokenSeq: z.number().optional(),
  /** The anchor the log was checked against, when there is one. */
  anchor: auditAnchorSchema.optional(),
  /** Entries missing at the end of the log: the anchor names a later entry than the log holds. */
  missingTail: z.number().optional(),
})
export type AuditVerify = z.infer<typeof auditVerifySchema>

/** What the UI security page shows: where secrets live (and the loud warning when not in the keychain). */
export const securityStatusSchema = z.object({
  secretsBackend: z.enum(['keychain', 'file', 'memory']),
  secretsWarning: z.string().optional(),
  setupPending: z.boolean(),
  trustProxy: z.array(z.string()),
  allowedHosts: z.array(z.string()),
})
export type SecurityStatus = z.infer<typeof securityStatusSchema>

export const controlLockSchema = z.object({
  holder: z.object({ name: z.string(), kind: z.enum(['session', 'token']), since: z.string() }).optional(),
  mine: z.boolean(),
  requests: z.array(z.object({ name: z.string(), at: z.string() })),
})
export type ControlLock = z.infer<typeof controlLockSchema>

/** The access rule guarding a route, as `GET /api/v1/security/routes` lists it. */
export const routeRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('permission'), permission: z.enum(permissions) }),
  z.object({ kind: z.literal('signed-in') }),
  z.object({ kind: z.literal('public') }),
])
export const routeEntrySchema = z.object({
  method: z.string(),
  path: z.string(),
  rule: routeRuleSchema.nullable(),
  /** Needs a recent password entry from a cookie session, or a token created hazardous (docs/security.md). */
  hazardous: z.boolean(),
})
export type RouteEntryInfo = z.infer<typeof routeEntrySchema>
