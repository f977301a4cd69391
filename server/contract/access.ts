import { z } from 'zod'

export const roles = ['viewer', 'operator', 'admin'] as const
export type Role = (typeof roles)[number]
export const roleSchema = z.enum(roles)

/**
 * What a route or stream needs. Routes declare a permission, never a role; roles and token scopes
 * map to permission sets, so the UI can ask "may I?" with the same words the server checks.
 */
export const permissions = [
  'telemetry:read',
  'simulation:read',
  'simulation:control',
  'tls:read',
  'tls:manage',
  'metrics:read',
  'security:read',
  'security:manage',
] as const
export type Permission = (typeof permissions)[number]

export const rolePermissions: Record<Role, readonly Permission[]> = {
  viewer: ['telemetry:read', 'simulation:read', 'tls:read'],
  operator: ['telemetry:read', 'simulation:read', 'simulation:control', 'tls:read', 'metrics:read'],
  admin: permissions,
}
