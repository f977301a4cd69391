import { z } from 'zod'
import { create } from 'zustand'
import {
  procedureListSchema,
  procedureProgressSchema,
  runSweepsSchema,
  savedProcedureSchema,
  type ProcedureDefinitionInput,
  type ProcedureProgress,
  type SavedProcedure,
  type StoredSweep,
} from '../../../../server/contract/procedures'
import type { StationEvent } from '../../../../server/contract/stream'
import type { HttpClient } from '../../api/http-client'
import { runChange, type ChangeDeps, type Outcome } from '../../store/change-runner'

export type ProceduresState = {
  procedures: SavedProcedure[]
  /** The procedure driving the stack (or the last one), and when the page last heard of it. */
  progress: ProcedureProgress | undefined
  progressAtMs: number
  lastSweep: StoredSweep | undefined
  refresh(): Promise<void>
  /** A `procedure` event of the stream: its progress replaces the one shown, a stored sweep is read. */
  applyEvent(event: StationEvent, atMs: number, runId: string | undefined): void
  save(id: string, definition: ProcedureDefinitionInput): Promise<Outcome>
  remove(id: string): Promise<Outcome>
  start(id: string): Promise<Outcome>
  control(action: 'pause' | 'resume' | 'abort'): Promise<Outcome>
}

const path = (id: string) => `/api/v1/procedures/${encodeURIComponent(id)}`

/** Procedures (docs/control.md "Procedures"): definitions, the run controls and the progress. */
export function createProceduresStore(deps: ChangeDeps & { http: Pick<HttpClient, 'request'> }) {
  const { http } = deps
  const readSweep = async (runId: string) => {
    const { sweeps } = await http.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}/sweeps`, runSweepsSchema)
    return sweeps.at(-1)
  }
  return create<ProceduresState>((set, get) => {
    const progressed = (progress: ProcedureProgress) => set({ progress, progressAtMs: Date.now() })
    return {
      procedures: [],
      progress: undefined,
      progressAtMs: 0,
      lastSweep: undefined,
      async refresh() {
        const [list, progress] = await Promise.all([
          http.request('GET', '/api/v1/procedures', procedureListSchema).catch(() => undefined),
          http.request('GET', '/api/v1/procedures/run', procedureProgressSchema).catch(() => undefined),
        ])
        if (list) set({ procedures: list.procedures })
        if (progress) progressed(progress)
      },
      applyEvent(event, atMs, runId) {
        // A replayed older event (recent events at page open) does not undo a fresher read.
        if (event.kind !== 'procedure' || atMs < get().progressAtMs) return
        set({ progress: event.progress, progressAtMs: atMs })
        if (event.action === 'sweep-stored' && runId)
          void readSweep(runId)
            .then((lastSweep) => set({ lastSweep }))
            .catch(() => undefined)
      },
      async save(id, definition) {
        const outcome = await runChange(deps, `Save procedure ${id}`, () =>
          http.request('PUT', path(id), savedProcedureSchema, definition),
        )
        await get().refresh()
        return outcome
      },
      async remove(id) {
        const outcome = await runChange(deps, `Delete procedure ${id}`, () =>
          http.request('DELETE', path(id), z.unknown()),
        )
        await get().refresh()
        return outcome
      },
      async start(id) {
        const outcome = await runChange(deps, `Start procedure ${id}`, () =>
          http.request('POST', `${path(id)}/start`, procedureProgressSchema),
        )
        if (outcome.value) progressed(outcome.value)
        return outcome
      },
      async control(action) {
        const outcome = await runChange(deps, `${action} the procedure`, () =>
          http.request('POST', `/api/v1/procedures/run/${action}`, procedureProgressSchema),
        )
        if (outcome.value) progressed(outcome.value)
        return outcome
      },
    }
  })
}
