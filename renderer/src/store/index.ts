import { createHttpClient, describeError } from '../api/http-client'
import { createSecurityApi } from '../api/security-api'
import { createSimulationApi } from '../api/simulation-api'
import { createStationApi } from '../api/station-api'
import { createTelemetryApi } from '../api/telemetry-api'
import { createPublishingStore } from '../features/publishing/publishing-store'
import type { Permission } from '../../../server/contract/access'
import { createAuthStore, selectCan } from './auth'
import { describeEvent, useEventLog, type LogKind } from './event-log'
import { createHistoryLoader } from './history'
import { reauthenticate } from './reauth'
import { createRunsStore } from './runs'
import { createSecurityStore } from './security'
import { createSimulationStore } from './simulation'
import { createTlsStore } from './tls'

/*
 * The app's wiring: one HTTP client over the page's own origin, the typed APIs on it, and the stores
 * built from them. Components import hooks from here; only stores talk to the APIs.
 */
const http = createHttpClient({ csrfToken: () => useAuth.getState().me?.csrfToken })
const stationApi = createStationApi(http)

export const useAuth = createAuthStore(stationApi)
const changeDeps = {
  log: (kind: LogKind, text: string) => useEventLog.getState().add(kind, text),
  reauthenticate: () => reauthenticate(stationApi.reauth, describeError),
}
export const useSimulation = createSimulationStore({ ...changeDeps, api: createSimulationApi(http) })
export const useTls = createTlsStore({ ...changeDeps, api: stationApi })
export const useSecurity = createSecurityStore({ ...changeDeps, api: createSecurityApi(http) })
const telemetryApi = createTelemetryApi(http)
export const useRuns = createRunsStore({ ...changeDeps, api: telemetryApi })
export const usePublishing = createPublishingStore(http)
/** Puts the station's recent events into the log, oldest first so the newest ends on top; best effort. */
export async function loadRecentEvents(): Promise<void> {
  const events = await telemetryApi.recentEvents().catch(() => [])
  for (const message of events) {
    const { kind, text } = describeEvent(message.event)
    useEventLog.getState().add(kind, text, message.wallTimeMs)
  }
}
/** Fills long chart windows from the station's recorded history. */
export const loadWindowHistory = createHistoryLoader(telemetryApi)

export { useConnection } from './connection'
export { useTelemetry } from './telemetry'
export { useEventLog } from './event-log'
export { useConfirm } from './confirm'
export { useReauth } from './reauth'

/** May the current user do this? One selector for every guarded control. */
export function useCan(permission: Permission): boolean {
  return useAuth(selectCan(permission))
}
