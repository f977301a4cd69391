import type { ZodOpenApiOperationObject, ZodOpenApiResponsesObject } from 'zod-openapi'
import { z } from 'zod'
import { rolePermissions, roles, scopePermissions, tokenScopes, type Permission } from '../contract/access.js'
import type { Endpoint, EndpointResponse, RouteDescription } from '../auth/route-description.js'

/** `/:id` (express) as `/{id}` (OpenAPI path templating, OpenAPI 3.1 4.8.2). */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}')

/** The full path of an endpoint: its router's mount, under /api/v1 unless mounted at the root. */
export function fullPath(description: RouteDescription, endpoint: Endpoint): string {
  const prefix = description.at === 'root' ? '' : '/api/v1'
  const mount = description.mount === '/' ? '' : description.mount
  return `${prefix}${mount}${endpoint.path === '/' ? '' : endpoint.path}`
}

/** Error answers as components (the one error shape, docs/api.md "Errors"), by status. */
export const errorResponses = {
  400: ['BadRequest', 'invalid JSON or a field that fails validation (details.issues names each field)'],
  401: ['Unauthorized', 'no credentials on a protected route, or a bad, expired or revoked bearer token'],
  403: ['Forbidden', 'missing permission, missing or wrong CSRF token, an IP rule, or re-authentication required'],
  404: ['NotFound', 'no such resource'],
  409: ['Conflict', 'the control lock is held by another (details.holder), or the change conflicts with the state'],
  413: ['PayloadTooLarge', 'a body over 100 kB (or the larger limit the operation names)'],
  415: ['UnsupportedMediaType', 'a body that is not application/json'],
  429: ['TooManyRequests', 'a rate limit or a lockout (Retry-After, details.retryAfterSeconds)'],
  503: ['Unavailable', 'the resource cannot answer now (an instrument that does not respond)'],
  default: ['Unexpected', 'an unexpected error (500, logged, answered without internals) or storage unavailable (503)'],
} as const
type ErrorStatus = Exclude<keyof typeof errorResponses, 'default'>

/** Which error answers an endpoint can give, from what it declares: access rule, lock, inputs. */
function errorStatuses(endpoint: Endpoint): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>([401, 429, ...(endpoint.errors ?? [])])
  if (endpoint.access !== 'public') statuses.add(403)
  if (endpoint.body || endpoint.query || endpoint.params) statuses.add(400)
  if (endpoint.body) [413, 415].forEach((status) => statuses.add(status as ErrorStatus))
  if (endpoint.params) statuses.add(404)
  if (endpoint.access === 'simulation:control' && endpoint.controlLock !== false && endpoint.method !== 'get')
    statuses.add(409)
  return [...statuses].sort((a, b) => a - b)
}

const isSchema = (answer: EndpointResponse | z.ZodType): answer is z.ZodType => answer instanceof z.ZodType

function successResponses(endpoint: Endpoint): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {}
  for (const [status, answer] of Object.entries(endpoint.responses)) {
    const { description, schema, contentType } = isSchema(answer)
      ? { description: 'OK', schema: answer, contentType: 'application/json' }
      : { contentType: 'application/json', ...answer }
    responses[status as `2${string}`] =
      schema || status !== '204'
        ? { description, content: { [contentType]: schema ? { schema } : { schema: { type: 'string' } } } }
        : { description }
  }
  return responses
}

/** Who holds a permission: the roles and token scopes that grant it (docs/api.md "Roles, permissions and token scopes"). */
function grantedBy(permission: Permission) {
  return {
    roles: roles.filter((role) => rolePermissions[role].includes(permission)),
    scopes: tokenScopes.filter((scope) => scopePermissions[scope].includes(permission)),
  }
}

/** Security requirements: any credential for public routes; bearer, or cookie (+ CSRF header on writes). */
function security(endpoint: Endpoint) {
  const needs = endpoint.access === 'public' || endpoint.access === 'signed-in' ? [] : [endpoint.access]
  const cookie = endpoint.method === 'get' ? { sessionCookie: needs } : { sessionCookie: needs, csrfToken: needs }
  const credentials = [{ bearerToken: needs }, cookie]
  return endpoint.access === 'public' ? [{}, ...credentials] : credentials
}

function accessText(endpoint: Endpoint): string {
  if (endpoint.access === 'public') return 'Open to anyone (credentials, when sent, must be valid).'
  if (endpoint.access === 'signed-in') return 'Any valid session or token.'
  const { roles: granted, scopes } = grantedBy(endpoint.access)
  const lock =
    endpoint.access === 'simulation:control' && endpoint.controlLock !== false && endpoint.method !== 'get'
      ? ' Takes or needs the control lock.'
      : ''
  const reauth = endpoint.reauth ? ' Cookie sessions need a recent password entry (POST /api/v1/auth/reauth).' : ''
  return `Permission \`${endpoint.access}\` (roles: ${granted.join(', ')}; token scopes: ${scopes.join(', ')}).${lock}${reauth}`
}

/** A mount's own body limit (docs/api.md "Errors": 413 above it). */
const bodyLimitText = (description: RouteDescription, endpoint: Endpoint) =>
  endpoint.body && description.bodyLimitBytes ? `Bodies up to ${description.bodyLimitBytes / 1024} KiB.` : undefined

/** The OpenAPI operation of one described endpoint, with x- fields naming its access rule. */
export function operationOf(description: RouteDescription, key: string, endpoint: Endpoint): ZodOpenApiOperationObject {
  const errors = Object.fromEntries(
    [...errorStatuses(endpoint), 'default' as const].map((status) => [
      status,
      { $ref: `#/components/responses/${errorResponses[status][0]}` },
    ]),
  )
  const permission = endpoint.access === 'public' || endpoint.access === 'signed-in' ? undefined : endpoint.access
  return {
    operationId: `${description.name}.${key}`,
    summary: endpoint.summary,
    description: [endpoint.description, bodyLimitText(description, endpoint), accessText(endpoint)]
      .filter(Boolean)
      .join('\n\n'),
    tags: [description.tag],
    security: security(endpoint),
    ...(endpoint.params || endpoint.query
      ? {
          requestParams: {
            ...(endpoint.params ? { path: endpoint.params } : {}),
            ...(endpoint.query ? { query: endpoint.query as z.ZodObject } : {}),
          },
        }
      : {}),
    ...(endpoint.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: endpoint.body } } } }
      : {}),
    responses: { ...successResponses(endpoint), ...errors },
    'x-access': endpoint.access,
    ...(permission ? { 'x-roles': grantedBy(permission).roles, 'x-token-scopes': grantedBy(permission).scopes } : {}),
    ...(endpoint.reauth ? { 'x-reauth': true } : {}),
  }
}
