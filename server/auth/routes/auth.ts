import { Router, type Request, type RequestHandler, type Response } from 'express'
import {
  changePasswordRequestSchema,
  loginRequestSchema,
  reauthRequestSchema,
  setupRequestSchema,
  type LoginResponse,
  type Me,
  type SessionStatus,
  type SetupStatus,
} from '../../contract/auth.js'
import { AppError } from '../../errors.js'
import { parseBody } from '../../validation.js'
import { principalOf, type AccessGuard } from '../access-guard.js'
import type { AuditLog } from '../audit.js'
import type { FirstAdmin } from '../first-admin.js'
import type { Principal } from '../principal.js'
import { SESSION_COOKIE, type RequestMeta, type SessionStore } from '../sessions.js'
import type { SignIn } from '../sign-in.js'
import { iso } from '../store-context.js'

export type AuthRoutesDeps = {
  guard: Pick<AccessGuard, 'public' | 'signedIn'>
  signIn: Pick<SignIn, 'login' | 'reauthenticate' | 'changePassword'>
  firstAdmin: Pick<FirstAdmin, 'pending' | 'setup' | 'firstUser'>
  /** Whether the public setup status names the first admin (a station bound to loopback only). */
  nameFirstUser: boolean
  /** `security.reauthMinutes` in ms: how long a password entry covers hazardous requests. */
  reauthMs: number
  sessions: Pick<SessionStore, 'revoke' | 'csrfToken'>
  audit: Pick<AuditLog, 'record'>
  /** The session's absolute lifetime, as the cookie's Max-Age. */
  sessionMaxMs: number
  /** The strict per-IP limit in front of every password entry. */
  signInLimit: RequestHandler
}

const requestMeta = (req: Request): RequestMeta => ({
  ip: req.ip ?? '',
  userAgent: String(req.headers['user-agent'] ?? ''),
})

/** HttpOnly (no script reads it), Secure, SameSite=Strict (never sent cross-site), __Host- (no Domain, Path=/). */
function setSessionCookie(res: Response, value: string, maxAgeMs: number): void {
  res.cookie(SESSION_COOKIE, value, { httpOnly: true, secure: true, sameSite: 'strict', path: '/', maxAge: maxAgeMs })
}

/** Turns a lockout's AppError into a 429 with Retry-After. */
function withRetryAfter(res: Response, error: unknown): never {
  const seconds = (error as AppError).details as { retryAfterSeconds?: number } | undefined
  if (error instanceof AppError && error.code === 'rate_limited' && seconds?.retryAfterSeconds)
    res.set('Retry-After', String(seconds.retryAfterSeconds))
  throw error
}

/** The re-authentication fields of a cookie session; the local session is never asked for a password. */
function reauthOf(session: NonNullable<Principal['session']>, deps: Pick<AuthRoutesDeps, 'sessions' | 'reauthMs'>) {
  return {
    csrfToken: deps.sessions.csrfToken(session),
    reauthenticatedAt: iso(session.reauthAt),
    ...(session.local ? {} : { reauthExpiresAt: iso(session.reauthAt + deps.reauthMs) }),
  }
}

/** What `/auth/me` tells the UI about its caller. */
function meOf(principal: Principal, deps: Pick<AuthRoutesDeps, 'sessions' | 'reauthMs'>): Me {
  return {
    kind: principal.kind,
    name: principal.name,
    ...(principal.role ? { role: principal.role } : {}),
    permissions: [...principal.permissions],
    local: principal.session?.local ?? false,
    ...(principal.user ? { user: principal.user } : {}),
    ...(principal.session ? reauthOf(principal.session, deps) : {}),
    ...(principal.token ? { hazardous: principal.token.hazardous } : {}),
  }
}

/** `/api/v1/auth`: login/logout/me, CSRF token, re-authentication, password change, first-admin setup. */
export function createAuthRouter(deps: AuthRoutesDeps): Router {
  const { guard, signIn, sessions, audit, signInLimit } = deps
  const router = Router()

  router.post('/login', guard.public(), signInLimit, async (req, res) => {
    const body = parseBody(loginRequestSchema, req)
    const result = await signIn
      .login(body.username, body.password, requestMeta(req))
      .catch((error: unknown) => withRetryAfter(res, error))
    setSessionCookie(res, result.cookie, deps.sessionMaxMs)
    res.locals['audited'] = true
    res.json({ user: result.user, csrfToken: result.csrfToken } satisfies LoginResponse)
  })

  router.get('/setup', guard.public(), (_req, res) => {
    const firstUser = deps.nameFirstUser ? deps.firstAdmin.firstUser() : undefined
    res.json({ needed: deps.firstAdmin.pending(), ...(firstUser ? { firstUser } : {}) } satisfies SetupStatus)
  })
  router.post('/setup', guard.public(), signInLimit, async (req, res) => {
    const body = parseBody(setupRequestSchema, req)
    const result = await deps.firstAdmin.setup(body.code, body.username, body.password, requestMeta(req))
    setSessionCookie(res, result.cookie, deps.sessionMaxMs)
    res.locals['audited'] = true
    res.status(201).json({ user: result.user, csrfToken: result.csrfToken } satisfies LoginResponse)
  })

  router.post('/logout', guard.signedIn(), (req, res) => {
    const principal = principalOf(res)!
    if (principal.session) sessions.revoke(principal.session.id)
    audit.record({ actor: principal.name, action: 'logout', ip: req.ip })
    res.locals['audited'] = true
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: '/' })
    res.status(204).end()
  })

  router.get('/me', guard.signedIn(), (_req, res) => {
    res.set('Cache-Control', 'no-store').json(meOf(principalOf(res)!, deps))
  })

  // The UI's first probe: 200 either way, so a signed-out load logs no error status.
  router.get('/session', guard.public(), (_req, res) => {
    const principal = principalOf(res)
    const status: SessionStatus = principal ? { signedIn: true, me: meOf(principal, deps) } : { signedIn: false }
    res.set('Cache-Control', 'no-store').json(status)
  })

  router.get('/csrf', guard.signedIn(), (_req, res) => {
    const session = principalOf(res)!.session
    if (!session) throw new AppError('bad_request', 'CSRF tokens belong to cookie sessions; bearer tokens need none')
    res.set('Cache-Control', 'no-store').json({ csrfToken: sessions.csrfToken(session) })
  })

  router.post('/reauth', guard.signedIn(), signInLimit, async (req, res) => {
    await signIn.reauthenticate(principalOf(res)!, parseBody(reauthRequestSchema, req).password, requestMeta(req))
    res.locals['audited'] = true
    res.status(204).end()
  })

  router.post('/password', guard.signedIn(), signInLimit, async (req, res) => {
    const body = parseBody(changePasswordRequestSchema, req)
    await signIn.changePassword(principalOf(res)!, body.currentPassword, body.newPassword, req.ip)
    res.locals['audited'] = true
    res.status(204).end()
  })
  return router
}
