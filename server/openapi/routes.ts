import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Router } from 'express'
import { z } from 'zod'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import { AppError } from '../errors.js'
import { packageRoot } from '../package-info.js'
import { parseParams } from '../validation.js'

/** The reference page's files: Swagger UI's bundle and style from its package, the page and its start script. */
function referenceFiles(): ReadonlyMap<string, { file: string; type: string }> {
  const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  const own = join(packageRoot(), 'resources', 'api-reference')
  return new Map([
    ['swagger-ui-bundle.js', { file: join(swaggerUi, 'swagger-ui-bundle.js'), type: 'text/javascript' }],
    ['swagger-ui.css', { file: join(swaggerUi, 'swagger-ui.css'), type: 'text/css' }],
    ['reference.js', { file: join(own, 'reference.js'), type: 'text/javascript' }],
    ['favicon-32x32.png', { file: join(swaggerUi, 'favicon-32x32.png'), type: 'image/png' }],
  ])
}

const assetParamsSchema = z.object({ asset: z.string().min(1).max(64) })

export const openApiApi = describeRoutes({
  name: 'openapi',
  mount: '/',
  tag: 'API description',
  endpoints: {
    document: {
      method: 'get',
      path: '/openapi.json',
      summary: 'This OpenAPI 3.1 document',
      description: 'Public like the code it describes: it names routes and shapes, never a secret.',
      access: 'public',
      responses: { 200: { description: 'the document', schema: z.record(z.string(), z.unknown()) } },
    },
    page: {
      method: 'get',
      path: '/docs',
      summary: 'The API reference page (Swagger UI, served by the station under its CSP)',
      access: 'public',
      responses: { 200: { description: 'the page', contentType: 'text/html' } },
    },
    asset: {
      method: 'get',
      path: '/docs/:asset',
      summary: "The reference page's script, style and icon files",
      access: 'public',
      params: assetParamsSchema,
      responses: { 200: { description: 'the file', contentType: 'text/javascript' } },
    },
  },
})

/** `/api/v1/openapi.json` and the reference page at `/api/v1/docs` (docs/api.md "OpenAPI"). */
export function createOpenApiRouter(deps: { document: unknown; guard: AccessGuard }): Router {
  const files = referenceFiles()
  const page = join(packageRoot(), 'resources', 'api-reference', 'index.html')
  return describedRouter(openApiApi, deps.guard, {
    document: (_req, res) => {
      res.set('Cache-Control', 'no-cache').json(deps.document)
    },
    page: (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(page)
    },
    asset: (req, res) => {
      const { asset } = parseParams(assetParamsSchema, req)
      const found = files.get(asset)
      if (!found) throw new AppError('not_found', `no reference page file ${asset}`)
      res.type(found.type).set('Cache-Control', 'no-cache').sendFile(found.file)
    },
  })
}
