import type { IncomingMessage } from 'node:http'
import type { AuthService } from '../../auth/auth-service.js'
import type { IpMatcher } from '../../config/cidr.js'
import type { StreamAccess } from '../../stream/hub.js'
import { isAllowedOrigin } from '../../stream/origin.js'
import { bearerOf, sessionCookieOf } from './authenticate.js'
import { clientIp } from './client-ip.js'
import { isAllowedHost } from './host-allowlist.js'

/**
 * The HTTP chain does not run for WebSocket upgrades, so the stream applies the same checks itself:
 * Host allow-list, IP rules, then a bearer token (instruments) or a session cookie, which counts only
 * with an allowed Origin (a cookie is ambient: cross-site WebSocket hijacking would ride on it).
 */
export function createStreamAuthorizer(deps: {
  auth: AuthService
  allowedHosts: ReadonlySet<string>
  allowedOrigins: () => ReadonlySet<string>
  trustedProxy: IpMatcher
}) {
  return (req: IncomingMessage): StreamAccess => {
    if (!isAllowedHost(req.headers.host, deps.allowedHosts))
      return { outcome: 'reject', status: 421, reason: 'Misdirected Request' }
    const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], deps.trustedProxy)
    if (!deps.auth.ipRules.permits(ip)) return { outcome: 'reject', status: 403, reason: 'Forbidden' }

    const token = bearerOf(req.headers.authorization)
    const principal =
      token !== undefined
        ? deps.auth.principalFromToken(token, ip)
        : (() => {
            const cookie = sessionCookieOf(req.headers.cookie)
            if (
              cookie === undefined ||
              req.headers.origin === undefined ||
              !isAllowedOrigin(req.headers.origin, deps.allowedOrigins())
            )
              return undefined
            return deps.auth.principalFromCookie(cookie)
          })()
    if (!principal) return { outcome: 'unauthenticated', reason: 'authentication required' }
    if (!principal.permissions.has('telemetry:read'))
      return { outcome: 'unauthenticated', reason: 'telemetry:read permission required' }
    return { outcome: 'ok', key: principal.key }
  }
}
