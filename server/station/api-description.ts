import { accessRequestsApi } from '../auth/routes/access-requests.js'
import { authApi } from '../auth/routes/auth.js'
import { controlApi } from '../auth/routes/control.js'
import { stackApi } from '../control/routes.js'
import { securityApi } from '../auth/routes/security.js'
import { tokensApi } from '../auth/routes/tokens.js'
import { usersApi } from '../auth/routes/users.js'
import type { RouteDescription } from '../auth/route-description.js'
import { alarmsApi } from '../alarms/routes.js'
import { eventsApi } from '../events/routes.js'
import { compatHealthApi, healthApi, setupPageApi } from '../http/app-routes.js'
import { ingestApi } from '../instruments/ingest-routes.js'
import { cellGeometryApi } from '../cell-geometry/routes.js'
import { labMetricsApi, runLabMetricsApi } from '../lab-metrics/routes.js'
import { instrumentsApi } from '../instruments/routes.js'
import { metricsApi } from '../metrics/routes.js'
import { openApiApi } from '../openapi/routes.js'
import { policiesApi, trainingApi } from '../policies/routes.js'
import { proceduresApi, runSweepsApi } from '../procedures/routes-description.js'
import { publishApi } from '../publish/routes.js'
import { exportApi } from '../recorder/export-routes.js'
import { runsApi } from '../recorder/runs-routes.js'
import { compatDataApi, telemetryApi } from '../recorder/telemetry-routes.js'
import { compatSimulationApi } from '../simulation/compat-routes.js'
import { simulationApi } from '../simulation/routes.js'
import { tlsApi } from '../tls/routes.js'
import { analysesApi, twinApi } from '../twin/routes-description.js'

/**
 * Every router the station serves, in the order of the reference page (docs/api.md "OpenAPI"). A router
 * missing here is served but undocumented: integration/api/openapi-coverage.test.ts fails naming it.
 */
export const stationApi: readonly RouteDescription[] = [
  healthApi,
  authApi,
  usersApi,
  tokensApi,
  accessRequestsApi,
  securityApi,
  controlApi,
  simulationApi,
  policiesApi,
  trainingApi,
  telemetryApi,
  labMetricsApi,
  runsApi,
  runLabMetricsApi,
  cellGeometryApi,
  exportApi,
  eventsApi,
  alarmsApi,
  instrumentsApi,
  ingestApi,
  stackApi,
  proceduresApi,
  runSweepsApi,
  twinApi,
  analysesApi,
  publishApi,
  tlsApi,
  openApiApi,
  compatHealthApi,
  compatSimulationApi,
  compatDataApi,
  metricsApi,
  setupPageApi,
]
