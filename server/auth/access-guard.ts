import type { RequestHandler, Response } from 'express'
import type { Permission } from '../contract/access.js'
import type { Principal } from './principal.js'

/**
 * Route factories receive this and put exactly one rule in front of every handler:
 * `guard.require(permission)`, `guard.signedIn()` or `guard.public()`. The route x role test fails
 * for a route without one.
 */
export type AccessGuard = {
  /** 401 without credentials, 403 without the permission. `simulation:control` writes also take/need the control lock. */
  require(permission: Permission, options?: { controlLock?: boolean }): RequestHandler
  /** Any valid session or token. */
  signedIn(): RequestHandler
  /** Deliberately open to anonymous callers (health, login, access requests). */
  public(): RequestHandler
  /**
   * Hazardous actions: cookie sessions must have entered their password within the last minutes (403,
   * details.reauthRequired); tokens must have been created with `hazardous: true` (403, details.hazardousTokenRequired).
   */
  recentAuth(): RequestHandler
}

/** The caller resolved by the chain (session cookie or bearer token), if any. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals['principal'] as Principal | undefined
}

/** The access rule a guard handler enforces; read by the route table (and its test). */
export type RouteRule = { kind: 'permission'; permission: Permission } | { kind: 'signed-in' } | { kind: 'public' }
export const ROUTE_RULE: unique symbol = Symbol('mfc.routeRule')
/** Marks the recentAuth() handler, so the route table can say which routes are hazardous. */
export const HAZARDOUS: unique symbol = Symbol('mfc.hazardous')
export type RuleHandler = RequestHandler & { [ROUTE_RULE]?: RouteRule; [HAZARDOUS]?: true }
