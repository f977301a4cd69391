import type { Response } from 'express'
import type { Permission } from '../contract/access.js'

/**
 * What transport knows of a caller: the principal access control resolved from a session cookie or an
 * API token (docs/architecture-auth.md "The ports"). The chain keeps it in `res.locals.principal`, where the
 * routes' own reader finds it.
 */
export type Caller = {
  kind: 'session' | 'token'
  /** Stable per credential: the rate limit's key. */
  key: string
  /** What the audit log shows. */
  name: string
  permissions: ReadonlySet<Permission>
}

/** The caller the chain resolved for this request, if any. */
export function callerOf(res: Response): Caller | undefined {
  return res.locals['principal'] as Caller | undefined
}

/** Records the resolved caller for the rest of the chain and the routes. */
export function setCaller(res: Response, caller: Caller): void {
  res.locals['principal'] = caller
}
