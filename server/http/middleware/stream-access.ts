import type { IncomingMessage } from 'node:http'
import type { IpMatcher } from '../../config/cidr.js'
import { bearerOf, sessionCookieOf, type PrincipalPorts } from './authenticate.js'
import { clientIp } from './client-ip.js'
import { isAllowedHost } from './host-allowlist.js'
import type { IpRulesPort } from './request-checks.js'

/** The verdict on a stream upgrade, in the shape the stream hub's `authorize` option takes. */
export type UpgradeAccess =
  | { outcome: 'reject'; status: number; reason: string }
  | { outcome: 'unauthenticated'; reason: string }
  | { outcome: 'ok'; key: string }

/** What the upgrade check needs: the request chain's ports, plus the stream's Origin rule. */
export type StreamAuthorizerDeps = IpRulesPort & {
  principals: PrincipalPorts
  allowedHosts: ReadonlySet<string>
  trustedProxy: IpMatcher
  /** Whether a browser's Origin is one of the station's own (cross-site WebSocket hijacking). */
  isAllowedOrigin(origin: string): boolean
}

/**
 * The HTTP chain does not run for WebSocket upgrades, so the stream applies the same checks itself:
 * Host allow-list, IP rules, then a bearer token (instruments) or a session cookie, which counts only
 * with an allowed Origin (a cookie is ambient: cross-site WebSocket hijacking would ride on it).
 */
export function createStreamAuthorizer(deps: StreamAuthorizerDeps) {
  const { principals } = deps
  const fromCookie = (req: IncomingMessage) => {
    const cookie = sessionCookieOf(req.headers.cookie, principals.sessionCookie)
    const origin = req.headers.origin
    if (cookie === undefined || origin === undefined || !deps.isAllowedOrigin(origin)) return undefined
    return principals.principalFromCookie(cookie)
  }
  return (req: IncomingMessage): UpgradeAccess => {
    if (!isAllowedHost(req.headers.host, deps.allowedHosts))
      return { outcome: 'reject', status: 421, reason: 'Misdirected Request' }
    const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], deps.trustedProxy)
    if (!deps.ipRules.permits(ip)) return { outcome: 'reject', status: 403, reason: 'Forbidden' }

    const token = bearerOf(req.headers.authorization)
    const principal = token !== undefined ? principals.principalFromToken(token, ip) : fromCookie(req)
    if (!principal) return { outcome: 'unauthenticated', reason: 'authentication required' }
    if (!principal.permissions.has('telemetry:read'))
      return { outcome: 'unauthenticated', reason: 'telemetry:read permission required' }
    return { outcome: 'ok', key: principal.key }
  }
}
