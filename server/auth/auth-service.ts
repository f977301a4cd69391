import { createHash, timingSafeEqual } from 'node:crypto'
import type { SecurityConfig } from '../config/security-schema.js'
import type { User } from '../contract/auth.js'
import { AppError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { Db } from '../store/database.js'
import { createAccessRequests } from './access-requests.js'
import { createAuditLog } from './audit.js'
import { createIpMatcher } from '../config/cidr.js'
import { createControlLock } from './control-lock.js'
import { createIpRules } from './ip-rules.js'
import { createLockout } from './lockout.js'
import { createPasswordHasher, type PasswordHasher } from './passwords.js'
import { sessionPrincipal, tokenPrincipal, type Principal } from './principal.js'
import { createSessionStore, SESSION_COOKIE } from './sessions.js'
import { createTokenStore } from './tokens.js'
import { createUserStore } from './users.js'
import type { RandomBytes } from './store-context.js'
import type { Clock } from '../clock.js'

export type AuthServiceDeps = {
  db: Db
  clock: Pick<Clock, 'now'>
  random: RandomBytes
  config: SecurityConfig
  log: Logger
  /** From the SecretStore: never persisted anywhere else. */
  signingKey: string
  tokenPepper: string
  hasher?: PasswordHasher
}

export type RequestMeta = { ip: string; userAgent: string }

/** The built-in user the desktop window is signed in as: no password, so it can never log in remotely. */
export const LOCAL_USER = 'local-operator'

export type AuthService = ReturnType<typeof createAuthService>

/** Composes the auth stores and implements the flows that span them: login, setup, bootstrap, principals. */
export function createAuthService(deps: AuthServiceDeps) {
  const { config, log } = deps
  const context = { db: deps.db, clock: deps.clock, random: deps.random }
  const neverBan = createIpMatcher(config.neverBan)
  const users = createUserStore(context, deps.hasher ?? createPasswordHasher())
  const sessions = createSessionStore(context, {
    idleMs: config.sessionIdleMinutes * 60_000,
    absoluteMs: config.sessionMaxHours * 3_600_000,
    signingKey: deps.signingKey,
  })
  const tokens = createTokenStore(context, deps.tokenPepper)
  const audit = createAuditLog(context)
  const lockout = createLockout(
    context,
    {
      accountMaxFailures: config.lockout.accountMaxFailures,
      ipMaxFailures: config.lockout.ipMaxFailures,
      baseLockMs: config.lockout.baseLockSeconds * 1000,
      maxLockMs: config.lockout.maxLockSeconds * 1000,
      windowMs: 24 * 3_600_000,
    },
    neverBan,
  )
  const ipRules = createIpRules(context, neverBan)
  const accessRequests = createAccessRequests(context, tokens, {
    ttlMs: config.accessRequestMinutes * 60_000,
    maxPending: 50,
  })
  const controlLock = createControlLock(deps.clock)
  // A hash of the one-time setup code, held only in memory while no admin exists.
  let setupCodeHash: Buffer | undefined

  const revoked = new Set<(principalKey: string) => void>()
  const notifyRevoked = (key: string) => {
    controlLock.forget(key)
    for (const listener of revoked) listener(key)
  }
  sessions.onRevoke((id) => notifyRevoked(`session:${id}`))
  tokens.onRevoke((id) => notifyRevoked(`token:${id}`))

  const sha = (text: string) => createHash('sha256').update(text).digest()
  // Principals cached per live session/token object: the stores drop those objects on revocation, and
  // role changes or disabling revoke the user's sessions, so a cached principal is never stale.
  const principals = new WeakMap<object, Principal>()

  return {
    users,
    sessions,
    tokens,
    audit,
    lockout,
    ipRules,
    accessRequests,
    controlLock,
    neverBan,

    /** Creates the first admin (MFC_ADMIN_PASSWORD) or a one-time setup code, and registers MFC_API_TOKEN. */
    async bootstrap(print: (line: string) => void): Promise<void> {
      if (!users.findByName(LOCAL_USER))
        await users.create({ username: LOCAL_USER, password: undefined, role: 'admin' })
      if (users.activeAdminCount() === 0) {
        if (config.adminPassword !== undefined) {
          const admin =
            users.findByName('admin') ??
            (await users.create({ username: 'admin', password: config.adminPassword, role: 'admin' }))
          if (users.activeAdminCount() === 0) await users.setPassword(admin.id, config.adminPassword)
          audit.record({
            actor: 'system',
            action: 'user.bootstrap-admin',
            target: 'admin',
            details: { source: 'MFC_ADMIN_PASSWORD' },
          })
          log.info('first admin "admin" created from MFC_ADMIN_PASSWORD')
        } else {
          const code = deps.random(9).toString('base64url')
          setupCodeHash = sha(code)
          // The one place a secret is printed, on purpose: the operator needs it once to create the first admin.
          print(
            `No admin account yet. One-time setup code: ${code}  (open /setup in the UI, or POST /api/v1/auth/setup)`,
          )
        }
      }
      if (config.apiToken !== undefined && !tokens.findByPlain(config.apiToken)) {
        for (const token of tokens.list())
          if (token.name === 'MFC_API_TOKEN' && !token.revokedAt) tokens.revoke(token.id)
        tokens.create({ name: 'MFC_API_TOKEN', role: 'operator', createdBy: 'MFC_API_TOKEN' }, config.apiToken)
        audit.record({
          actor: 'system',
          action: 'token.create',
          target: 'MFC_API_TOKEN',
          details: { role: 'operator', source: 'environment' },
        })
      }
    },

    setupPending: () => setupCodeHash !== undefined,

    /** Consumes the setup code and creates the first admin, signed in. */
    async setup(
      code: string,
      username: string,
      password: string,
      meta: RequestMeta,
    ): Promise<{ user: User; cookie: string; csrfToken: string }> {
      const given = sha(code)
      if (!setupCodeHash || !timingSafeEqual(given, setupCodeHash)) {
        audit.record({ actor: 'anonymous', action: 'setup.failure', ip: meta.ip, outcome: 'denied' })
        throw new AppError('unauthorized', 'invalid or already used setup code')
      }
      setupCodeHash = undefined
      const user = await users.create({ username, password, role: 'admin' })
      audit.record({
        actor: username,
        action: 'user.bootstrap-admin',
        target: username,
        ip: meta.ip,
        details: { source: 'setup code' },
      })
      const { cookie, session } = sessions.create(user.id, meta)
      return { user, cookie, csrfToken: sessions.csrfToken(session) }
    },

    /** Password login with lockout: 401 on bad credentials, 429 with retryAfterSeconds when locked. */
    async login(
      username: string,
      password: string,
      meta: RequestMeta,
    ): Promise<{ user: User; cookie: string; csrfToken: string }> {
      const waitMs = lockout.retryAfterMs(username, meta.ip)
      if (waitMs > 0) {
        audit.record({ actor: username, action: 'login.locked', ip: meta.ip, outcome: 'denied' })
        throw new AppError('rate_limited', 'too many failed sign-ins; try again later', {
          retryAfterSeconds: Math.ceil(waitMs / 1000),
        })
      }
      const user = username === LOCAL_USER ? undefined : await users.verify(username, password)
      if (!user) {
        const lockedMs = lockout.fail(username, meta.ip)
        audit.record({ actor: username, action: 'login.failure', ip: meta.ip, outcome: 'failed' })
        if (lockedMs > 0)
          audit.record({
            actor: 'system',
            action: 'lockout',
            target: username,
            ip: meta.ip,
            details: { seconds: Math.ceil(lockedMs / 1000) },
          })
        throw new AppError('unauthorized', 'wrong username or password')
      }
      lockout.succeed(username)
      const { cookie, session } = sessions.create(user.id, meta)
      audit.record({ actor: user.username, action: 'login', ip: meta.ip })
      return { user, cookie, csrfToken: sessions.csrfToken(session) }
    },

    /** A session for the desktop window's local operator: the main process asks, the window gets the cookie. */
    localSession(): { name: string; value: string } {
      const user = users.findByName(LOCAL_USER)
      if (!user) throw new Error('local operator missing: bootstrap() has not run')
      const { cookie } = sessions.create(user.id, { ip: 'local', userAgent: 'desktop window', local: true })
      audit.record({ actor: LOCAL_USER, action: 'login.local' })
      return { name: SESSION_COOKIE, value: cookie }
    },

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
      if (tokens.recordUse(record, ip))
        audit.record({ actor: `token ${record.name}`, action: 'token.use-new-ip', target: record.id, ip })
      let principal = principals.get(record)
      if (!principal) principals.set(record, (principal = tokenPrincipal(record)))
      return principal
    },

    /** Password check for re-authentication of a signed-in user (hazardous actions). */
    async reauthenticate(principal: Principal, password: string, meta: RequestMeta): Promise<void> {
      if (!principal.session || !principal.user)
        throw new AppError('bad_request', 'only signed-in users re-authenticate')
      const ok = await users.verify(principal.user.username, password)
      if (!ok) {
        lockout.fail(principal.user.username, meta.ip)
        audit.record({ actor: principal.name, action: 'reauth.failure', ip: meta.ip, outcome: 'failed' })
        throw new AppError('unauthorized', 'wrong password')
      }
      sessions.markReauthenticated(principal.session)
      audit.record({ actor: principal.name, action: 'reauth', ip: meta.ip })
    },

    /** Called with "session:<id>" / "token:<id>" when a credential is revoked (streams close on it). */
    onRevoked(listener: (principalKey: string) => void): () => void {
      revoked.add(listener)
      return () => void revoked.delete(listener)
    },
  }
}
