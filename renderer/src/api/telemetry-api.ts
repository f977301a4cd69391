import { historyResponseSchema, type HistoryChannel, type HistoryResponse } from '../../../server/contract/telemetry'
import type { HttpClient } from './http-client'

export type HistoryRequest = { runId: string; from: number; to: number; channels: readonly HistoryChannel[]; points: number }

/** Recorded telemetry, downsampled by the station. */
export function createTelemetryApi(http: HttpClient) {
  return {
    history: (request: HistoryRequest): Promise<HistoryResponse> => {
      const query = new URLSearchParams({ runId: request.runId, from: String(request.from), to: String(request.to), channels: request.channels.join(','), points: String(request.points) })
      return http.request('GET', `/api/v1/telemetry/history?${query.toString()}`, historyResponseSchema)
    },
  }
}

export type TelemetryApi = ReturnType<typeof createTelemetryApi>
