import type { RequestHandler, Router } from 'express'
import { z } from 'zod'
import { configPatchResultSchema, faultCreatedSchema, runConfigViewSchema } from '../contract/run-config-view.js'
import {
  polarizationSweepSchema,
  runMetricsSchema,
  simulationStatusSchema,
  speedRequestSchema,
  sweepRequestSchema,
  type SimulationStatus,
} from '../contract/simulation.js'
import { telemetryFrameSchema } from '../contract/stream.js'
import { controllerConfigSchema } from '../sim/control/controller-config.js'
import { faultSchema } from '../sim/run-config-parts.js'
import { RunConfigError } from '../sim/run-config.js'
import type { SimulationService } from './service.js'
import { SweepBusyError } from './sweep-runner.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes, type Endpoint } from '../auth/route-description.js'
import { AppError } from '../errors.js'
import { parseBody, parseParams } from '../validation.js'
import { auditedBy } from '../auth/route-audit.js'
import { controllerDetails, type SimulationAudit } from './audited.js'

/** Runs an engine command; an invalid configuration becomes a 400 naming every bad field. */
function engineCommand<T>(command: () => T): T {
  try {
    return command()
  } catch (error) {
    if (error instanceof RunConfigError) throw new AppError('bad_request', error.message, { issues: error.issues })
    throw error
  }
}

const faultIdSchema = z.object({ id: z.coerce.number().int().nonnegative() })

/** A fault as the API takes it: the engine starts one without `atS` at once (atS 0), so it is optional here. */
const faultRequestSchema = faultSchema.meta({
  override: ({ jsonSchema }: { jsonSchema: { oneOf?: Array<{ required?: string[] }> } }) => {
    for (const option of jsonSchema.oneOf ?? []) option.required = option.required?.filter((key) => key !== 'atS')
  },
})

const read = 'simulation:read'
const control = 'simulation:control'
const noFrameYet = 'the current run has produced no frame yet'

/** A run command: the new status. Ending or resetting a run needs a recent password entry (issue 4). */
const runCommand = (path: string, summary: string, reauth = false): Endpoint => ({
  method: 'post',
  path,
  summary,
  access: control,
  ...(reauth ? { reauth } : {}),
  responses: { 200: simulationStatusSchema },
})

export const simulationApi = describeRoutes({
  name: 'simulation',
  mount: '/simulation',
  tag: 'Simulation',
  endpoints: {
    status: { method: 'get', path: '/', summary: 'The run', access: read, responses: { 200: simulationStatusSchema } },
    config: {
      method: 'get',
      path: '/config',
      summary: 'The validated run configuration (the pending one while restartRequired)',
      access: read,
      responses: { 200: runConfigViewSchema },
    },
    metrics: {
      method: 'get',
      path: '/metrics',
      summary: 'Control-quality metrics of the run',
      access: read,
      responses: { 200: runMetricsSchema },
    },
    latest: {
      method: 'get',
      path: '/latest',
      summary: `The newest telemetry frame (404 while ${noFrameYet})`,
      access: read,
      responses: { 200: telemetryFrameSchema },
      errors: [404],
    },
    start: runCommand('/start', 'Start the run (a finished or stopped run starts over with a new runId)'),
    pause: runCommand('/pause', 'Pause the run'),
    resume: runCommand('/resume', 'Resume a paused run'),
    stop: runCommand('/stop', 'Stop the run', true),
    reset: runCommand('/reset', 'Reset the run to its configuration (a new runId)', true),
    configure: {
      method: 'patch',
      path: '/config',
      summary: 'Deep-merge a partial run configuration; structural changes wait for the next reset',
      description: 'The whole merged document is validated: every bad field is in details.issues, nothing changes.',
      access: control,
      body: z.record(z.string(), z.unknown()),
      responses: { 200: configPatchResultSchema },
    },
    controller: {
      method: 'put',
      path: '/controller',
      summary: 'Switch the controller (fixed, pid, mppt, qlearning) with its settings',
      access: control,
      body: controllerConfigSchema,
      responses: { 200: simulationStatusSchema },
    },
    speed: {
      method: 'put',
      path: '/speed',
      summary: 'Simulated seconds per wall second and/or the output rate (at most 50 Hz)',
      access: control,
      body: speedRequestSchema,
      responses: { 200: simulationStatusSchema },
    },
    injectFault: {
      method: 'post',
      path: '/faults',
      summary: 'Inject a fault (atS defaults to the start of the run: at once)',
      access: control,
      reauth: true,
      body: faultRequestSchema,
      responses: { 201: faultCreatedSchema },
    },
    clearFault: {
      method: 'delete',
      path: '/faults/:id',
      summary: 'Clear an active or pending fault',
      access: control,
      params: faultIdSchema,
      responses: { 204: { description: 'cleared' } },
    },
    // A sweep reads the model without changing the run: operators may sweep while another client holds control.
    sweep: {
      method: 'post',
      path: '/sweep',
      summary: 'A polarization sweep on a copy of the stack (never disturbs the run, needs no lock)',
      description: 'One sweep at a time: a second one while the first runs is a 409 conflict.',
      access: control,
      controlLock: false,
      body: sweepRequestSchema,
      responses: { 200: polarizationSweepSchema },
      errors: [409],
    },
  },
})

