import type { Router } from 'express'
import { seriesFitRequestSchema } from '../contract/twin-series-fit.js'
import { principalOf, type AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import { auditedBy } from '../auth/route-audit.js'
import { describedRouter } from '../auth/route-description.js'
import {
  fitRequestSchema,
  profileApplySchema,
  profileInputSchema,
  profileNameParamsSchema,
  twinReplaySchema,
  twinSeriesQuerySchema,
  twinStartSchema,
  whatIfRequestSchema,
} from '../contract/twin.js'
import { AppError } from '../errors.js'
import { RunConfigError } from '../sim/run-config.js'
import { parseBody, parseParams, parseQuery } from '../validation.js'
import { parameterList } from './fit/parameter-info.js'
import { twinApi } from './routes-description.js'
import type { TwinService } from './service.js'

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
 * profile changes the run config and does (twinApi).
 */
export function createTwinRouter(deps: {
  service: TwinService
  guard: AccessGuard
  audit: Pick<AuditLog, 'record'>
}): Router {
  const { service, guard } = deps
  const audit = auditedBy(deps.audit)
  return describedRouter(twinApi, guard, {
    status: (_req, res) => {
      res.set('Cache-Control', 'no-store').json(service.twin.status())
    },
    series: (req, res) => {
      const { cell, points } = parseQuery(twinSeriesQuerySchema, req)
      res.set('Cache-Control', 'no-store').json(service.twin.series(cell, points))
    },
    parameters: (_req, res) => {
      res.json({ parameters: parameterList() })
    },
    fit: async (req, res) => {
      res.json(await service.fit(parseBody(fitRequestSchema, req)))
    },
    fitSeries: async (req, res) => {
      res.json(await service.fitSeries(parseBody(seriesFitRequestSchema, req)))
    },
    start: (req, res) => {
      const request = parseBody(twinStartSchema, req)
      service.start(request)
      audit(res, { action: 'twin.start', target: 'twin', details: { model: request.model, bandV: request.bandV } })
      res.json(service.twin.status())
    },
    stop: (_req, res) => {
      service.stop()
      audit(res, { action: 'twin.stop', target: 'twin' })
      res.json(service.twin.status())
    },
    replay: async (req, res) => {
      res.json(await service.replay(parseBody(twinReplaySchema, req)))
    },
    whatIf: async (req, res) => {
      res.json(await service.whatIf(parseBody(whatIfRequestSchema, req)))
    },
    profiles: (_req, res) => {
      res.json({ profiles: service.profiles.list() })
    },
    profile: (req, res) => {
      res.json(service.profiles.get(parseParams(profileNameParamsSchema, req).name))
    },
    saveProfile: (req, res) => {
      const { name } = parseParams(profileNameParamsSchema, req)
      const input = parseBody(profileInputSchema, req)
      const { profile, created } = service.profiles.put(name, input, principalOf(res)?.name ?? null)
      audit(res, { action: 'twin.profile.save', target: name })
      res.status(created ? 201 : 200).json(profile)
    },
    deleteProfile: (req, res) => {
      const { name } = parseParams(profileNameParamsSchema, req)
      service.profiles.delete(name)
      audit(res, { action: 'twin.profile.delete', target: name })
      res.status(204).end()
    },
    applyProfile: (req, res) => {
      const { name } = parseParams(profileNameParamsSchema, req)
      const { cells } = parseBody(profileApplySchema, req)
      const applied = engineInput(() => service.applyProfile(name, cells))
      audit(res, { action: 'twin.profile.apply', target: name, details: { cells: cells ?? 'all' } })
      res.json(applied)
    },
  })
}
