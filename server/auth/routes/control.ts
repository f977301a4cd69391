import type { Router } from 'express'
import { controlLockSchema } from '../../contract/security.js'
import { principalOf, type AccessGuard } from '../access-guard.js'
import type { AuditLog } from '../audit.js'
import type { ControlLockService } from '../control-lock.js'
import { describedRouter, describeRoutes, type Endpoint } from '../route-description.js'

export type ControlRoutesDeps = {
  guard: Pick<AccessGuard, 'require' | 'signedIn' | 'public' | 'recentAuth'>
  controlLock: Pick<ControlLockService, 'state' | 'acquire' | 'release' | 'request' | 'break'>
  audit: Pick<AuditLog, 'record'>
}

/** A write on the lock itself: the guard must not apply the lock rule to it. */
const lockChange = (path: string, summary: string): Endpoint => ({
  method: 'post',
  path,
  summary,
  access: 'simulation:control',
  controlLock: false,
  responses: { 200: controlLockSchema },
})

export const controlApi = describeRoutes({
  name: 'control',
  mount: '/control',
  tag: 'Control lock',
  endpoints: {
    state: {
      method: 'get',
      path: '/',
      summary: 'Who holds the control lock, whether it is the caller, and the requests for it',
      access: 'simulation:read',
      responses: { 200: controlLockSchema },
    },
    acquire: { ...lockChange('/acquire', 'Take the free lock'), errors: [409] },
    release: { ...lockChange('/release', 'Give the lock back'), errors: [409] },
    request: lockChange('/request', 'Ask the holder for the lock (the last 10 requests are kept)'),
    break: {
      method: 'post',
      path: '/break',
      summary: 'Free the lock whoever holds it (audited with the previous holder)',
      access: 'security:manage',
      responses: { 200: controlLockSchema },
    },
  },
})

/** `/api/v1/control`: the exclusive simulation control lock (who holds it, acquire, release, request, admin break). */
export function createControlRouter(deps: ControlRoutesDeps): Router {
  const { guard, audit } = deps
  const lock = deps.controlLock
  return describedRouter(controlApi, guard, {
    state: (_req, res) => {
      res.set('Cache-Control', 'no-store').json(lock.state(principalOf(res)))
    },
    acquire: (req, res) => {
      lock.acquire(principalOf(res)!)
      audit.record({ actor: principalOf(res)!.name, action: 'control.acquire', ip: req.ip })
      res.locals['audited'] = true
      res.json(lock.state(principalOf(res)))
    },
    release: (req, res) => {
      lock.release(principalOf(res)!)
      audit.record({ actor: principalOf(res)!.name, action: 'control.release', ip: req.ip })
      res.locals['audited'] = true
      res.json(lock.state(principalOf(res)))
    },
    request: (_req, res) => {
      lock.request(principalOf(res)!)
      res.locals['audited'] = true
      res.json(lock.state(principalOf(res)))
    },
    break: (req, res) => {
      const previous = lock.break()
      audit.record({
        actor: principalOf(res)!.name,
        action: 'control.break',
        ip: req.ip,
        ...(previous ? { target: previous } : {}),
      })
      res.locals['audited'] = true
      res.json(lock.state(principalOf(res)))
    },
  })
}
