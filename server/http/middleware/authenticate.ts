import type { RequestHandler } from 'express'
import { AppError } from '../../errors.js'
import { setCaller, type Caller } from '../caller.js'

/** What authentication needs from access control: the session cookie's name and the two credential lookups. */
export type PrincipalPorts = {
  readonly sessionCookie: string
  /** The caller of a session cookie value; undefined when forged, expired or revoked. */
  principalFromCookie(cookie: string): Caller | undefined
  /** The caller of a bearer token presented from `ip`; undefined when unknown, expired or revoked. */
  principalFromToken(token: string, ip: string): Caller | undefined
}

/** The value of the cookie `name` in a Cookie header (other cookies are ignored). */
export function sessionCookieOf(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** The token of an `Authorization: Bearer <token>` header; undefined when absent. */
export function bearerOf(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match ? match[1] : undefined
}

/**
 * Resolves the caller (see setCaller). A presented bearer token that is not valid is a 401 at once (an
 * instrument must learn its token is dead); a stale cookie just means anonymous.
 */
export function authenticate(principals: PrincipalPorts): RequestHandler {
  return (req, res, next) => {
    const authorization = req.headers.authorization
    if (authorization !== undefined) {
      const token = bearerOf(authorization)
      const principal = token === undefined ? undefined : principals.principalFromToken(token, req.ip ?? '')
      if (!principal) return next(new AppError('unauthorized', 'invalid, expired or revoked token'))
      setCaller(res, principal)
      return next()
    }
    const cookie = sessionCookieOf(req.headers.cookie, principals.sessionCookie)
    if (cookie !== undefined) {
      const principal = principals.principalFromCookie(cookie)
      if (principal) setCaller(res, principal)
    }
    next()
  }
}
