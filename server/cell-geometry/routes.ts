import type { Router } from 'express'
import { principalOf, type AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import { auditedBy } from '../auth/route-audit.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import { cellGeometryEditSchema, runCellGeometrySchema } from '../contract/cell-geometry.js'
import { runIdParamsSchema, type RunDetail } from '../contract/telemetry.js'
import { AppError } from '../errors.js'
import { parseBody, parseParams } from '../validation.js'
import type { GeometryEditStore } from './store.js'
import { geometryView } from './view.js'

export const cellGeometryApi = describeRoutes({
  name: 'cellGeometry',
  mount: '/runs',
  tag: 'Runs and history',
  endpoints: {
    get: {
      method: 'get',
      path: '/:runId/geometry',
      summary:
        "A run's anode area (cm²) and volume (L) per cell, each with where it came from: config, edited, simulation (docs/lab-metrics.md)",
      access: 'telemetry:read',
      params: runIdParamsSchema,
      responses: { 200: runCellGeometrySchema },
      errors: [404],
    },
    put: {
      method: 'put',
      path: '/:runId/geometry',
      summary:
        "Edit a hardware run's anode area and volume per cell (audited); the recorded frames stay as they are. 409 for a simulated run",
      access: 'simulation:control',
      params: runIdParamsSchema,
      body: cellGeometryEditSchema,
      responses: { 200: runCellGeometrySchema },
      errors: [404, 409],
    },
  },
})

type Change = { cell: number; key: 'anodeAreaCm2' | 'anodeVolumeL'; from: number | null; to: number }

/** `GET` and `PUT /api/v1/runs/:runId/geometry`. */
export function createCellGeometryRouter(deps: {
  runs: { run(runId: string): RunDetail }
  edits: GeometryEditStore
  guard: AccessGuard
  audit: Pick<AuditLog, 'record'>
  now: () => number
}): Router {
  return describedRouter(cellGeometryApi, deps.guard, {
    get: (req, res) => {
      const run = deps.runs.run(parseParams(runIdParamsSchema, req).runId)
      res.set('Cache-Control', 'no-store').json(geometryView(run, deps.edits.read(run.runId)))
    },
    put: (req, res) => {
      const run = deps.runs.run(parseParams(runIdParamsSchema, req).runId)
      const { cells } = parseBody(cellGeometryEditSchema, req)
      if (run.source !== 'hardware')
        throw new AppError('conflict', `run ${run.runId} is simulated: its cell geometry is its simulation parameters`)
      const outside = cells.filter((edit) => edit.cell > run.cells).map((edit) => edit.cell)
      if (outside.length > 0)
        throw new AppError('bad_request', `run ${run.runId} has cells 1 to ${run.cells}`, { cells: outside })
      const before = geometryView(run, deps.edits.read(run.runId))
      const changes: Change[] = cells.flatMap((edit) =>
        (['anodeAreaCm2', 'anodeVolumeL'] as const).flatMap((key) => {
          const to = edit[key]
          const from = before.cells[edit.cell - 1]?.[key].value ?? null
          return to === undefined || to === from ? [] : [{ cell: edit.cell, key, from, to }]
        }),
      )
      deps.edits.write(run.runId, cells, principalOf(res)?.name ?? 'unknown', deps.now())
      auditedBy(deps.audit)(res, { action: 'run.geometry', target: run.runId, details: { changes } })
      res.json(geometryView(run, deps.edits.read(run.runId)))
    },
  })
}
