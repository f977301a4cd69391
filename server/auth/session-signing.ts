import { createHmac, timingSafeEqual } from 'node:crypto'

/** Constant-time comparison of a presented secret with the expected one: timing must not reveal a partial match. */
export function sameSecret(given: string, expected: string): boolean {
  const presented = Buffer.from(given)
  const wanted = Buffer.from(expected)
  return presented.length === wanted.length && timingSafeEqual(presented, wanted)
}

export type SessionSigner = ReturnType<typeof createSessionSigner>

/**
 * The uses of the session signing key, HMAC-SHA256 each under its own label: the cookie
 * `<secret>.<signature>`, and the CSRF token of a session (bound to its id, so it needs no storage and
 * dies with the session).
 */
export function createSessionSigner(signingKey: string) {
  const mac = (label: string, value: string) =>
    createHmac('sha256', signingKey).update(`${label}:${value}`).digest('base64url')
  return {
    cookieOf: (secret: string): string => `${secret}.${mac('session', secret)}`,
    /** The secret a cookie carries when its signature is right; undefined when forged or malformed. */
    secretOf(cookie: string): string | undefined {
      const dot = cookie.lastIndexOf('.')
      if (dot <= 0 || cookie.length > 200) return undefined
      const secret = cookie.slice(0, dot)
      return sameSecret(cookie.slice(dot + 1), mac('session', secret)) ? secret : undefined
    },
    csrfToken: (sessionId: string): string => mac('csrf', sessionId),
    csrfValid: (sessionId: string, given: string): boolean => sameSecret(given, mac('csrf', sessionId)),
  }
}
