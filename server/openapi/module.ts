import type { AccessGuard } from '../auth/access-guard.js'
import { mountOf, type RouteDescription } from '../auth/route-description.js'
import type { oas31 } from 'zod-openapi'
import type { StationModule } from '../module.js'
import { createOpenApiDocument } from './document.js'
import { createOpenApiRouter, openApiApi } from './routes.js'

export type OpenApiModule = StationModule & { document: oas31.OpenAPIObject }

/**
 * The published API description (docs/api.md "OpenAPI"): the document of every described router,
 * generated once at start, and the reference page that renders it.
 */
export function createOpenApiModule(deps: {
  descriptions: readonly RouteDescription[]
  version: string
  guard: AccessGuard
}): OpenApiModule {
  const document = createOpenApiDocument(deps.descriptions, deps.version)
  return {
    name: 'openapi',
    document,
    routes: [mountOf(openApiApi, createOpenApiRouter({ document, guard: deps.guard }))],
  }
}
