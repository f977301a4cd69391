import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { type RequestHandler, type Router } from 'express'
import type { AuthService } from '../auth/auth-service.js'
import type { SecurityConfig } from '../config/security-schema.js'
import type { ComponentHealth, Health } from '../contract/health.js'
import type { SecurityStatus } from '../contract/security.js'
import type { Logger } from '../logger.js'
import { principalOf, type AccessGuard } from '../auth/access-guard.js'
import { createErrorHandler, notFoundHandler } from './error-handler.js'
import { authenticate } from './middleware/authenticate.js'
import { hostAllowlist } from './middleware/host-allowlist.js'
import { accessRequestRateLimit, apiRateLimit, authRateLimit } from './middleware/rate-limits.js'
import { csrfCheck, ipFilter, jsonBody } from './middleware/request-checks.js'
import { pinClientIp } from './middleware/client-ip.js'
import { createAccessRequestsRouter } from './routes/access-requests.js'
import { createAuthRouter } from './routes/auth.js'
import { createControlRouter } from './routes/control.js'
import { createSecurityRouter } from './routes/security.js'
import { createTokensRouter } from './routes/tokens.js'
import { createUsersRouter } from './routes/users.js'
import { securityHeaders } from './security-headers.js'

export type HttpSecurity = {
  auth: AuthService
  guard: AccessGuard
  config: SecurityConfig
  /** Host names the Host header may carry (see stationHostNames). */
  allowedHosts: ReadonlySet<string>
  /** Decides whether a hop is a trusted reverse proxy (config trustProxy). */
  trustedProxy: (ip: string) => boolean
  status: () => SecurityStatus
  now: () => number
}

export type HttpAppDeps = {
  log: Logger
  health: () => Health
  /** The built renderer (index.html and assets); absent in a core-only build. */
  rendererDir: string
  security: HttpSecurity
  /** Feature routers mounted under /api/v1 (paths relative to it, e.g. "/tls"); every route needs a guard rule. */
  apiRouters?: ReadonlyArray<{ path: string; router: Router }>
  /** Routers at the root, where other tools look (Prometheus `/metrics`, the reference API's paths): the same request chain as the API. */
  rootRouters?: ReadonlyArray<{ path: string; router: Router }>
  /** Runs first for every request (request metrics). */
  observe?: RequestHandler
  /** Per-component health, shown to signed-in callers only. */
  components?: () => ReadonlyArray<ComponentHealth>
}

/** Paths (relative to /api/v1) where an old session cookie must not demand a CSRF token. */
const SIGN_IN_PATHS = new Set(['/auth/login', '/auth/setup'])
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Every successful state change is audited; routes that write a richer entry set res.locals.audited. Bodies are never logged. */
function auditWrites(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    if (!SAFE_METHODS.has(req.method)) {
      res.on('finish', () => {
        const principal = principalOf(res)
        if (res.statusCode < 400 && principal && res.locals['audited'] !== true)
          auth.audit.record({
            actor: principal.name,
            action: `${req.method} ${req.originalUrl.split('?')[0]}`,
            ip: req.ip,
          })
      })
    }
    next()
  }
}

/**
 * The express application and its one middleware chain, in this order: security headers (so every
 * answer, refusals included, carries them); Host allow-list (421); client address (X-Forwarded-For
 * from trusted proxies only) and IP rules (403); then for the API: principal from cookie or bearer
 * token; rate limits (429); content type (415), body size (413) and JSON (400); CSRF for cookie
 * writes (403); the audit hook; routes, each with its RBAC rule and zod
 * validation; then the UI's static files, 404 and the one error handler.
 */
export function createHttpApp(deps: HttpAppDeps): express.Express {
  const { security } = deps
  const { auth, guard, config } = security
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  // Same rule as pinClientIp, for what express derives itself (req.protocol, req.hostname).
  app.set('trust proxy', (address: string) => security.trustedProxy(address))
  if (deps.observe) app.use(deps.observe)
  app.use(securityHeaders())
  app.use(hostAllowlist(security.allowedHosts))
  app.use(pinClientIp(security.trustedProxy))
  app.use(ipFilter(auth))

  // One instance of each check (one rate-limit budget per client), shared by /api/v1 and the root paths.
  const requestChain: RequestHandler[] = [
    authenticate(auth),
    apiRateLimit(config.rateLimit, security.now),
    jsonBody('100kb'),
    csrfCheck(auth, SIGN_IN_PATHS),
    auditWrites(auth),
  ]
  const api = express.Router()
  api.use(requestChain)

  const health: RequestHandler = (_req, res) => {
    const detail = principalOf(res)?.permissions.has('security:read')
      ? {
          secrets: {
            backend: security.status().secretsBackend,
            ...(security.status().secretsWarning ? { warning: security.status().secretsWarning } : {}),
          },
        }
      : {}
    const components = principalOf(res) && deps.components ? { components: deps.components() } : {}
    res.set('Cache-Control', 'no-store').json({ ...deps.health(), ...components, ...detail })
  }
  api.get('/health', guard.public(), health)
  const sessionMaxMs = config.sessionMaxHours * 3_600_000
  api.use(
    '/auth',
    createAuthRouter({ auth, guard, sessionMaxMs, strictLimit: authRateLimit(config.rateLimit, security.now) }),
  )
  api.use('/users', createUsersRouter({ auth, guard }))
  api.use('/tokens', createTokensRouter({ auth, guard, now: security.now }))
  api.use(
    '/access-requests',
    createAccessRequestsRouter({ auth, guard, createLimit: accessRequestRateLimit(config.rateLimit, security.now) }),
  )
  api.use('/security', createSecurityRouter({ auth, guard, status: security.status }))
  api.use('/control', createControlRouter({ auth, guard }))
  for (const { path, router } of deps.apiRouters ?? []) api.use(path, router)
  app.use('/api/v1', api)
  // The reference API's health alias (DESIGN.md "Compatibility"), then root routers (/metrics, the other aliases).
  app.get('/health', requestChain, guard.public(), health)
  for (const { path, router } of deps.rootRouters ?? []) app.use(path, requestChain, router)

  if (existsSync(join(deps.rendererDir, 'index.html'))) {
    app.use(express.static(deps.rendererDir, { index: 'index.html', fallthrough: true, redirect: false }))
    // The first-run hint the station prints names /setup; the UI shows its setup form on any page.
    app.get('/setup', guard.public(), (_req, res) => res.sendFile(join(deps.rendererDir, 'index.html')))
  } else {
    deps.log.warn(`no built UI in ${deps.rendererDir}: serving the API only`)
  }

  app.use(notFoundHandler)
  app.use(createErrorHandler(deps.log))
  return app
}
