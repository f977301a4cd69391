import type { Response, Router } from 'express'
import { principalOf, type AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import {
  actuatorWriteRequestSchema,
  actuatorWriteResultSchema,
  controlIdParamsSchema,
  controlStatusSchema,
  interlockStatusSchema,
  setpointRequestSchema,
  type ActuatorWriteResult,
  type ControlStatus,
} from '../contract/control.js'
import { AppError } from '../errors.js'
import { controllerConfigSchema } from '../sim/control/controller-config.js'
import { parseBody, parseParams } from '../validation.js'
import type { StackControl } from './stack-control.js'

export type ControlRoutesPort = {
  status(): ControlStatus
  stack: Pick<StackControl, 'setController' | 'setSubstrateTarget' | 'writeActuator'>
  /** Undefined for an interlock that is not configured. */
  acknowledge(id: string, by: string): ControlStatus['interlocks'][number] | undefined
}

export const stackApi = describeRoutes({
  name: 'stack',
  mount: '/stack',
  tag: 'Stack control',
  endpoints: {
    status: {
      method: 'get',
      path: '/',
      summary: 'The actuators with their read-back, the controller and the interlocks',
      access: 'instruments:read',
      responses: { 200: controlStatusSchema },
    },
    controller: {
      method: 'put',
      path: '/controller',
      summary: "Switch the stack's controller (a run's `controller` section); audited",
      description: 'Answered 400 naming the field, or why the stack cannot run that controller.',
      access: 'instruments:operate',
      body: controllerConfigSchema,
      responses: { 200: controlStatusSchema.shape.controller },
    },
    setpoint: {
      method: 'put',
      path: '/setpoint',
      summary: 'Set the substrate target of the feed controller; audited',
      description: 'Answered 409 on a simulated stack.',
      access: 'instruments:operate',
      body: setpointRequestSchema,
      responses: { 200: setpointRequestSchema },
      errors: [409],
    },
    writeActuator: {
      method: 'put',
      path: '/actuators/:id',
      summary: 'Write one actuator by hand (clamped, snapped); audited',
      description: 'Answered 409 unless the controller is fixed, 503 when the write failed after its retries.',
      access: 'instruments:operate',
      params: controlIdParamsSchema,
      body: actuatorWriteRequestSchema,
      responses: { 200: actuatorWriteResultSchema },
      errors: [409, 503],
    },
    acknowledge: {
      method: 'post',
      path: '/interlocks/:id/acknowledge',
      summary: 'Acknowledge a cleared interlock so the stack resumes; audited',
      description: 'Answered 409 while the interlock is armed (nothing to acknowledge).',
      access: 'instruments:operate',
      params: controlIdParamsSchema,
      responses: { 200: interlockStatusSchema },
      errors: [409],
    },
  },
})

const actor = (res: Response) => principalOf(res)?.name ?? 'unknown'

/**
 * `/api/v1/stack` (docs/control.md "API"): the actuators, the controller and the interlocks; switching the
 * controller, the setpoint, a manual write and acknowledging an interlock, each audited with who did it.
 */
export function createControlRouter(deps: { control: ControlRoutesPort; guard: AccessGuard }): Router {
  const { control, guard } = deps
  return describedRouter(stackApi, guard, {
    status: (_req, res) => {
      res.set('Cache-Control', 'no-store').json(control.status())
    },
    controller: (req, res) => {
      // The stack validates the body itself: it also checks the controller against its actuators.
      control.stack.setController(req.body ?? {}, actor(res))
      res.locals['audited'] = true
      res.json(control.status().controller)
    },
    setpoint: (req, res) => {
      const { substrateTargetMgL } = parseBody(setpointRequestSchema, req)
      control.stack.setSubstrateTarget(substrateTargetMgL, actor(res))
      res.locals['audited'] = true
      res.json({ substrateTargetMgL })
    },
    writeActuator: async (req, res) => {
      const { id } = parseParams(controlIdParamsSchema, req)
      const { value } = parseBody(actuatorWriteRequestSchema, req)
      const written = await control.stack.writeActuator(id, value, actor(res))
      res.locals['audited'] = true
      const actuator = control.status().actuators.find((a) => a.id === id)
      if (actuator?.state === 'failed')
        throw new AppError('unavailable', `${id}: ${actuator.lastError ?? 'write failed'}`)
      res.json({ id, requested: value, written } satisfies ActuatorWriteResult)
    },
    acknowledge: (req, res) => {
      const { id } = parseParams(controlIdParamsSchema, req)
      const interlock = control.acknowledge(id, actor(res))
      if (!interlock) throw new AppError('not_found', `no interlock "${id}" guards this stack`)
      res.locals['audited'] = true
      res.json(interlock)
    },
  })
}
