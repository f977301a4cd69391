import type { RequestHandler } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import type { SecurityConfig } from '../../config/security-schema.js'
import { principalOf } from '../access-guard.js'
import { AppError } from '../app-error.js'

type Limits = SecurityConfig['rateLimit']

// IPv6 clients are keyed by their /56, as express-rate-limit recommends: one host has many addresses.
const ipKey = (ip: string | undefined) => `ip:${ipKeyGenerator(ip ?? '')}`

function limiter(windowMs: number, limit: (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) => number, key: (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) => string, what: string): RequestHandler {
  return rateLimit({
    windowMs,
    limit: (req, res) => limit(req, res),
    keyGenerator: (req, res) => key(req, res),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // X-Forwarded-For is handled on purpose (trustProxy): only trusted proxies' headers count.
    validate: { xForwardedForHeader: false },
    // Retry-After is set by the library before the handler runs; the body is our one error shape.
    handler: (_req, res, next) => next(new AppError('rate_limited', `too many ${what}; slow down`, { retryAfterSeconds: Number(res.getHeader('Retry-After') ?? 0) })),
  })
}

/** Per session/token when authenticated, else per client IP. */
export function apiRateLimit(limits: Limits): RequestHandler {
  return limiter(
    limits.windowSeconds * 1000,
    (_req, res) => (principalOf(res) ? limits.authenticated : limits.anonymous),
    (req, res) => principalOf(res)?.key ?? ipKey(req.ip),
    'requests',
  )
}

/** The stricter per-IP limits in front of password and pairing endpoints. */
export function authRateLimit(limits: Limits): RequestHandler {
  return limiter(limits.windowSeconds * 1000, () => limits.auth, (req) => ipKey(req.ip), 'sign-in attempts')
}
export function accessRequestRateLimit(limits: Limits): RequestHandler {
  return limiter(limits.windowSeconds * 1000, () => limits.accessRequests, (req) => ipKey(req.ip), 'access requests')
}
