import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { type RequestHandler } from 'express'
import type { Clock } from '../clock.js'
import type { ComponentHealth, Health } from '../contract/health.js'
import type { SecurityStatus } from '../contract/security.js'
import type { Logger } from '../logger.js'
import type { RouteMount } from '../module.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter } from '../auth/route-description.js'
import { compatHealthApi, healthApi, setupPageApi } from './app-routes.js'
import { callerOf } from './caller.js'
import { createErrorHandler, notFoundHandler } from './error-handler.js'
import { authenticate, type PrincipalPorts } from './middleware/authenticate.js'
import { pinClientIp } from './middleware/client-ip.js'
import { hostAllowlist } from './middleware/host-allowlist.js'
import { apiRateLimit, type RateLimits } from './middleware/rate-limits.js'
import {
  auditWrites,
  csrfCheck,
  ipFilter,
  jsonBody,
  type AuditPort,
  type CsrfPort,
  type IpRulesPort,
} from './middleware/request-checks.js'
import { privateAnswers, refuseOversizedBody, storageGate, type StoragePort } from './middleware/refusals.js'
import { securityHeaders } from './security-headers.js'

/** The access-control ports the chain runs on, from the auth module (docs/architecture-auth.md "The ports"). */
export type HttpAccess = IpRulesPort &
  AuditPort & {
    /** Host names the Host header may carry. */
    allowedHosts: ReadonlySet<string>
    /** Decides whether a hop is a trusted reverse proxy (config trustProxy). */
    trustedProxy: (ip: string) => boolean
    principals: PrincipalPorts
    csrf: CsrfPort
    /** Puts the rule in front of the routes the app itself serves (health, /setup). */
    guard: Pick<AccessGuard, 'require' | 'signedIn' | 'public' | 'recentAuth'>
    /** The secrets backend, shown on health detail to callers who may read security settings. */
    status: () => Pick<SecurityStatus, 'secretsBackend' | 'secretsWarning'>
  }

export type HttpAppDeps = {
  log: Logger
  health: () => Health
  /** Per-component health, shown to signed-in callers only. */
  components?: () => ReadonlyArray<ComponentHealth>
  /** The built renderer (index.html and assets); absent in a core-only build. */
  rendererDir: string
  access: HttpAccess
  /** The general API budget (security.rateLimit) and the clock its windows run on. */
  rateLimit: RateLimits
  clock: Pick<Clock, 'now'>
  /** Feature routes under /api/v1 (paths relative to it) or, `at: 'root'`, at the root; each needs a guard rule. */
  mounts: readonly RouteMount[]
  /** Runs first for every request (request metrics). */
  observe?: RequestHandler
  /** The database's state: changes are refused while it refuses writes; refusals are reported to it. */
  storage: StoragePort
  /** Largest request body in bytes (config http.maxBodyKb). */
  maxBodyBytes: number
}

const secretsDetail = (status: Pick<SecurityStatus, 'secretsBackend' | 'secretsWarning'>) => ({
  backend: status.secretsBackend,
  ...(status.secretsWarning ? { warning: status.secretsWarning } : {}),
})

/** `GET /health`: status for everyone, components for signed-in callers, the secrets backend for security readers. */
function healthHandler(deps: HttpAppDeps): RequestHandler {
  return (_req, res) => {
    const caller = callerOf(res)
    const detail = caller?.permissions.has('security:read') ? { secrets: secretsDetail(deps.access.status()) } : {}
    const components = caller && deps.components ? { components: deps.components() } : {}
    res.json({ ...deps.health(), ...components, ...detail })
  }
}

/**
 * The express application and its one middleware chain (docs/architecture-auth.md "The request chain"),
 * in this order: security headers (so every answer, refusals included, carries them); Host allow-list
 * (421); client address (X-Forwarded-For from trusted proxies only) and IP rules (403); then for the API
 * and root mounts: principal from cookie or bearer token; rate limits (429); content type (415), body
 * size (413) and JSON (400); CSRF for cookie writes (403); the audit hook; routes, each with its RBAC
 * rule and zod validation; then the UI's static files, 404 and the one error handler.
 */
export function createHttpApp(deps: HttpAppDeps): express.Express {
  const { access } = deps
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  // Same rule as pinClientIp, for what express derives itself (req.protocol, req.hostname).
  app.set('trust proxy', (address: string) => access.trustedProxy(address))
  if (deps.observe) app.use(deps.observe)
  app.use(securityHeaders())
  const largerBodies = deps.mounts.flatMap(({ path, at, bodyLimitBytes }) =>
    bodyLimitBytes ? [{ path: at === 'root' ? path : `/api/v1${path}`, limit: bodyLimitBytes }] : [],
  )
  app.use(refuseOversizedBody(deps.maxBodyBytes, largerBodies))
  app.use(hostAllowlist(access.allowedHosts))
  app.use(pinClientIp(access.trustedProxy))
  app.use(ipFilter(access))

  const unaudited = (entry: object, error: unknown) => {
    deps.log.error(`audit entry not written (${(error as Error).message}): ${JSON.stringify(entry)}`)
    deps.storage.failed('audit', error)
  }
  // One instance of each check (one rate-limit budget per client), shared by /api/v1 and the root paths.
  const requestChain: RequestHandler[] = [
    authenticate(access.principals),
    privateAnswers(),
    apiRateLimit(deps.rateLimit, deps.clock.now),
    jsonBody(deps.maxBodyBytes, largerBodies),
    csrfCheck(access.csrf),
    storageGate(deps.storage),
    auditWrites(access, unaudited),
  ]
  const api = express.Router()
  api.use(requestChain)
  const health = { health: healthHandler(deps) }
  api.use(healthApi.mount, describedRouter(healthApi, access.guard, health))
  for (const { path, router } of deps.mounts.filter((mount) => mount.at !== 'root')) api.use(path, router)
  app.use('/api/v1', api)
  // The reference API's health alias (docs/api.md "Reference API compatibility"), then root mounts (/metrics, the other aliases).
  app.use(compatHealthApi.mount, requestChain, describedRouter(compatHealthApi, access.guard, health))
  for (const { path, router } of deps.mounts.filter((mount) => mount.at === 'root')) app.use(path, requestChain, router)

  if (existsSync(join(deps.rendererDir, 'index.html'))) {
    app.use(express.static(deps.rendererDir, { index: 'index.html', fallthrough: true, redirect: false }))
    // The first-run hint the station prints names /setup; the UI shows its setup form on any page.
    const page: RequestHandler = (_req, res) => res.sendFile(join(deps.rendererDir, 'index.html'))
    app.use(setupPageApi.mount, describedRouter(setupPageApi, access.guard, { page }))
  } else {
    deps.log.warn(`no built UI in ${deps.rendererDir}: serving the API only`)
  }

  app.use(notFoundHandler)
  app.use(createErrorHandler(deps.log, (error) => deps.storage.failed('request', error)))
  return app
}
