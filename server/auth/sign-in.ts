import type { User } from '../contract/auth.js'
import { AppError } from '../errors.js'
import type { AuditLog } from './audit.js'
import type { LockoutService } from './lockout.js'
import type { Principal } from './principal.js'
import { SESSION_COOKIE, type RequestMeta, type SessionStore } from './sessions.js'
import type { UserStore } from './users.js'

/** The built-in user the desktop window is signed in as: no password, so it can never log in remotely. */
export const LOCAL_USER = 'local-operator'

/** A new cookie session: what login and setup answer with. */
export type SignedIn = { user: User; cookie: string; csrfToken: string }

/** Opens a cookie session for `user` and hands out its CSRF token. */
export function openSession(
  sessions: Pick<SessionStore, 'create' | 'csrfToken'>,
  user: User,
  meta: RequestMeta,
): SignedIn {
  const { cookie, session } = sessions.create(user.id, meta)
  return { user, cookie, csrfToken: sessions.csrfToken(session) }
}

export type SignInDeps = {
  users: Pick<UserStore, 'verify' | 'findByName' | 'setPassword'>
  sessions: Pick<SessionStore, 'create' | 'csrfToken' | 'markReauthenticated' | 'revokeUser'>
  lockout: Pick<LockoutService, 'retryAfterMs' | 'fail' | 'succeed'>
  audit: Pick<AuditLog, 'record'>
}

export type SignIn = ReturnType<typeof createSignIn>

/** Password entry (login with lockout, re-authentication, password change) and the desktop's local session. */
export function createSignIn({ users, sessions, lockout, audit }: SignInDeps) {
  const refuseWhileLocked = (username: string, ip: string) => {
    const waitMs = lockout.retryAfterMs(username, ip)
    if (waitMs <= 0) return
    audit.record({ actor: username, action: 'login.locked', ip, outcome: 'denied' })
    throw new AppError('rate_limited', 'too many failed sign-ins; try again later', {
      retryAfterSeconds: Math.ceil(waitMs / 1000),
    })
  }
  const countFailure = (username: string, ip: string) => {
    const lockedMs = lockout.fail(username, ip)
    audit.record({ actor: username, action: 'login.failure', ip, outcome: 'failed' })
    if (lockedMs > 0)
      audit.record({
        actor: 'system',
        action: 'lockout',
        target: username,
        ip,
        details: { seconds: Math.ceil(lockedMs / 1000) },
      })
  }

  return {
    /** Password login with lockout: 401 on bad credentials, 429 with retryAfterSeconds when locked. */
    async login(username: string, password: string, meta: RequestMeta): Promise<SignedIn> {
      refuseWhileLocked(username, meta.ip)
      const user = username === LOCAL_USER ? undefined : await users.verify(username, password)
      if (!user) {
        countFailure(username, meta.ip)
        throw new AppError('unauthorized', 'wrong username or password')
      }
      lockout.succeed(username, meta.ip)
      const signedIn = openSession(sessions, user, meta)
      audit.record({ actor: user.username, action: 'login', ip: meta.ip })
      return signedIn
    },

    /** Password check for re-authentication of a signed-in user (hazardous actions). */
    async reauthenticate(principal: Principal, password: string, meta: RequestMeta): Promise<void> {
      if (!principal.session || !principal.user)
        throw new AppError('bad_request', 'only signed-in users re-authenticate')
      if (!(await users.verify(principal.user.username, password))) {
        lockout.fail(principal.user.username, meta.ip)
        audit.record({ actor: principal.name, action: 'reauth.failure', ip: meta.ip, outcome: 'failed' })
        throw new AppError('unauthorized', 'wrong password')
      }
      sessions.markReauthenticated(principal.session)
      audit.record({ actor: principal.name, action: 'reauth', ip: meta.ip })
    },

    /** A password user's own change; their other sessions end, so a stolen cookie dies with the old password. */
    async changePassword(principal: Principal, current: string, next: string, ip: string | undefined): Promise<void> {
      if (!principal.user || !principal.session || principal.session.local)
        throw new AppError('bad_request', 'only password users change their password')
      if (!(await users.verify(principal.user.username, current)))
        throw new AppError('unauthorized', 'wrong current password')
      await users.setPassword(principal.user.id, next)
      sessions.revokeUser(principal.user.id, principal.session.id)
      audit.record({ actor: principal.name, action: 'user.password-change', target: principal.user.username, ip })
    },

    /** A session for the desktop window's local operator: the main process asks, the window gets the cookie. */
    localSession(): { name: string; value: string } {
      const user = users.findByName(LOCAL_USER)
      if (!user) throw new Error('local operator missing: the first-admin bootstrap has not run')
      const { cookie } = sessions.create(user.id, { ip: 'local', userAgent: 'desktop window', local: true })
      audit.record({ actor: LOCAL_USER, action: 'login.local' })
      return { name: SESSION_COOKIE, value: cookie }
    },
  }
}
