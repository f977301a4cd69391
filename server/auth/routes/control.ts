import { Router } from 'express'
import { principalOf, type AccessGuard } from '../access-guard.js'
import type { AuditLog } from '../audit.js'
import type { ControlLockService } from '../control-lock.js'

export type ControlRoutesDeps = {
  guard: Pick<AccessGuard, 'require'>
  controlLock: Pick<ControlLockService, 'state' | 'acquire' | 'release' | 'request' | 'break'>
  audit: Pick<AuditLog, 'record'>
}

/** `/api/v1/control`: the exclusive simulation control lock (who holds it, acquire, release, request, admin break). */
export function createControlRouter(deps: ControlRoutesDeps): Router {
  const { guard, audit } = deps
  const lock = deps.controlLock
  // These routes manage the lock itself, so the guard must not apply the lock rule to them.
  const control = guard.require('simulation:control', { controlLock: false })
  const router = Router()

  router.get('/', guard.require('simulation:read'), (_req, res) => {
    res.set('Cache-Control', 'no-store').json(lock.state(principalOf(res)))
  })
  router.post('/acquire', control, (req, res) => {
    lock.acquire(principalOf(res)!)
    audit.record({ actor: principalOf(res)!.name, action: 'control.acquire', ip: req.ip })
    res.locals['audited'] = true
    res.json(lock.state(principalOf(res)))
  })
  router.post('/release', control, (req, res) => {
    lock.release(principalOf(res)!)
    audit.record({ actor: principalOf(res)!.name, action: 'control.release', ip: req.ip })
    res.locals['audited'] = true
    res.json(lock.state(principalOf(res)))
  })
  router.post('/request', control, (_req, res) => {
    lock.request(principalOf(res)!)
    res.locals['audited'] = true
    res.json(lock.state(principalOf(res)))
  })
  router.post('/break', guard.require('security:manage'), (req, res) => {
    const previous = lock.break()
    audit.record({
      actor: principalOf(res)!.name,
      action: 'control.break',
      ip: req.ip,
      ...(previous ? { target: previous } : {}),
    })
    res.locals['audited'] = true
    res.json(lock.state(principalOf(res)))
  })
  return router
}
