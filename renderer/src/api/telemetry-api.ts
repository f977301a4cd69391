import { z } from 'zod'
import {
  historyResponseSchema,
  runDetailSchema,
  runEventsSchema,
  runSummarySchema,
  type HistoryChannel,
  type HistoryResponse,
  type RunDetail,
} from '../../../server/contract/telemetry'
import { labMetricsSchema, type LabMetrics } from '../../../server/contract/lab-metrics'
import { recentEventsSchema, type EventMessage } from '../../../server/contract/stream'
import type { HttpClient } from './http-client'

export type HistoryRequest = {
  runId: string
  from: number
  to: number
  channels: readonly HistoryChannel[]
  points: number
  /** Cells to read (0-based); every cell when omitted. An empty list reads the stack channels only. */
  cells?: readonly number[] | undefined
}

/** `GET /api/v1/runs`: one page of recorded runs, newest first, and how many there are in all. */
export const runListSchema = z.object({ runs: z.array(runSummarySchema), total: z.number().int() })
export type RunList = z.infer<typeof runListSchema>

/** Recorded telemetry, downsampled by the station; recorded runs, their notes and CSV export. */
export function createTelemetryApi(http: HttpClient) {
  return {
    history: (request: HistoryRequest): Promise<HistoryResponse> => {
      const query = new URLSearchParams({
        runId: request.runId,
        from: String(request.from),
        to: String(request.to),
        channels: request.channels.join(','),
        points: String(request.points),
      })
      if (request.cells) query.set('cells', request.cells.join(','))
      return http.request('GET', `/api/v1/telemetry/history?${query.toString()}`, historyResponseSchema)
    },
    /** The current run's lab metrics (docs/lab-metrics.md). */
    labMetrics: (): Promise<LabMetrics> => http.request('GET', '/api/v1/telemetry/metrics', labMetricsSchema),
    runs: (limit: number): Promise<RunList> => http.request('GET', `/api/v1/runs?limit=${limit}`, runListSchema),
    setNotes: (runId: string, notes: string): Promise<RunDetail> =>
      http.request('PATCH', `/api/v1/runs/${encodeURIComponent(runId)}`, runDetailSchema, { notes }),
    runCsv: (runId: string): Promise<Blob> => http.blob(`/api/v1/runs/${encodeURIComponent(runId)}/telemetry.csv`),
    /** The station events recorded with a run, in run time order (its chart marks). */
    runEvents: async (runId: string): Promise<EventMessage[]> =>
      (await http.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}/events`, runEventsSchema)).events,
    /** What happened before the page opened, oldest first. */
    recentEvents: async (): Promise<EventMessage[]> =>
      (await http.request('GET', '/api/v1/events', recentEventsSchema)).events,
  }
}

export type TelemetryApi = ReturnType<typeof createTelemetryApi>
