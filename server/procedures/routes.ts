import type { Response, Router } from 'express'
import { principalOf, type AccessGuard } from '../auth/access-guard.js'
import { describedRouter } from '../auth/route-description.js'
import {
  procedureIdParamsSchema,
  runSweepParamsSchema,
  type ProcedureProgress,
  type SavedProcedure,
  type StoredSweep,
} from '../contract/procedures.js'
import { runIdParamsSchema } from '../contract/telemetry.js'
import { AppError } from '../errors.js'
import { parseParams } from '../validation.js'
import { proceduresApi, runSweepsApi } from './routes-description.js'
import { sweepCsv } from './sweep-csv.js'

/** What the routes need of the procedures module; every change is audited there with who made it. */
export type ProceduresPort = {
  list(): SavedProcedure[]
  get(id: string): SavedProcedure | undefined
  save(id: string, body: unknown, by: string): { procedure: SavedProcedure; created: boolean }
  remove(id: string, by: string): void
  start(id: string, by: string): ProcedureProgress
  pause(by: string): ProcedureProgress
  resume(by: string): ProcedureProgress
  abort(by: string): Promise<ProcedureProgress>
  progress(): ProcedureProgress
  sweeps(runId: string): StoredSweep[]
  sweep(runId: string, id: number): StoredSweep | undefined
}

const actor = (res: Response) => principalOf(res)?.name ?? 'unknown'
const audited = (res: Response) => void (res.locals['audited'] = true)

export function createProceduresRouter(deps: { procedures: ProceduresPort; guard: AccessGuard }): Router {
  const { procedures } = deps
  const idOf = (req: Parameters<typeof parseParams>[1]) => parseParams(procedureIdParamsSchema, req).id
  return describedRouter(proceduresApi, deps.guard, {
    list: (_req, res) => void res.set('Cache-Control', 'no-store').json({ procedures: procedures.list() }),
    progress: (_req, res) => void res.set('Cache-Control', 'no-store').json(procedures.progress()),
    pause: (_req, res) => {
      const progress = procedures.pause(actor(res))
      audited(res)
      res.json(progress)
    },
    resume: (_req, res) => {
      const progress = procedures.resume(actor(res))
      audited(res)
      res.json(progress)
    },
    abort: async (_req, res) => {
      const progress = await procedures.abort(actor(res))
      audited(res)
      res.json(progress)
    },
    get: (req, res) => {
      const id = idOf(req)
      const procedure = procedures.get(id)
      if (!procedure) throw new AppError('not_found', `no procedure "${id}"`)
      res.json(procedure)
    },
    save: (req, res) => {
      const { procedure, created } = procedures.save(idOf(req), req.body ?? {}, actor(res))
      audited(res)
      res.status(created ? 201 : 200).json(procedure)
    },
    remove: (req, res) => {
      procedures.remove(idOf(req), actor(res))
      audited(res)
      res.status(204).end()
    },
    start: (req, res) => {
      const progress = procedures.start(idOf(req), actor(res))
      audited(res)
      res.json(progress)
    },
  })
}

export function createRunSweepsRouter(deps: { procedures: ProceduresPort; guard: AccessGuard }): Router {
  const { procedures } = deps
  return describedRouter(runSweepsApi, deps.guard, {
    list: (req, res) => {
      const { runId } = parseParams(runIdParamsSchema, req)
      res.set('Cache-Control', 'no-store').json({ sweeps: procedures.sweeps(runId) })
    },
    csv: (req, res) => {
      const { runId, sweepId } = parseParams(runSweepParamsSchema, req)
      const sweep = procedures.sweep(runId, sweepId)
      if (!sweep) throw new AppError('not_found', `run ${runId} has no sweep ${sweepId}`)
      res.set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="sweep-${sweepId}-${runId}.csv"`,
        'Cache-Control': 'no-store',
      })
      res.send(sweepCsv(sweep))
    },
  })
}
