import { timingSafeEqual } from 'node:crypto'
import express, { type RequestHandler } from 'express'
import type { AuthService } from '../../auth/auth-service.js'
import { principalOf } from '../../auth/access-guard.js'
import { AppError } from '../../errors.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** 403 from IP rules (deny lists, or an allow list the address is not on). */
export function ipFilter(auth: AuthService): RequestHandler {
  return (req, _res, next) =>
    next(auth.ipRules.permits(req.ip ?? '') ? undefined : new AppError('forbidden', 'your address is not allowed'))
}

/**
 * Bodies: 415 for anything but JSON (the API speaks JSON only, so nothing else reaches a parser),
 * 413 over `limit`, 400 for malformed JSON. Requests without a body skip the parser altogether.
 */
export function jsonBody(limit: string): RequestHandler {
  const parse = express.json({ limit })
  return (req, res, next) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0')
    if (!hasBody) return next()
    if (!req.is('application/json'))
      return next(new AppError('unsupported_media_type', 'request bodies must be application/json'))
    parse(req, res, next)
  }
}

/**
 * CSRF: a state-changing request carried by a cookie session must present the session's token in
 * X-CSRF-Token (another site can make the browser send the cookie, never read the token).
 * Bearer-token requests carry no ambient credential and need none. Sign-in routes (`exempt`, paths
 * relative to /api/v1) ignore any existing session, so an old cookie never blocks a new login.
 */
export function csrfCheck(auth: AuthService, exempt: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    const principal = principalOf(res)
    if (SAFE_METHODS.has(req.method) || principal?.kind !== 'session' || !principal.session || exempt.has(req.path))
      return next()
    const given = Buffer.from(String(req.headers['x-csrf-token'] ?? ''))
    const expected = Buffer.from(auth.sessions.csrfToken(principal.session))
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next()
    next(new AppError('forbidden', 'missing or wrong CSRF token (send it in X-CSRF-Token)'))
  }
}
