import { createHttpClient, describeError } from '../api/http-client'
import { createSimulationApi } from '../api/simulation-api'
import { createStationApi } from '../api/station-api'
import type { Permission } from '../../../server/contract/access'
import { createAuthStore, selectCan } from './auth'
import { useEventLog } from './event-log'
import { reauthenticate } from './reauth'
import { createSimulationStore } from './simulation'
import { createTlsStore } from './tls'

/*
 * The app's wiring: one HTTP client over the page's own origin, the typed APIs on it, and the stores
 * built from them. Components import hooks from here; only stores talk to the APIs.
 */
const http = createHttpClient({ csrfToken: () => useAuth.getState().me?.csrfToken })
const stationApi = createStationApi(http)

export const useAuth = createAuthStore(stationApi)
export const useTls = createTlsStore(stationApi)
export const useSimulation = createSimulationStore({
  api: createSimulationApi(http),
  log: (kind, text) => useEventLog.getState().add(kind, text),
  reauthenticate: () => reauthenticate(stationApi.reauth, describeError),
})

export { useConnection } from './connection'
export { useTelemetry } from './telemetry'
export { useEventLog } from './event-log'
export { useConfirm } from './confirm'
export { useReauth } from './reauth'

/** May the current user do this? One selector for every guarded control. */
export function useCan(permission: Permission): boolean {
  return useAuth(selectCan(permission))
}
