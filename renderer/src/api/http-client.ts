import type { z } from 'zod'
import { errorBodySchema, type ErrorCode } from '../../../server/contract/errors'
import { isHazardous } from './hazardous-routes'

/** One problem with one field, as the station's validation reports it (`details.issues`). */
export type FieldIssue = { path: string; message: string }

/** A refused or failed request, carrying the station's own reason so the UI can show it verbatim. */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network' | 'bad_response' | 'cancelled',
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly details: unknown = undefined,
  ) {
    super(message)
  }
}

/** The station refused a hazardous action until the signed-in user enters their password again. */
export function needsReauth(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 403 &&
    typeof error.details === 'object' &&
    error.details !== null &&
    'reauthRequired' in error.details &&
    error.details.reauthRequired === true
  )
}

/** The operator-facing reason: the message plus every field the station named. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
  const fields = error.issues
    .filter((issue) => !error.message.includes(issue.message))
    .map((issue) => `${issue.path || '(body)'}: ${issue.message}`)
  return [error.message, ...fields].join('; ')
}

function issuesOf(details: unknown): FieldIssue[] {
  if (typeof details !== 'object' || details === null || !('issues' in details) || !Array.isArray(details.issues))
    return []
  return details.issues.flatMap((issue: unknown) =>
    typeof issue === 'object' && issue !== null && 'message' in issue && typeof issue.message === 'string'
      ? [{ path: 'path' in issue && typeof issue.path === 'string' ? issue.path : '', message: issue.message }]
      : [],
  )
}

export type HttpClientOptions = {
  /** Prefix of every path; the page's own origin by default (the UI is served by the station). */
  baseUrl?: string
  fetch?: typeof fetch
  /** Header value for cookie-authenticated writes, once the access API hands one out. */
  csrfToken?: () => string | undefined
  /**
   * Asked before a hazardous request (hazardous-routes.ts): resolves false when the user declines
   * to confirm their password, and the request is not sent.
   */
  beforeHazardous?: () => Promise<boolean>
}

export type HttpClient = {
  /** Sends a request and validates the answer with `schema`; a 204 answer yields undefined. */
  request<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.infer<S>>
  /** Sends a request whose answer carries nothing the caller needs (204 or ignored body). */
  send(method: string, path: string, body?: unknown): Promise<void>
  /** Reads a file the station serves (a CSV export): the body as a blob, for `downloadBlob`. */
  blob(path: string): Promise<Blob>
}

/** The one place the renderer calls fetch: JSON in, contract-validated JSON out, one error type. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const baseUrl = options.baseUrl ?? ''
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init))

  async function call(method: string, path: string, body: unknown): Promise<Response> {
    if (options.beforeHazardous && isHazardous(method, path) && !(await options.beforeHazardous()))
      throw new ApiError(0, 'cancelled', 'cancelled: the password was not confirmed')
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const csrf = method === 'GET' ? undefined : options.csrfToken?.()
    if (csrf) headers['x-csrf-token'] = csrf
    let response: Response
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    } catch (error) {
      throw new ApiError(
        0,
        'network',
        `station unreachable (${error instanceof Error ? error.message : String(error)})`,
      )
    }
    if (response.ok) return response
    const parsed = errorBodySchema.safeParse(await response.json().catch(() => undefined))
    if (!parsed.success)
      throw new ApiError(response.status, 'bad_response', `HTTP ${response.status} ${response.statusText}`.trim())
    const { code, message, details } = parsed.data.error
    throw new ApiError(response.status, code, message, issuesOf(details), details)
  }

  return {
    async request(method, path, schema, body) {
      const response = await call(method, path, body)
      const json: unknown = response.status === 204 ? undefined : await response.json()
      const parsed = schema.safeParse(json)
      if (!parsed.success)
        throw new ApiError(
          response.status,
          'bad_response',
          `unexpected answer from ${method} ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        )
      return parsed.data
    },
    async send(method, path, body) {
      await call(method, path, body)
    },
    async blob(path) {
      return (await call('GET', path, undefined)).blob()
    },
  }
}
