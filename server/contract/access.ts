import { z } from 'zod'

export const roles = ['viewer', 'operator', 'admin'] as const
export type Role = (typeof roles)[number]
export const roleSchema = z.enum(roles)

/** Roles in increasing power: an approver may grant at most its own role. */
export function roleRank(role: Role): number {
  return roles.indexOf(role)
}

/**
 * What a route or stream needs. Routes declare a permission, never a role; roles and token scopes
 * map to permission sets, so the UI can ask "may I?" with the same words the server checks.
 */
export const permissions = [
  'telemetry:read',
  'simulation:read',
  'simulation:control',
  /** Acknowledge and shelve alarms (ISA-18.2: the operator's duty; it changes nothing in the run). */
  'alarms:manage',
  'tls:read',
  'tls:manage',
  'metrics:read',
  'access-requests:manage',
  'security:read',
  'security:manage',
  'users:manage',
  'tokens:manage',
  'instruments:read',
  'instruments:operate',
  'ingest:write',
] as const
export type Permission = (typeof permissions)[number]

export const rolePermissions: Record<Role, readonly Permission[]> = {
  viewer: ['telemetry:read', 'simulation:read', 'tls:read', 'instruments:read'],
  operator: [
    'telemetry:read',
    'simulation:read',
    'simulation:control',
    'alarms:manage',
    'tls:read',
    'metrics:read',
    'access-requests:manage',
    'instruments:read',
    'instruments:operate',
    'ingest:write',
  ],
  admin: permissions,
}

/**
 * API token scopes (an alternative to a role): each grants a fixed set of permissions. `ingest:write`
 * is for instruments and scripts that push readings: such a token can call `POST /api/v1/ingest` and
 * nothing else.
 */
export const tokenScopes = ['telemetry:read', 'simulation:control', 'metrics:read', 'ingest:write', 'admin'] as const
export type TokenScope = (typeof tokenScopes)[number]
export const tokenScopeSchema = z.enum(tokenScopes)

export const scopePermissions: Record<TokenScope, readonly Permission[]> = {
  'telemetry:read': ['telemetry:read', 'simulation:read', 'instruments:read'],
  'simulation:control': ['telemetry:read', 'simulation:read', 'simulation:control', 'instruments:read'],
  'metrics:read': ['metrics:read'],
  'ingest:write': ['ingest:write'],
  admin: permissions,
}
