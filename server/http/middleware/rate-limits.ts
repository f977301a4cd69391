import type { Request, RequestHandler, Response } from 'express'
import { clientKey } from '../../config/cidr.js'
import type { SecurityConfig } from '../../config/security-schema.js'
import { AppError } from '../../errors.js'
import { callerOf } from '../caller.js'

/** The `security.rateLimit` section: window length and the per-window budgets. */
export type RateLimits = SecurityConfig['rateLimit']

/** Anonymous callers are counted per client: loopback as one, IPv6 per /64 (see clientKey). */
export const ipKey = clientKey

export type FixedWindowLimiter = {
  hit(key: string, limit: number): { allowed: boolean; remaining: number; resetMs: number }
}

/**
 * Fixed-window counters in memory, synchronous (no promise per request, unlike a pluggable store):
 * the limiter sits in front of every API request, so it must cost next to nothing. Expired windows
 * are dropped lazily, so the map holds at most the keys seen in one window.
 */
export function createFixedWindowLimiter(windowMs: number, now: () => number): FixedWindowLimiter {
  let windowStart = now()
  let counts = new Map<string, number>()
  return {
    hit(key, limit) {
      const time = now()
      // A clock set back must not stretch the window (it would refuse a client until the clock caught up).
      if (time < windowStart) {
        windowStart = time
        counts = new Map()
      } else if (time - windowStart >= windowMs) {
        windowStart = time - ((time - windowStart) % windowMs)
        counts = new Map()
      }
      const count = (counts.get(key) ?? 0) + 1
      counts.set(key, count)
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetMs: windowStart + windowMs - time }
    },
  }
}

function limiterMiddleware(
  windowSeconds: number,
  now: () => number,
  decide: (req: Request, res: Response) => { key: string; limit: number },
  what: string,
): RequestHandler {
  const limiter = createFixedWindowLimiter(windowSeconds * 1000, now)
  return (req, res, next) => {
    const { key, limit } = decide(req, res)
    const result = limiter.hit(key, limit)
    const resetSeconds = Math.max(1, Math.ceil(result.resetMs / 1000))
    // IETF draft-ietf-httpapi-ratelimit-headers (draft 7 form), as express-rate-limit sends them.
    res.setHeader('RateLimit-Policy', `${limit};w=${windowSeconds}`)
    res.setHeader('RateLimit', `limit=${limit}, remaining=${result.remaining}, reset=${resetSeconds}`)
    if (result.allowed) return next()
    res.setHeader('Retry-After', String(resetSeconds))
    next(new AppError('rate_limited', `too many ${what}; slow down`, { retryAfterSeconds: resetSeconds }))
  }
}

/** Per session/token when authenticated, else per client IP. */
export function apiRateLimit(limits: RateLimits, now: () => number): RequestHandler {
  return limiterMiddleware(
    limits.windowSeconds,
    now,
    (req, res) => {
      const caller = callerOf(res)
      return caller ? { key: caller.key, limit: limits.authenticated } : { key: ipKey(req.ip), limit: limits.anonymous }
    },
    'requests',
  )
}

const perIp = (limits: RateLimits, now: () => number, limit: number, what: string): RequestHandler =>
  limiterMiddleware(limits.windowSeconds, now, (req) => ({ key: ipKey(req.ip), limit }), what)

/** The stricter per-IP limit in front of password entry (login, setup, re-authentication, password change). */
export function authRateLimit(limits: RateLimits, now: () => number): RequestHandler {
  return perIp(limits, now, limits.auth, 'sign-in attempts')
}

/** The per-IP limit on new instrument access requests. */
export function accessRequestRateLimit(limits: RateLimits, now: () => number): RequestHandler {
  return perIp(limits, now, limits.accessRequests, 'access requests')
}
