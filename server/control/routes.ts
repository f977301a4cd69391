import { Router } from 'express'
import { principalOf, type AccessGuard } from '../auth/access-guard.js'
import {
  actuatorWriteRequestSchema,
  controlIdParamsSchema,
  setpointRequestSchema,
  type ControlStatus,
} from '../contract/control.js'
import { AppError } from '../errors.js'
import { parseBody, parseParams } from '../validation.js'
import type { StackControl } from './stack-control.js'

export type ControlRoutesPort = {
  status(): ControlStatus
  stack: Pick<StackControl, 'setController' | 'setSubstrateTarget' | 'writeActuator'>
  /** Undefined for an interlock that is not configured. */
  acknowledge(id: string, by: string): ControlStatus['interlocks'][number] | undefined
}

/**
 * `/api/v1/stack` (docs/control.md "API"): the actuators, the controller and the interlocks; switching the
 * controller, the setpoint, a manual write and acknowledging an interlock, each audited with who did it.
 */
export function createControlRouter(deps: { control: ControlRoutesPort; guard: AccessGuard }): Router {
  const { control, guard } = deps
  const operate = guard.require('instruments:operate')
  const actor = (res: Parameters<typeof principalOf>[0]) => principalOf(res)?.name ?? 'unknown'
  const router = Router()
  router.get('/', guard.require('instruments:read'), (_req, res) => {
    res.set('Cache-Control', 'no-store').json(control.status())
  })
  router.put('/controller', operate, (req, res) => {
    control.stack.setController(req.body ?? {}, actor(res))
    res.locals['audited'] = true
    res.json(control.status().controller)
  })
  router.put('/setpoint', operate, (req, res) => {
    const { substrateTargetMgL } = parseBody(setpointRequestSchema, req)
    control.stack.setSubstrateTarget(substrateTargetMgL, actor(res))
    res.locals['audited'] = true
    res.json({ substrateTargetMgL })
  })
  router.put('/actuators/:id', operate, async (req, res) => {
    const { id } = parseParams(controlIdParamsSchema, req)
    const { value } = parseBody(actuatorWriteRequestSchema, req)
    const written = await control.stack.writeActuator(id, value, actor(res))
    res.locals['audited'] = true
    const actuator = control.status().actuators.find((a) => a.id === id)
    if (actuator?.state === 'failed')
      throw new AppError('unavailable', `${id}: ${actuator.lastError ?? 'write failed'}`)
    res.json({ id, requested: value, written })
  })
  router.post('/interlocks/:id/acknowledge', operate, (req, res) => {
    const { id } = parseParams(controlIdParamsSchema, req)
    const interlock = control.acknowledge(id, actor(res))
    if (!interlock) throw new AppError('not_found', `no interlock "${id}" guards this stack`)
    res.locals['audited'] = true
    res.json(interlock)
  })
  return router
}
