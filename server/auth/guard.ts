import type { RequestHandler } from 'express'
import type { Clock } from '../clock.js'
import type { ControlLockService } from './control-lock.js'
import {
  HAZARDOUS,
  principalOf,
  ROUTE_RULE,
  type AccessGuard,
  type RouteRule,
  type RuleHandler,
} from './access-guard.js'
import { AppError } from '../errors.js'

const tagged = (rule: RouteRule, handler: RuleHandler): RuleHandler => Object.assign(handler, { [ROUTE_RULE]: rule })

/** The real AccessGuard: principal (resolved earlier in the chain) -> permission check, control lock, re-auth. */
export function createAccessGuard(deps: {
  controlLock: Pick<ControlLockService, 'ensureHeldBy'>
  clock: Pick<Clock, 'now'>
  reauthMs: number
}): AccessGuard {
  return {
    require(permission, options = {}) {
      const lock = permission === 'simulation:control' && options.controlLock !== false
      return tagged({ kind: 'permission', permission }, (req, res, next) => {
        const principal = principalOf(res)
        if (!principal) return next(new AppError('unauthorized', 'sign in or send a bearer token'))
        if (!principal.permissions.has(permission))
          return next(new AppError('forbidden', `this needs the "${permission}" permission`))
        // Exclusive control: a write takes the free lock or must already hold it (409 otherwise).
        if (lock && req.method !== 'GET' && req.method !== 'HEAD') deps.controlLock.ensureHeldBy(principal)
        next()
      })
    },
    signedIn: () =>
      tagged({ kind: 'signed-in' }, (_req, res, next) => {
        next(principalOf(res) ? undefined : new AppError('unauthorized', 'sign in or send a bearer token'))
      }),
    public: () => tagged({ kind: 'public' }, (_req, _res, next) => next()),
    recentAuth: () => Object.assign(hazardousCheck(deps), { [HAZARDOUS]: true as const }),
  }
}

/** The recentAuth() rule: a recent password entry for cookie sessions, the hazardous flag for tokens. */
function hazardousCheck(deps: { clock: Pick<Clock, 'now'>; reauthMs: number }): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res)
    // A token has no password to re-enter: it must have been created for hazardous actions.
    if (principal?.token)
      return next(
        principal.token.hazardous
          ? undefined
          : new AppError(
              'forbidden',
              'this token may not perform hazardous actions (create one with "hazardous": true)',
              {
                hazardousTokenRequired: true,
              },
            ),
      )
    const session = principal?.session
    // The desktop's local session has no password either: the person at the machine owns the station.
    if (!session || session.local || deps.clock.now() - session.reauthAt <= deps.reauthMs) return next()
    next(new AppError('forbidden', 'confirm your password first (POST /api/v1/auth/reauth)', { reauthRequired: true }))
  }
}
