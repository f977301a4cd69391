import type { RequestHandler } from 'express'
import { normalizeIp, type IpMatcher } from '../../config/cidr.js'

/**
 * The client address behind trusted proxies (the same rule as express's "trust proxy" / proxy-addr):
 * walk X-Forwarded-For from the right while the hop we got it from is a trusted proxy; the first
 * untrusted address is the client. A request not from a trusted proxy is its socket address, so a
 * forged X-Forwarded-For from anyone else changes nothing.
 */
export function clientIp(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: IpMatcher,
): string {
  let ip = normalizeIp(remoteAddress ?? '')
  if (!trusted(ip) || forwardedFor === undefined) return ip
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '')
  for (let i = hops.length - 1; i >= 0; i--) {
    ip = normalizeIp(hops[i]!)
    if (!trusted(ip)) return ip
  }
  return ip
}

/**
 * Resolves the client address once per request and pins it as `req.ip` (an own property shadowing
 * express's getter, which would re-walk X-Forwarded-For on every read): rate limits, IP rules, audit
 * and the stream all see the same address by the same rule.
 */
export function pinClientIp(trusted: IpMatcher): RequestHandler {
  return (req, _res, next) => {
    Object.defineProperty(req, 'ip', {
      value: clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], trusted),
      enumerable: true,
    })
    next()
  }
}
