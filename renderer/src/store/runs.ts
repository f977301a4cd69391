import { create } from 'zustand'
import type { RunSummary } from '../../../server/contract/telemetry'
import { describeError } from '../api/http-client'
import type { TelemetryApi } from '../api/telemetry-api'
import { runChange, type ChangeDeps, type Outcome } from './change-runner'

/** Runs the page lists; the API's page limit is 500, and a lab station records far fewer between purges. */
export const RUNS_PAGE = 200

export type RunsState = {
  runs: RunSummary[]
  /** All recorded runs, of which `runs` holds the newest RUNS_PAGE. */
  total: number
  readError: string | undefined
  refresh(): Promise<void>
  saveNotes(run: RunSummary, notes: string): Promise<Outcome>
  /** The run's frames as the station exports them; the caller saves the blob. */
  exportCsv(run: RunSummary): Promise<Outcome & { blob?: Blob }>
}

/** Recorded runs (newest first, as the station orders them), their notes and CSV export. */
export function createRunsStore(deps: ChangeDeps & { api: Pick<TelemetryApi, 'runs' | 'setNotes' | 'runCsv'> }) {
  const { api } = deps
  return create<RunsState>((set) => ({
    runs: [],
    total: 0,
    readError: undefined,
    async refresh() {
      try {
        const { runs, total } = await api.runs(RUNS_PAGE)
        set({ runs, total, readError: undefined })
      } catch (error) {
        set({ readError: describeError(error) })
      }
    },
    async saveNotes(run, notes) {
      const { value, ...outcome } = await runChange(deps, `Notes of run "${run.name}"`, () =>
        api.setNotes(run.runId, notes),
      )
      // The answer is the updated run: replace it in place rather than re-reading the whole list.
      if (value)
        set((state) => ({ runs: state.runs.map((r) => (r.runId === value.runId ? { ...r, notes: value.notes } : r)) }))
      return outcome
    },
    async exportCsv(run) {
      try {
        return { ok: true, blob: await api.runCsv(run.runId) }
      } catch (error) {
        return { ok: false, reason: describeError(error) }
      }
    },
  }))
}

/** The file name the station's export route suggests (its Content-Disposition), for a blob download. */
export function runCsvFilename(run: Pick<RunSummary, 'name' | 'runId'>): string {
  return `${run.name.replace(/[^\w.-]+/g, '_')}-${run.runId}.csv`
}

/** How a run ended, in words; a run without an end state is still recording. */
export function runEndLabel(run: Pick<RunSummary, 'endState' | 'endedAt'>): string {
  if (run.endState === null) return run.endedAt === null ? 'recording' : 'ended'
  return run.endState
}
