import { Router, type Request, type RequestHandler, type Response } from 'express'
import type { AuthService } from '../../auth/auth-service.js'
import {
  changePasswordRequestSchema,
  loginRequestSchema,
  reauthRequestSchema,
  setupRequestSchema,
  type LoginResponse,
  type Me,
} from '../../contract/auth.js'
import { iso } from '../../auth/store-context.js'
import { SESSION_COOKIE } from '../../auth/sessions.js'
import { principalOf, type AccessGuard } from '../../auth/access-guard.js'
import { AppError } from '../../errors.js'
import { parseBody } from '../../validation.js'

export const meta = (req: Request) => ({ ip: req.ip ?? '', userAgent: String(req.headers['user-agent'] ?? '') })

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

/** `/api/v1/auth`: login/logout/me, CSRF token, re-authentication, password change, first-admin setup. */
export function createAuthRouter(deps: {
  auth: AuthService
  guard: AccessGuard
  sessionMaxMs: number
  strictLimit: RequestHandler
}): Router {
  const { auth, guard, strictLimit } = deps
  const router = Router()

  router.post('/login', guard.public(), strictLimit, async (req, res) => {
    const body = parseBody(loginRequestSchema, req)
    const result = await auth
      .login(body.username, body.password, meta(req))
      .catch((error: unknown) => withRetryAfter(res, error))
    setSessionCookie(res, result.cookie, deps.sessionMaxMs)
    res.locals['audited'] = true
    res.json({ user: result.user, csrfToken: result.csrfToken } satisfies LoginResponse)
  })

  router.get('/setup', guard.public(), (_req, res) => {
    res.json({ needed: auth.setupPending() })
  })
  router.post('/setup', guard.public(), strictLimit, async (req, res) => {
    const body = parseBody(setupRequestSchema, req)
    const result = await auth.setup(body.code, body.username, body.password, meta(req))
    setSessionCookie(res, result.cookie, deps.sessionMaxMs)
    res.locals['audited'] = true
    res.status(201).json({ user: result.user, csrfToken: result.csrfToken } satisfies LoginResponse)
  })

  router.post('/logout', guard.signedIn(), (req, res) => {
    const principal = principalOf(res)!
    if (principal.session) auth.sessions.revoke(principal.session.id)
    auth.audit.record({ actor: principal.name, action: 'logout', ip: req.ip })
    res.locals['audited'] = true
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: '/' })
    res.status(204).end()
  })

  router.get('/me', guard.signedIn(), (_req, res) => {
    const principal = principalOf(res)!
    const me: Me = {
      kind: principal.kind,
      name: principal.name,
      ...(principal.role ? { role: principal.role } : {}),
      permissions: [...principal.permissions],
      local: principal.session?.local ?? false,
      ...(principal.user ? { user: principal.user } : {}),
      ...(principal.session
        ? { csrfToken: auth.sessions.csrfToken(principal.session), reauthenticatedAt: iso(principal.session.reauthAt) }
        : {}),
    }
    res.set('Cache-Control', 'no-store').json(me)
  })

  router.get('/csrf', guard.signedIn(), (_req, res) => {
    const session = principalOf(res)!.session
    if (!session) throw new AppError('bad_request', 'CSRF tokens belong to cookie sessions; bearer tokens need none')
    res.set('Cache-Control', 'no-store').json({ csrfToken: auth.sessions.csrfToken(session) })
  })

  router.post('/reauth', guard.signedIn(), strictLimit, async (req, res) => {
    await auth.reauthenticate(principalOf(res)!, parseBody(reauthRequestSchema, req).password, meta(req))
    res.locals['audited'] = true
    res.status(204).end()
  })

  router.post('/password', guard.signedIn(), strictLimit, async (req, res) => {
    const principal = principalOf(res)!
    const body = parseBody(changePasswordRequestSchema, req)
    if (!principal.user || !principal.session || principal.session.local)
      throw new AppError('bad_request', 'only password users change their password')
    if (!(await auth.users.verify(principal.user.username, body.currentPassword)))
      throw new AppError('unauthorized', 'wrong current password')
    await auth.users.setPassword(principal.user.id, body.newPassword)
    // Every other session of this user ends: a stolen cookie dies with the old password.
    auth.sessions.revokeUser(principal.user.id, principal.session.id)
    auth.audit.record({
      actor: principal.name,
      action: 'user.password-change',
      target: principal.user.username,
      ip: req.ip,
    })
    res.locals['audited'] = true
    res.status(204).end()
  })
  return router
}
