import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import { speedRequestSchema, sweepRequestSchema } from '../contract/simulation.js'
import { RunConfigError } from '../sim/run-config.js'
import type { SimulationService } from './service.js'
import { SweepBusyError } from './sweep-runner.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { AppError } from '../errors.js'
import { parseBody, parseParams } from '../validation.js'

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

/** `/api/v1/simulation`: status, run control, configuration, controller, faults, sweep, metrics. */
export function createSimulationRouter(deps: { simulation: SimulationService; guard: AccessGuard }): Router {
  const { simulation, guard } = deps
  const read = guard.require('simulation:read')
  const control = guard.require('simulation:control')
  // Hazardous (issue 4): ending or resetting a run and injecting faults need a recent password entry for cookie sessions.
  const hazardous = guard.recentAuth()
  const router = Router()

  const stateCommand =
    (run: () => unknown): RequestHandler =>
    (_req, res) => {
      res.json(run())
    }

  router.get('/', read, (_req, res) => {
    res.json(simulation.status())
  })
  router.get('/config', read, (_req, res) => {
    res.json(simulation.config())
  })
  router.get('/metrics', read, (_req, res) => {
    res.json(simulation.metrics())
  })
  router.get('/latest', read, (_req, res) => {
    const latest = simulation.latest()
    if (!latest) throw new AppError('not_found', 'the current run has produced no frame yet')
    res.json(latest)
  })

  router.post('/start', control, stateCommand(simulation.start))
  router.post('/pause', control, stateCommand(simulation.pause))
  router.post('/resume', control, stateCommand(simulation.resume))
  router.post('/stop', control, hazardous, stateCommand(simulation.stop))
  router.post('/reset', control, hazardous, stateCommand(simulation.reset))

  router.patch('/config', control, (req, res) => {
    res.json(engineCommand(() => simulation.configure(parseBody(z.record(z.string(), z.unknown()), req))))
  })
  router.put('/controller', control, (req, res) => {
    res.json(engineCommand(() => simulation.setController(parseBody(z.object({ kind: z.string() }).loose(), req))))
  })
  router.put('/speed', control, (req, res) => {
    res.json(simulation.setSpeed(parseBody(speedRequestSchema, req)))
  })
  router.post('/faults', control, hazardous, (req, res) => {
    const id = engineCommand(() => simulation.injectFault(parseBody(z.object({ kind: z.string() }).loose(), req)))
    res.status(201).json({ id })
  })
  router.delete('/faults/:id', control, (req, res) => {
    const { id } = parseParams(faultIdSchema, req)
    if (!simulation.clearFault(id)) throw new AppError('not_found', `no active fault ${id}`)
    res.status(204).end()
  })
  // A sweep reads the model without changing the run: operators may sweep while another client holds control.
  router.post('/sweep', guard.require('simulation:control', { controlLock: false }), async (req, res) => {
    const request = parseBody(sweepRequestSchema, req)
    try {
      res.json(await simulation.sweep(request))
    } catch (error) {
      if (error instanceof RunConfigError) throw new AppError('bad_request', error.message, { issues: error.issues })
      if (error instanceof SweepBusyError) throw new AppError('conflict', error.message)
      throw error
    }
  })
  return router
}
