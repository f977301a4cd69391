import type { IncomingMessage } from 'node:http'
import type { Permission } from '../contract/access.js'
import type { StreamAccess } from './hub.js'
import { isAllowedOrigin } from './origin.js'

/** Who a credential belongs to, as far as the stream cares. */
export type StreamPrincipal = { key: string; permissions: ReadonlySet<Permission> }

/**
 * The request checks the stream shares with the HTTP chain, wired by the composition root from http/ and
 * auth/ (docs/architecture.md "Stream"), so the stream applies exactly the same rules.
 */
export type UpgradeChecks = {
  hostAllowed(host: string | undefined): boolean
  /** The client's address (X-Forwarded-For only from trusted proxies). */
  clientIp(req: IncomingMessage): string
  ipPermitted(ip: string): boolean
  bearerToken(req: IncomingMessage): string | undefined
  sessionCookie(req: IncomingMessage): string | undefined
  principalFromToken(token: string, ip: string): StreamPrincipal | undefined
  principalFromCookie(cookie: string): StreamPrincipal | undefined
}

/**
 * The HTTP chain does not run for WebSocket upgrades, so the stream applies the same checks itself:
 * Host allow-list, IP rules, then a bearer token (instruments) or a session cookie, which counts only
 * with an allowed Origin (a cookie is ambient: cross-site WebSocket hijacking would ride on it).
 */
export function createStreamAuthorizer(checks: UpgradeChecks, allowedOrigins: () => ReadonlySet<string>) {
  const principalOf = (req: IncomingMessage, ip: string): StreamPrincipal | undefined => {
    const token = checks.bearerToken(req)
    if (token !== undefined) return checks.principalFromToken(token, ip)
    const cookie = checks.sessionCookie(req)
    const origin = req.headers.origin
    if (cookie === undefined || origin === undefined || !isAllowedOrigin(origin, allowedOrigins())) return undefined
    return checks.principalFromCookie(cookie)
  }
  return (req: IncomingMessage): StreamAccess => {
    if (!checks.hostAllowed(req.headers.host)) return { outcome: 'reject', status: 421, reason: 'Misdirected Request' }
    const ip = checks.clientIp(req)
    if (!checks.ipPermitted(ip)) return { outcome: 'reject', status: 403, reason: 'Forbidden' }
    const principal = principalOf(req, ip)
    if (!principal) return { outcome: 'unauthenticated', reason: 'authentication required' }
    if (!principal.permissions.has('telemetry:read'))
      return { outcome: 'unauthenticated', reason: 'telemetry:read permission required' }
    return { outcome: 'ok', key: principal.key }
  }
}
