import { Router, type RequestHandler } from 'express'
import type { z } from 'zod'
import type { Permission } from '../contract/access.js'
import type { RouteMount } from '../module.js'
import type { AccessGuard } from './access-guard.js'

/** Who may call an endpoint: a permission, any signed-in caller, or anyone. */
export type EndpointAccess = Permission | 'signed-in' | 'public'

/** One answer of an endpoint: JSON with a zod schema (the default), or another media type. */
export type EndpointResponse = { description: string; schema?: z.ZodType; contentType?: string }

/**
 * One route, described once (docs/api.md "OpenAPI"): express registers it from this (method, path and
 * the guard rule in front of the handler), and the OpenAPI document is generated from the same object.
 */
export type Endpoint = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** Relative to the router's mount, in express syntax (`/:id`). */
  path: string
  summary: string
  description?: string
  access: EndpointAccess
  /** Cookie sessions must have entered their password recently (guard.recentAuth(), docs/api.md "Authentication"). */
  reauth?: boolean
  /** A `simulation:control` route that neither takes nor needs the control lock. */
  controlLock?: false
  params?: z.ZodObject
  query?: z.ZodType
  body?: z.ZodType
  /** Success answers; a bare schema is a JSON answer. The error answers follow from the fields above. */
  responses: Partial<Record<200 | 201 | 202 | 204, EndpointResponse | z.ZodType>>
  /** Error statuses the handler itself sends, beyond those the access rule and validation imply. */
  errors?: readonly (404 | 409 | 503)[]
}

/** A router's endpoints and where it is mounted: under /api/v1 (the default) or at the root. */
export type RouteDescription<K extends string = string> = {
  /** Prefix of the operation ids (`tokens` gives `tokens.create`). */
  name: string
  mount: string
  at?: 'api' | 'root'
  /** The group the reference page shows the endpoints under. */
  tag: string
  /** A JSON body limit in bytes above the API's `http.maxBodyKb` for this mount (bulk ingest). */
  bodyLimitBytes?: number
  endpoints: Record<K, Endpoint>
}

/** Declares a router's description with its endpoint keys kept, so describedRouter can demand a handler for each. */
export const describeRoutes = <K extends string>(description: RouteDescription<K>): RouteDescription<K> => description

/** What runs after the access rule: one handler, or a chain (a rate limit, then the handler). */
export type EndpointHandlers<K extends string> = Record<K, RequestHandler | readonly RequestHandler[]>

type Guard = Pick<AccessGuard, 'require' | 'signedIn' | 'public' | 'recentAuth'>

/** The guard handlers an endpoint's access fields ask for, in the order the request chain expects. */
function accessHandlers(guard: Guard, endpoint: Endpoint): RequestHandler[] {
  const { access } = endpoint
  const rule =
    access === 'public'
      ? guard.public()
      : access === 'signed-in'
        ? guard.signedIn()
        : guard.require(access, endpoint.controlLock === false ? { controlLock: false } : undefined)
  return endpoint.reauth ? [rule, guard.recentAuth()] : [rule]
}

/**
 * The express router of a description: every endpoint in its order, with its guard rule and then its
 * handlers. A key without a handler (or a handler without an endpoint) does not compile.
 */
export function describedRouter<K extends string>(
  description: RouteDescription<K>,
  guard: Guard,
  handlers: EndpointHandlers<K>,
): Router {
  const router = Router()
  for (const key of Object.keys(description.endpoints) as K[]) {
    const endpoint = description.endpoints[key]
    router[endpoint.method](endpoint.path, ...accessHandlers(guard, endpoint), ...[handlers[key]].flat())
  }
  return router
}

/** The mount of a described router, for a module's `routes`. */
export function mountOf(description: RouteDescription, router: Router): RouteMount {
  return {
    path: description.mount,
    router,
    ...(description.at ? { at: description.at } : {}),
    ...(description.bodyLimitBytes ? { bodyLimitBytes: description.bodyLimitBytes } : {}),
  }
}
