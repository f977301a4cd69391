import { healthDetailSchema } from '../contract/health.js'
import { describeRoutes, type Endpoint } from '../auth/route-description.js'

const health: Endpoint = {
  method: 'get',
  path: '/',
  summary:
    'ok or degraded, version, uptime; components for signed-in callers, the secrets backend for security readers',
  access: 'public',
  responses: { 200: healthDetailSchema },
}

/** `GET /api/v1/health`: the one route the app itself serves under /api/v1. */
export const healthApi = describeRoutes({ name: 'health', mount: '/health', tag: 'Health', endpoints: { health } })

/** The reference API's health alias (docs/api.md "Reference API compatibility"). */
export const compatHealthApi = describeRoutes({
  name: 'referenceHealth',
  mount: '/health',
  at: 'root',
  tag: 'Reference API aliases',
  endpoints: { health: { ...health, summary: 'Same as GET /api/v1/health' } },
})

/** The first-run hint the station prints names /setup; the UI shows its setup form on any page. */
export const setupPageApi = describeRoutes({
  name: 'setupPage',
  mount: '/setup',
  at: 'root',
  tag: 'Operator UI',
  endpoints: {
    page: {
      method: 'get',
      path: '/',
      summary: "The operator UI's page, which offers the first-admin setup form",
      access: 'public',
      responses: { 200: { description: 'the UI', contentType: 'text/html' } },
    },
  },
})
