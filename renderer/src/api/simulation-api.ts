import {
  configPatchResultSchema,
  faultCreatedSchema,
  runConfigViewSchema,
  type RunConfigView,
} from '../../../server/contract/run-config-view'
import {
  polarizationSweepSchema,
  runMetricsSchema,
  simulationStatusSchema,
  type ControllerKind,
  type FaultKind,
  type PolarizationSweep,
  type RunMetrics,
  type SimulationStatus,
  type SweepRequest,
} from '../../../server/contract/simulation'
import { controlLockSchema, type ControlLock } from '../../../server/contract/security'
import { ApiError, type HttpClient } from './http-client'

const BASE = '/api/v1/simulation'

/** A controller with its settings; the station validates the settings per kind. */
export type ControllerRequest = { kind: ControllerKind } & Record<string, unknown>
/** A fault to inject now; kind-specific fields (cell, durationS, channel, ...) are validated by the station. */
export type FaultRequest = { kind: FaultKind } & Record<string, unknown>
export type RunCommand = 'start' | 'pause' | 'resume' | 'stop' | 'reset'
export type LockAction = 'acquire' | 'release' | 'request' | 'break'

/** Typed calls of `/api/v1/simulation`: every answer validated against the contract. */
export function createSimulationApi(http: HttpClient) {
  return {
    status: (): Promise<SimulationStatus> => http.request('GET', BASE, simulationStatusSchema),
    config: (): Promise<RunConfigView> => http.request('GET', `${BASE}/config`, runConfigViewSchema),
    metrics: (): Promise<RunMetrics> => http.request('GET', `${BASE}/metrics`, runMetricsSchema),
    command: (command: RunCommand): Promise<SimulationStatus> =>
      http.request('POST', `${BASE}/${command}`, simulationStatusSchema),
    configure: (patch: Record<string, unknown>): Promise<{ restartRequired: boolean }> =>
      http.request('PATCH', `${BASE}/config`, configPatchResultSchema, patch),
    setController: (controller: ControllerRequest): Promise<SimulationStatus> =>
      http.request('PUT', `${BASE}/controller`, simulationStatusSchema, controller),
    setSpeed: (speed: { speed?: number | 'max'; outputHz?: number }): Promise<SimulationStatus> =>
      http.request('PUT', `${BASE}/speed`, simulationStatusSchema, speed),
    injectFault: async (fault: FaultRequest): Promise<number> =>
      (await http.request('POST', `${BASE}/faults`, faultCreatedSchema, fault)).id,
    clearFault: (id: number): Promise<void> => http.send('DELETE', `${BASE}/faults/${id}`),
    sweep: (request: Partial<SweepRequest>): Promise<PolarizationSweep> =>
      http.request('POST', `${BASE}/sweep`, polarizationSweepSchema, request),
    /** The exclusive control lock; undefined on a station without access control (404). */
    controlLock: (): Promise<ControlLock | undefined> =>
      http.request('GET', '/api/v1/control', controlLockSchema).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return undefined
        throw error
      }),
    lockAction: (action: LockAction): Promise<ControlLock> =>
      http.request('POST', `/api/v1/control/${action}`, controlLockSchema),
  }
}

export type SimulationApi = ReturnType<typeof createSimulationApi>
