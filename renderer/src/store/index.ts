import { ASSUMED_REAUTH_WINDOW_MS } from '../api/hazardous-routes'
import { createAlarmsApi } from '../api/alarms-api'
import { createHttpClient, describeError } from '../api/http-client'
import { createPoliciesApi } from '../api/policies-api'
import { createSecurityApi } from '../api/security-api'
import { createSimulationApi } from '../api/simulation-api'
import { createStackApi } from '../api/stack-api'
import { createStationApi } from '../api/station-api'
import { createTelemetryApi } from '../api/telemetry-api'
import { createProceduresStore } from '../features/procedures/procedures-store'
import { createPublishingStore } from '../features/publishing/publishing-store'
import { createTwinApi } from '../features/twin/twin-api'
import { createGeometryApi } from '../features/lab-metrics/geometry-api'
import { createAnalysesApi } from '../features/analyses/analyses-api'
import type { Permission } from '../../../server/contract/access'
import { createAlarmsStore } from './alarms'
import { createAuthStore, needsPasswordFirst, selectCan } from './auth'
import { useEventLog, type LogKind } from './event-log'
import { createHistoryLoader } from './history'
import { createInterlocksStore } from './interlocks'
import { createPoliciesStore } from './policies'
import { reauthenticate } from './reauth'
import { createRunsStore } from './runs'
import { createLabMetricsStore } from './lab-metrics'
import { createRunHistoryStore } from './run-history'
import type { EventMessage } from '../../../server/contract/stream'
import { createSecurityStore } from './security'
import { createSimulationStore } from './simulation'
import { createTlsStore } from './tls'

/*
 * The app's wiring: one HTTP client over the page's own origin, the typed APIs on it, and the stores
 * built from them. Components import hooks from here; only stores talk to the APIs.
 */
/** Asks for the password when the station would refuse the request without a fresh entry. */
async function confirmPasswordFirst(): Promise<boolean> {
  if (!needsPasswordFirst(useAuth.getState().me, Date.now(), ASSUMED_REAUTH_WINDOW_MS)) return true
  return confirmPassword()
}
async function confirmPassword(): Promise<boolean> {
  const ok = await reauthenticate(stationApi.reauth, describeError)
  if (ok) useAuth.getState().markReauthenticated(Date.now())
  return ok
}

const http = createHttpClient({
  csrfToken: () => useAuth.getState().me?.csrfToken,
  beforeHazardous: confirmPasswordFirst,
})
const stationApi = createStationApi(http)

export const useAuth = createAuthStore(stationApi)
const changeDeps = {
  log: (kind: LogKind, text: string) => useEventLog.getState().add(kind, text),
  // Still needed when the station's window is shorter than the page assumed or its clock differs.
  reauthenticate: confirmPassword,
}
export const useSimulation = createSimulationStore({ ...changeDeps, api: createSimulationApi(http) })
export const useTls = createTlsStore({ ...changeDeps, api: stationApi })
export const useSecurity = createSecurityStore({ ...changeDeps, api: createSecurityApi(http) })
const telemetryApi = createTelemetryApi(http)
export const useRuns = createRunsStore({ ...changeDeps, api: telemetryApi })
export const useRunHistory = createRunHistoryStore(telemetryApi)
export const useLabMetrics = createLabMetricsStore(telemetryApi)
export const useAlarms = createAlarmsStore({ ...changeDeps, api: createAlarmsApi(http) })
/** Q-learning policies and the training job (the Control page's controller form). */
export const usePolicies = createPoliciesStore({ ...changeDeps, api: createPoliciesApi(http) })
export const useInterlocks = createInterlocksStore({ ...changeDeps, api: createStackApi(http) })
/** What happened before the page opened (or while it was disconnected), oldest first; empty when unreadable. */
export const readRecentEvents = (): Promise<EventMessage[]> => telemetryApi.recentEvents().catch(() => [])
/** A recorded run's events (none when the station cannot say: marks are a help, not the data). */
export const readRunEvents = (runId: string): Promise<EventMessage[]> => telemetryApi.runEvents(runId).catch(() => [])
export const usePublishing = createPublishingStore(http)
export const useProcedures = createProceduresStore({ ...changeDeps, http })
/** The twin page's routes (fit, profiles, twin run, what-if). */
export const twinApi = createTwinApi(http)
export const geometryApi = createGeometryApi(http)
export const analysesApi = createAnalysesApi(http)
/** Fills long chart windows from the station's recorded history. */
export const loadWindowHistory = createHistoryLoader(telemetryApi)

export { useConnection } from './connection'
export { useTelemetry } from './telemetry'
export { useEventLog } from './event-log'
export { useConfirm } from './confirm'
export { useReauth } from './reauth'
export { useAnnotations } from './annotations'
export { useChartClock } from './chart-clock'

/** May the current user do this? One selector for every guarded control. */
export function useCan(permission: Permission): boolean {
  return useAuth(selectCan(permission))
}
