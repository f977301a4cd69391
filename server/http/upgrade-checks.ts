import type { IncomingMessage } from 'node:http'
import type { IpMatcher } from '../config/cidr.js'
import { bearerOf, sessionCookieOf, type PrincipalPorts } from './middleware/authenticate.js'
import { clientIp } from './middleware/client-ip.js'
import { isAllowedHost } from './middleware/host-allowlist.js'
import type { IpRulesPort } from './middleware/request-checks.js'

/**
 * The HTTP chain's request checks in the form a WebSocket upgrade needs them (the chain itself does not
 * run for upgrades): the stream module applies them in its own order (docs/architecture.md "Stream").
 */
export function createUpgradeChecks(
  access: IpRulesPort & { principals: PrincipalPorts; allowedHosts: ReadonlySet<string>; trustedProxy: IpMatcher },
) {
  const { principals } = access
  return {
    hostAllowed: (host: string | undefined) => isAllowedHost(host, access.allowedHosts),
    clientIp: (req: IncomingMessage) =>
      clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], access.trustedProxy),
    ipPermitted: (ip: string) => access.ipRules.permits(ip),
    bearerToken: (req: IncomingMessage) => bearerOf(req.headers.authorization),
    sessionCookie: (req: IncomingMessage) => sessionCookieOf(req.headers.cookie, principals.sessionCookie),
    principalFromToken: (token: string, ip: string) => principals.principalFromToken(token, ip),
    principalFromCookie: (cookie: string) => principals.principalFromCookie(cookie),
  }
}
