import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes, mountOf } from '../auth/route-description.js'
import { simulationStatusSchema } from '../contract/simulation.js'
import type { RouteMount } from '../module.js'
import type { SimulationService } from './service.js'
import { auditedBy } from '../auth/route-audit.js'
import type { SimulationAudit } from './audited.js'

const tag = 'Reference API aliases'

export const compatSimulationApi = describeRoutes({
  name: 'referenceSimulation',
  mount: '/simulation',
  at: 'root',
  tag,
  endpoints: {
    status: {
      method: 'get',
      path: '/status',
      summary: 'Same as GET /api/v1/simulation',
      access: 'simulation:read',
      responses: { 200: simulationStatusSchema },
    },
    start: {
      method: 'post',
      path: '/start',
      summary: 'Same as POST /api/v1/simulation/start',
      access: 'simulation:control',
      responses: { 200: simulationStatusSchema },
    },
    stop: {
      method: 'post',
      path: '/stop',
      summary: 'Same as POST /api/v1/simulation/stop',
      access: 'simulation:control',
      reauth: true,
      responses: { 200: simulationStatusSchema },
    },
  },
})

/**
 * The reference MFC monitoring API's paths (docs/api.md "Reference API compatibility"): `GET /simulation/status`,
 * `POST /simulation/start`, `POST /simulation/stop`, answered by the same services and rules as
 * /api/v1 (`GET /health`, `GET /metrics/performance` and `GET /data/latest`, which answers whatever
 * the source, live with theirs).
 */
export function createCompatRouters(deps: {
  simulation: SimulationService
  guard: AccessGuard
  audit: SimulationAudit
}): RouteMount[] {
  const { simulation, guard } = deps
  const audited = auditedBy(deps.audit)
  const simulationRoutes = describedRouter(compatSimulationApi, guard, {
    status: (_req, res) => {
      res.json(simulation.status())
    },
    start: (_req, res) => {
      const status = simulation.start()
      audited(res, { action: 'run.start', target: status.runId, details: { state: status.state } })
      res.json(status)
    },
    stop: (_req, res) => {
      const status = simulation.stop()
      audited(res, { action: 'run.stop', target: status.runId, details: { state: status.state } })
      res.json(status)
    },
  })
  return [mountOf(compatSimulationApi, simulationRoutes)]
}
