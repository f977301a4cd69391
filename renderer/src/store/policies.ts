import { create } from 'zustand'
import type { PolicySummary, TrainingJob, TrainingRequest } from '../../../server/contract/policies'
import type { PoliciesApi } from '../api/policies-api'
import { runChange, type ChangeDeps, type Outcome } from './change-runner'

export type PoliciesState = {
  /** The station's named policies (bundled first), as last read; empty when unreadable. */
  policies: PolicySummary[]
  /** The latest training job, as last read. */
  job: TrainingJob | undefined
  refresh(): Promise<void>
  /** Reads the job; when it has just finished, the policy list too (a new policy to choose). */
  poll(): Promise<void>
  train(request: TrainingRequest): Promise<Outcome>
  cancel(): Promise<Outcome>
  /** The policy document to switch the controller to. */
  document(name: string): Promise<Record<string, unknown>>
}

export function createPoliciesStore(deps: ChangeDeps & { api: PoliciesApi }) {
  const { api } = deps
  return create<PoliciesState>((set, get) => ({
    policies: [],
    job: undefined,
    async refresh() {
      const [policies, job] = await Promise.all([
        api.list().catch(() => undefined),
        api.training().catch(() => undefined),
      ])
      set({ ...(policies ? { policies } : {}), job })
    },
    async poll() {
      const before = get().job
      const job = await api.training().catch(() => before)
      set({ job })
      if (before?.state === 'running' && job?.state !== 'running') await get().refresh()
    },
    async train(request) {
      const outcome = await runChange(deps, `Train policy ${request.name}`, () => api.train(request))
      if (outcome.ok) set({ job: outcome.value })
      return outcome
    },
    async cancel() {
      const outcome = await runChange(deps, 'Cancel policy training', () => api.cancel())
      if (outcome.ok) set({ job: outcome.value })
      return outcome
    },
    document: (name) => api.document(name),
  }))
}
