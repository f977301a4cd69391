import { Router } from 'express'
import type { SimulationService } from './service.js'
import type { AccessGuard } from '../auth/access-guard.js'

/**
 * The reference MFC monitoring API's paths (docs/api.md "Reference API compatibility"): `GET /simulation/status`,
 * `POST /simulation/start`, `POST /simulation/stop`, answered by the same services and rules as
 * /api/v1 (`GET /health`, `GET /metrics/performance` and `GET /data/latest`, which answers whatever
 * the source, live with theirs).
 */
export function createCompatRouters(deps: {
  simulation: SimulationService
  guard: AccessGuard
}): Array<{ path: string; router: Router }> {
  const { simulation, guard } = deps
  const simulationRoutes = Router()
  simulationRoutes.get('/status', guard.require('simulation:read'), (_req, res) => {
    res.json(simulation.status())
  })
  simulationRoutes.post('/start', guard.require('simulation:control'), (_req, res) => {
    res.json(simulation.start())
  })
  simulationRoutes.post('/stop', guard.require('simulation:control'), guard.recentAuth(), (_req, res) => {
    res.json(simulation.stop())
  })
  return [{ path: '/simulation', router: simulationRoutes }]
}
