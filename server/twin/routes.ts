import { Router, type Response } from 'express'
import { z } from 'zod'
import { principalOf, type AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import {
  fitRequestSchema,
  profileApplySchema,
  profileInputSchema,
  profileNameSchema,
  twinReplaySchema,
  twinStartSchema,
  whatIfRequestSchema,
} from '../contract/twin.js'
import { AppError } from '../errors.js'
import { RunConfigError } from '../sim/run-config.js'
import { parseBody, parseParams, parseQuery } from '../validation.js'
import { parameterList } from './fit/parameter-info.js'
import type { TwinService } from './service.js'

const nameParams = z.object({ name: profileNameSchema })
const seriesQuery = z
  .object({
    cell: z.coerce.number().int().min(0).max(1023).optional(),
    points: z.coerce.number().int().min(2).max(10_000).default(500),
  })
  .strict()

/** A run-config change the engine refuses is the caller's input: a 400 naming the field. */
function engineInput<T>(command: () => T): T {
  try {
    return command()
  } catch (error) {
    if (error instanceof RunConfigError) throw new AppError('bad_request', error.message, { issues: error.issues })
    throw error
  }
}

/**
 * `/api/v1/twin` (docs/api.md "Twin"): parameters, fit, cell profiles, the twin run with its series,
 * replay and what-if. Computations change nothing in the run, so they take no control lock; applying a
 * profile changes the run config and does.
 */
export function createTwinRouter(deps: {
  service: TwinService
  guard: AccessGuard
  audit: Pick<AuditLog, 'record'>
}): Router {
  const { service, guard } = deps
  const read = guard.require('simulation:read')
  const compute = guard.require('simulation:control', { controlLock: false })
  const router = Router()
  const audit = (res: Response, action: string, target: string, details?: Record<string, unknown>) => {
    deps.audit.record({ actor: principalOf(res)?.name ?? 'unknown', action, target, ...(details ? { details } : {}) })
    res.locals['audited'] = true
  }

  router.get('/', read, (_req, res) => {
    res.set('Cache-Control', 'no-store').json(service.twin.status())
  })
  router.get('/series', read, (req, res) => {
    const { cell, points } = parseQuery(seriesQuery, req)
    res.set('Cache-Control', 'no-store').json(service.twin.series(cell, points))
  })
  router.get('/parameters', read, (_req, res) => {
    res.json({ parameters: parameterList() })
  })
  router.post('/fit', compute, async (req, res) => {
    res.json(await service.fit(parseBody(fitRequestSchema, req)))
  })
  router.post('/start', compute, (req, res) => {
    const request = parseBody(twinStartSchema, req)
    service.start(request)
    audit(res, 'twin.start', 'twin', { model: request.model, bandV: request.bandV })
    res.json(service.twin.status())
  })
  router.post('/stop', compute, (_req, res) => {
    service.stop()
    audit(res, 'twin.stop', 'twin')
    res.json(service.twin.status())
  })
  router.post('/replay', compute, async (req, res) => {
    res.json(await service.replay(parseBody(twinReplaySchema, req)))
  })
  router.post('/what-if', compute, async (req, res) => {
    res.json(await service.whatIf(parseBody(whatIfRequestSchema, req)))
  })

  router.get('/profiles', read, (_req, res) => {
    res.json({ profiles: service.profiles.list() })
  })
  router.get('/profiles/:name', read, (req, res) => {
    res.json(service.profiles.get(parseParams(nameParams, req).name))
  })
  router.put('/profiles/:name', compute, (req, res) => {
    const { name } = parseParams(nameParams, req)
    const { profile, created } = service.profiles.put(
      name,
      parseBody(profileInputSchema, req),
      principalOf(res)?.name ?? null,
    )
    audit(res, 'twin.profile.save', name)
    res.status(created ? 201 : 200).json(profile)
  })
  router.delete('/profiles/:name', compute, (req, res) => {
    const { name } = parseParams(nameParams, req)
    service.profiles.delete(name)
    audit(res, 'twin.profile.delete', name)
    res.status(204).end()
  })
  router.post('/profiles/:name/apply', guard.require('simulation:control'), (req, res) => {
    const { name } = parseParams(nameParams, req)
    const { cells } = parseBody(profileApplySchema, req)
    const applied = engineInput(() => service.applyProfile(name, cells))
    audit(res, 'twin.profile.apply', name, { cells: cells ?? 'all' })
    res.json(applied)
  })
  return router
}
