import type { IncomingMessage } from 'node:http'
import type { IpMatcher } from '../auth/cidr.js'
import type { Principal } from '../auth/principal.js'
import { bearerOf, sessionCookieOf } from './middleware/authenticate.js'
import { clientIp } from './middleware/client-ip.js'
import { isAllowedHost } from './middleware/host-allowlist.js'

/**
 * The HTTP chain's request checks in the form a WebSocket upgrade needs them (the chain itself does not
 * run for upgrades): the stream module applies them in its own order (docs/architecture.md "Stream").
 */
export function createUpgradeChecks(deps: {
  allowedHosts: ReadonlySet<string>
  trustedProxy: IpMatcher
  ipPermitted: (ip: string) => boolean
  principalFromToken: (token: string, ip: string) => Principal | undefined
  principalFromCookie: (cookie: string) => Principal | undefined
}) {
  return {
    hostAllowed: (host: string | undefined) => isAllowedHost(host, deps.allowedHosts),
    clientIp: (req: IncomingMessage) =>
      clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], deps.trustedProxy),
    ipPermitted: deps.ipPermitted,
    bearerToken: (req: IncomingMessage) => bearerOf(req.headers.authorization),
    sessionCookie: (req: IncomingMessage) => sessionCookieOf(req.headers.cookie),
    principalFromToken: deps.principalFromToken,
    principalFromCookie: deps.principalFromCookie,
  }
}
