import { create } from 'zustand'
import type { LabMetrics } from '../../../server/contract/lab-metrics'
import { describeError } from '../api/http-client'
import type { TelemetryApi } from '../api/telemetry-api'

export type LabMetricsState = {
  metrics: LabMetrics | undefined
  /** Why the last read failed (none recorded yet, signed out); the last figures stay shown. */
  readError: string | undefined
  refresh(): Promise<void>
}

/** The current run's lab metrics (docs/operator-ui.md "Lab metrics"), read from the station on demand. */
export function createLabMetricsStore(api: Pick<TelemetryApi, 'labMetrics'>) {
  return create<LabMetricsState>((set) => ({
    metrics: undefined,
    readError: undefined,
    async refresh() {
      try {
        set({ metrics: await api.labMetrics(), readError: undefined })
      } catch (error) {
        set({ readError: describeError(error) })
      }
    },
  }))
}
