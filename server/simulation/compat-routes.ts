import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes, mountOf } from '../auth/route-description.js'
import { simulationStatusSchema } from '../contract/simulation.js'
import { telemetryFrameSchema } from '../contract/stream.js'
import { AppError } from '../errors.js'
import type { RouteMount } from '../module.js'
import type { SimulationService } from './service.js'

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

export const compatDataApi = describeRoutes({
  name: 'referenceData',
  mount: '/data',
  at: 'root',
  tag,
  endpoints: {
    latest: {
      method: 'get',
      path: '/latest',
      summary: 'Same as GET /api/v1/telemetry/latest',
      access: 'telemetry:read',
      responses: { 200: telemetryFrameSchema },
      errors: [404],
    },
  },
})

/**
 * The reference MFC monitoring API's paths (DESIGN.md "Compatibility"): `GET /simulation/status`,
 * `POST /simulation/start`, `POST /simulation/stop`, `GET /data/latest`, answered by the same
 * services and rules as /api/v1 (`GET /health` and `GET /metrics/performance` live with theirs).
 */
export function createCompatRouters(deps: { simulation: SimulationService; guard: AccessGuard }): RouteMount[] {
  const { simulation, guard } = deps
  const simulationRoutes = describedRouter(compatSimulationApi, guard, {
    status: (_req, res) => {
      res.json(simulation.status())
    },
    start: (_req, res) => {
      res.json(simulation.start())
    },
    stop: (_req, res) => {
      res.json(simulation.stop())
    },
  })
  const dataRoutes = describedRouter(compatDataApi, guard, {
    latest: (_req, res) => {
      const latest = simulation.latest()
      if (!latest) throw new AppError('not_found', 'the current run has produced no frame yet')
      res.json(latest)
    },
  })
  return [mountOf(compatSimulationApi, simulationRoutes), mountOf(compatDataApi, dataRoutes)]
}
