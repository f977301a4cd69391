import { rolePermissions, scopePermissions, type Permission, type Role, type TokenScope } from '../contract/access.js'
import type { Session } from './sessions.js'
import type { TokenRecord } from './tokens.js'
import type { User } from '../contract/auth.js'

/**
 * Who is calling: a signed-in user (cookie session) or an API token. Route handlers read it from
 * `res.locals.principal` (see principalOf); permissions are already resolved from role or scopes.
 */
export type Principal = {
  kind: 'session' | 'token'
  /** Stable key of this credential ("session:<id>" / "token:<id>"): control lock holder, stream revocation. */
  key: string
  /** What the audit log and the control lock show. */
  name: string
  role?: Role
  permissions: ReadonlySet<Permission>
  user?: User
  session?: Session
  token?: TokenRecord
}

export function sessionPrincipal(user: User, session: Session): Principal {
  return {
    kind: 'session',
    key: `session:${session.id}`,
    name: user.username,
    role: user.role,
    permissions: new Set(rolePermissions[user.role]),
    user,
    session,
  }
}

export function tokenPrincipal(token: TokenRecord): Principal {
  const granted = token.role
    ? rolePermissions[token.role]
    : (token.scopes ?? []).flatMap((scope: TokenScope) => scopePermissions[scope])
  return {
    kind: 'token',
    key: `token:${token.id}`,
    name: `token ${token.name}`,
    ...(token.role ? { role: token.role } : {}),
    permissions: new Set(granted),
    token,
  }
}
