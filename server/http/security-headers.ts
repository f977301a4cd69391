import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import helmet from 'helmet'

/**
 * helmet with a strict CSP. helmet's default allows inline styles; the UI needs none (React sets
 * styles through the CSSOM, which CSP does not restrict), so style-src is 'self' only.
 */
export function securityHeaders(): RequestHandler {
  return precomputed(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'font-src': ["'self'"],
          'object-src': ["'none'"],
          'base-uri': ["'none'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
        },
      },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  )
}

/**
 * helmet's headers do not depend on the request (no CSP nonces here), so they are computed once by
 * running helmet against a recording response, and each request gets one loop of setHeader instead
 * of helmet's fifteen middleware steps.
 */
function precomputed(
  middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void,
): RequestHandler {
  const headers = new Map<string, string | number | readonly string[]>()
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
  }
  let ran = false
  middleware({ headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, () => (ran = true))
  if (!ran) throw new Error('helmet did not run synchronously; its headers cannot be precomputed')
  const entries = [...headers]
  return (_req, res, next) => {
    for (const [name, value] of entries) res.setHeader(name, value)
    next()
  }
}
