import { rolePermissions, scopePermissions, type Permission, type Role, type TokenScope } from '../contract/access.js'
import type { User } from '../contract/auth.js'
import { storageRefusal } from '../store/storage-errors.js'
import type { AuditEvent, AuditLog } from './audit.js'
import { SESSION_COOKIE, type Session, type SessionStore } from './sessions.js'
import type { TokenRecord, TokenStore } from './tokens.js'
import type { UserStore } from './users.js'

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

/** The principal of a signed-in user's cookie session: the user's role decides. */
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

/** The principal of an API token: its role, or else the union of its scopes, decides. */
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

export type PrincipalResolverDeps = {
  users: Pick<UserStore, 'get'>
  sessions: Pick<SessionStore, 'resolve'>
  tokens: Pick<TokenStore, 'resolve' | 'recordUse'>
  audit: Pick<AuditLog, 'record'>
  /** An observation the audit log refused (a full disk): it must not fail the read that made it. */
  unrecorded: (event: AuditEvent, error: unknown) => void
}

export type PrincipalResolver = ReturnType<typeof createPrincipalResolver>

/** Resolves the caller of a request from its session cookie or its bearer token. */
export function createPrincipalResolver({ users, sessions, tokens, audit, unrecorded }: PrincipalResolverDeps) {
  const noteNewAddress = (record: TokenRecord, ip: string) => {
    const event: AuditEvent = { actor: `token ${record.name}`, action: 'token.use-new-ip', target: record.id, ip }
    try {
      audit.record(event)
    } catch (error) {
      if (storageRefusal(error) === undefined) throw error
      unrecorded(event, error)
    }
  }
  // Principals cached per live session/token object: the stores drop those objects on revocation, and
  // role changes or disabling revoke the user's sessions, so a cached principal is never stale.
  const principals = new WeakMap<object, Principal>()
  return {
    /** The cookie the session lives in; the request chain reads it from the Cookie header. */
    sessionCookie: SESSION_COOKIE,

    /** The principal of a session cookie, or undefined (forged, expired, revoked, user disabled). */
    principalFromCookie(cookie: string): Principal | undefined {
      const session = sessions.resolve(cookie)
      if (!session) return undefined
      const cached = principals.get(session)
      if (cached) return cached
      const user = users.get(session.userId)
      if (!user || user.disabled) return undefined
      const principal = sessionPrincipal(user, session)
      principals.set(session, principal)
      return principal
    },

    /** The principal of a bearer token, recording its use (and auditing a new source address). */
    principalFromToken(token: string, ip: string): Principal | undefined {
      const record = tokens.resolve(token)
      if (!record) return undefined
      if (tokens.recordUse(record, ip)) noteNewAddress(record, ip)
      let principal = principals.get(record)
      if (!principal) principals.set(record, (principal = tokenPrincipal(record)))
      return principal
    },
  }
}
