import { create } from 'zustand'
import type { HistoryResponse } from '../../../server/contract/telemetry'
import { describeError } from '../api/http-client'
import type { HistoryRequest, TelemetryApi } from '../api/telemetry-api'

/** One read of a recorded run: its answer, or why it failed; neither while it is out. */
export type RunHistoryEntry = { history?: HistoryResponse; error?: string }

type RunHistoryState = {
  entries: Record<string, RunHistoryEntry>
  /** Reads `request` under `key` once (a key already read or out is not read again). */
  load(key: string, request: HistoryRequest): void
}

/** Recorded runs' history for the history viewer, read through the API and kept by request. */
export function createRunHistoryStore(api: Pick<TelemetryApi, 'history'>) {
  return create<RunHistoryState>((set, get) => ({
    entries: {},
    load(key, request) {
      if (key in get().entries) return
      set((state) => ({ entries: { ...state.entries, [key]: {} } }))
      const settle = (entry: RunHistoryEntry) => set((state) => ({ entries: { ...state.entries, [key]: entry } }))
      api.history(request).then(
        (history) => settle({ history }),
        (error: unknown) => settle({ error: describeError(error) }),
      )
    },
  }))
}
