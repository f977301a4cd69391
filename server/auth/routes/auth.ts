import type { Request, RequestHandler, Response, Router } from 'express'
import { z } from 'zod'
import {
  changePasswordRequestSchema,
  loginRequestSchema,
  loginResponseSchema,
  meSchema,
  reauthRequestSchema,
  setupRequestSchema,
  sessionStatusSchema,
  setupStatusSchema,
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
import { describedRouter, describeRoutes } from '../route-description.js'
import { SESSION_COOKIE, type RequestMeta, type SessionStore } from '../sessions.js'
import type { SignIn } from '../sign-in.js'
import { iso } from '../store-context.js'

export type AuthRoutesDeps = {
  guard: Pick<AccessGuard, 'require' | 'signedIn' | 'public' | 'recentAuth'>
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

const sessionCookie = 'the session cookie __Host-mfc_session (HttpOnly, Secure, SameSite=Strict) is set'

export const authApi = describeRoutes({
  name: 'auth',
  mount: '/auth',
  tag: 'Sign-in',
  endpoints: {
    login: {
      method: 'post',
      path: '/login',
      summary: 'Sign in with a password',
      description: `Behind the strict per-IP sign-in limit; ${sessionCookie}.`,
      access: 'public',
      body: loginRequestSchema,
      responses: { 200: loginResponseSchema },
    },
    setupStatus: {
      method: 'get',
      path: '/setup',
      summary: 'Whether a one-time setup code is waiting (no admin yet)',
      description:
        'On a station bound to loopback only, `firstUser` names the oldest admin who signs in with a password.',
      access: 'public',
      responses: { 200: setupStatusSchema },
    },
    setup: {
      method: 'post',
      path: '/setup',
      summary: 'Create the first admin with the one-time setup code, signed in',
      description: `Behind the strict per-IP sign-in limit; ${sessionCookie}.`,
      access: 'public',
      body: setupRequestSchema,
      responses: { 201: loginResponseSchema },
    },
    logout: {
      method: 'post',
      path: '/logout',
      summary: 'End the session; its streams and control lock are released',
      access: 'signed-in',
      responses: { 204: { description: 'signed out' } },
    },
    me: {
      method: 'get',
      path: '/me',
      summary: 'Who the caller is, with its permissions',
      access: 'signed-in',
      responses: { 200: meSchema },
    },
    session: {
      method: 'get',
      path: '/session',
      summary: "Whether the caller is signed in, and who it is (200 either way: the UI's first probe)",
      access: 'public',
      responses: { 200: sessionStatusSchema },
    },
    csrf: {
      method: 'get',
      path: '/csrf',
      summary: "The cookie session's CSRF token (400 for bearer tokens, which need none)",
      access: 'signed-in',
      responses: { 200: z.object({ csrfToken: z.string() }) },
    },
    reauth: {
      method: 'post',
      path: '/reauth',
      summary: 'Enter the password again: starts a new re-authentication window',
      access: 'signed-in',
      body: reauthRequestSchema,
      responses: { 204: { description: 're-authenticated' } },
    },
    password: {
      method: 'post',
      path: '/password',
      summary: "Change the caller's password; every other session of the user ends",
      access: 'signed-in',
      body: changePasswordRequestSchema,
      responses: { 204: { description: 'changed' } },
    },
  },
})

/** `/api/v1/auth`: login/logout/me, CSRF token, re-authentication, password change, first-admin setup. */
export function createAuthRouter(deps: AuthRoutesDeps): Router {
  const { guard, signIn, sessions, audit, signInLimit } = deps
  return describedRouter(authApi, guard, {
    login: [
      signInLimit,
      async (req, res) => {
        const body = parseBody(loginRequestSchema, req)
        const result = await signIn
          .login(body.username, body.password, requestMeta(req))
          .catch((error: unknown) => withRetryAfter(res, error))
        setSessionCookie(res, result.cookie, deps.sessionMaxMs)
        res.locals['audited'] = true
        res.json({ user: result.user, csrfToken: result.csrfToken } satisfies LoginResponse)
      },
    ],
    setupStatus: (_req, res) => {
      const firstUser = deps.nameFirstUser ? deps.firstAdmin.firstUser() : undefined
      res.json({ needed: deps.firstAdmin.pending(), ...(firstUser ? { firstUser } : {}) } satisfies SetupStatus)
    },
    setup: [
      signInLimit,
      async (req, res) => {
        const body = parseBody(setupRequestSchema, req)
        const result = await deps.firstAdmin.setup(body.code, body.username, body.password, requestMeta(req))
        setSessionCookie(res, result.cookie, deps.sessionMaxMs)
        res.locals['audited'] = true
        res.status(201).json({ user: result.user, csrfToken: result.csrfToken } satisfies LoginResponse)
      },
    ],
    logout: (req, res) => {
      const principal = principalOf(res)!
      if (principal.session) sessions.revoke(principal.session.id)
      audit.record({ actor: principal.name, action: 'logout', ip: req.ip })
      res.locals['audited'] = true
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: '/' })
      res.status(204).end()
    },
    me: (_req, res) => {
      res.set('Cache-Control', 'no-store').json(meOf(principalOf(res)!, deps))
    },
    // The UI's first probe: 200 either way, so a signed-out load logs no error status.
    session: (_req, res) => {
      const principal = principalOf(res)
      const status: SessionStatus = principal ? { signedIn: true, me: meOf(principal, deps) } : { signedIn: false }
      res.set('Cache-Control', 'no-store').json(status)
    },
    csrf: (_req, res) => {
      const session = principalOf(res)!.session
      if (!session) throw new AppError('bad_request', 'CSRF tokens belong to cookie sessions; bearer tokens need none')
      res.set('Cache-Control', 'no-store').json({ csrfToken: sessions.csrfToken(session) })
    },
    reauth: [
      signInLimit,
      async (req, res) => {
        await signIn.reauthenticate(principalOf(res)!, parseBody(reauthRequestSchema, req).password, requestMeta(req))
        res.locals['audited'] = true
        res.status(204).end()
      },
    ],
    password: [
      signInLimit,
      async (req, res) => {
        const body = parseBody(changePasswordRequestSchema, req)
        await signIn.changePassword(principalOf(res)!, body.currentPassword, body.newPassword, req.ip)
        res.locals['audited'] = true
        res.status(204).end()
      },
    ],
  })
}
