import type { Router } from 'express'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import { labMetricsSchema, type LabMetrics } from '../contract/lab-metrics.js'
import { runIdParamsSchema } from '../contract/telemetry.js'
import { parseParams } from '../validation.js'

const tag = 'Runs and history'

export const labMetricsApi = describeRoutes({
  name: 'labMetrics',
  mount: '/telemetry',
  tag,
  endpoints: {
    current: {
      method: 'get',
      path: '/metrics',
      summary:
        'Lab metrics of the current run per stack and cell: power density per anode area and volume, CE, COD removal, energy, mean power, R_int, tracking efficiency, methane (docs/lab-metrics.md)',
      access: 'telemetry:read',
      responses: { 200: labMetricsSchema },
    },
  },
})

export const runLabMetricsApi = describeRoutes({
  name: 'runLabMetrics',
  mount: '/runs',
  tag,
  endpoints: {
    run: {
      method: 'get',
      path: '/:runId/metrics',
      summary:
        'Lab metrics of a recorded run, as GET /api/v1/telemetry/metrics (model figures only for the current run)',
      access: 'telemetry:read',
      params: runIdParamsSchema,
      responses: { 200: labMetricsSchema },
      errors: [404],
    },
  },
})

/** `GET /api/v1/telemetry/metrics` and `GET /api/v1/runs/:runId/metrics`. */
export function createLabMetricsRouters(deps: { metricsOf: (runId?: string) => LabMetrics; guard: AccessGuard }): {
  current: Router
  run: Router
} {
  return {
    current: describedRouter(labMetricsApi, deps.guard, {
      current: (_req, res) => {
        res.set('Cache-Control', 'no-store').json(deps.metricsOf())
      },
    }),
    run: describedRouter(runLabMetricsApi, deps.guard, {
      run: (req, res) => {
        res.set('Cache-Control', 'no-store').json(deps.metricsOf(parseParams(runIdParamsSchema, req).runId))
      },
    }),
  }
}
