import type { RequestHandler } from 'express'
import type { AuthService } from '../../auth/auth-service.js'
import { SESSION_COOKIE } from '../../auth/sessions.js'
import { AppError } from '../../errors.js'

/** Our cookie's value from a Cookie header (other cookies are ignored). */
export function sessionCookieOf(header: string | undefined): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** The token of an `Authorization: Bearer <token>` header; undefined when absent. */
export function bearerOf(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match ? match[1] : undefined
}

/**
 * Resolves the caller into `res.locals.principal`. A presented bearer token that is not valid is a
 * 401 at once (an instrument must learn its token is dead); a stale cookie just means anonymous.
 */
export function authenticate(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    const authorization = req.headers.authorization
    if (authorization !== undefined) {
      const token = bearerOf(authorization)
      const principal = token === undefined ? undefined : auth.principalFromToken(token, req.ip ?? '')
      if (!principal) return next(new AppError('unauthorized', 'invalid, expired or revoked token'))
      res.locals['principal'] = principal
      return next()
    }
    const cookie = sessionCookieOf(req.headers.cookie)
    if (cookie !== undefined) {
      const principal = auth.principalFromCookie(cookie)
      if (principal) res.locals['principal'] = principal
    }
    next()
  }
}
