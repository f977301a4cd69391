import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { type Router } from 'express'
import type { Health } from '../contract/health.js'
import type { Logger } from '../log/logger.js'
import { createErrorHandler, notFoundHandler } from './error-handler.js'
import { securityHeaders } from './security-headers.js'

export type HttpAppDeps = {
  log: Logger
  health: () => Health
  /** The built renderer (index.html and assets); absent in a core-only build. */
  rendererDir: string
  /** Feature routers mounted under /api/v1 (paths relative to it, e.g. "/tls"). */
  apiRouters?: ReadonlyArray<{ path: string; router: Router }>
}

/** The express application: security headers, the API, the UI's static files, then the one error handler. */
export function createHttpApp(deps: HttpAppDeps): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  app.use(securityHeaders())

  const api = express.Router()
  api.use(express.json({ limit: '100kb' }))
  api.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(deps.health())
  })
  for (const { path, router } of deps.apiRouters ?? []) api.use(path, router)
  app.use('/api/v1', api)

  if (existsSync(join(deps.rendererDir, 'index.html'))) {
    app.use(express.static(deps.rendererDir, { index: 'index.html', fallthrough: true, redirect: false }))
  } else {
    deps.log.warn(`no built UI in ${deps.rendererDir}: serving the API only`)
  }

  app.use(notFoundHandler)
  app.use(createErrorHandler(deps.log))
  return app
}