/**
 * `/api/v1/simulation`: status, run control, configuration, controller, faults, sweep, metrics. Every
 * control action is audited with who did it (docs/control.md "Audit").
 */
export function createSimulationRouter(deps: {
  simulation: SimulationService
  guard: AccessGuard
  audit: SimulationAudit
}): Router {
  const { simulation, guard } = deps
  const audited = auditedBy(deps.audit)
  const stateCommand =
    (name: string, run: () => SimulationStatus): RequestHandler =>
    (_req, res) => {
      const status = run()
      audited(res, { action: `run.${name}`, target: status.runId, details: { state: status.state } })
      res.json(status)
    }
  return describedRouter(simulationApi, guard, {
    status: (_req, res) => {
      res.json(simulation.status())
    },
    config: (_req, res) => {
      res.json(simulation.config())
    },
    metrics: (_req, res) => {
      res.json(simulation.metrics())
    },
    latest: (_req, res) => {
      const latest = simulation.latest()
      if (!latest) throw new AppError('not_found', noFrameYet)
      res.json(latest)
    },
    start: stateCommand('start', simulation.start),
    pause: stateCommand('pause', simulation.pause),
    resume: stateCommand('resume', simulation.resume),
    stop: stateCommand('stop', simulation.stop),
    reset: stateCommand('reset', simulation.reset),
    configure: (req, res) => {
      const patch = parseBody(z.record(z.string(), z.unknown()), req)
      const result = engineCommand(() => simulation.configure(patch))
      audited(res, { action: 'simulation.configure', target: Object.keys(patch).join(','), details: { patch } })
      res.json(result)
    },
    controller: (req, res) => {
      const body = parseBody(z.object({ kind: z.string() }).loose(), req)
      const status = engineCommand(() => simulation.setController(body))
      audited(res, { action: 'controller.switch', target: status.controller, details: controllerDetails(body) })
      res.json(status)
    },
    speed: (req, res) => {
      const request = parseBody(speedRequestSchema, req)
      const status = simulation.setSpeed(request)
      audited(res, { action: 'simulation.speed', target: status.runId, details: request })
      res.json(status)
    },
    injectFault: (req, res) => {
      const fault = parseBody(z.object({ kind: z.string() }).loose(), req)
      const id = engineCommand(() => simulation.injectFault(fault))
      audited(res, { action: 'fault.inject', target: fault.kind, details: { id, fault } })
      res.status(201).json({ id })
    },
    clearFault: (req, res) => {
      const { id } = parseParams(faultIdSchema, req)
      if (!simulation.clearFault(id)) throw new AppError('not_found', `no active fault ${id}`)
      audited(res, { action: 'fault.clear', target: String(id) })
      res.status(204).end()
    },
    sweep: async (req, res) => {
      const request = parseBody(sweepRequestSchema, req)
      try {
        res.json(await simulation.sweep(request))
      } catch (error) {
        if (error instanceof RunConfigError) throw new AppError('bad_request', error.message, { issues: error.issues })
        if (error instanceof SweepBusyError) throw new AppError('conflict', error.message)
        throw error
      }
    },
  })
}
