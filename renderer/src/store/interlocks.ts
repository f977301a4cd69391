import { create } from 'zustand'
import type { InterlockStatus } from '../../../server/contract/control'
import type { StationEvent } from '../../../server/contract/stream'
import type { StackApi } from '../api/stack-api'
import { runChange, type ChangeDeps, type Outcome } from './change-runner'

export type InterlocksState = {
  /** Every interlock guarding the stack, as the station last said (docs/control.md "Interlocks"). */
  interlocks: InterlockStatus[]
  refresh(): Promise<void>
  /** An `interlock` event: the state follows at once, the details with the next read. */
  applyEvent(event: StationEvent, atMs: number): void
  acknowledge(id: string): Promise<Outcome>
}

/** Interlocks that are acting or waiting for an operator: what the banner shows. */
export const notArmed = (interlocks: readonly InterlockStatus[]) => interlocks.filter((i) => i.state !== 'armed')

export function createInterlocksStore(deps: ChangeDeps & { api: StackApi }) {
  return create<InterlocksState>((set, get) => ({
    interlocks: [],
    async refresh() {
      const status = await deps.api.status().catch(() => undefined)
      if (status) set({ interlocks: status.interlocks })
    },
    applyEvent(event, atMs) {
      if (event.kind !== 'interlock') return
      set((state) => ({
        interlocks: state.interlocks.map((entry) =>
          entry.id === event.id ? { ...entry, state: event.state, sinceMs: atMs } : entry,
        ),
      }))
      void get().refresh()
    },
    async acknowledge(id) {
      const outcome = await runChange(deps, `Acknowledge interlock ${id}`, () => deps.api.acknowledge(id))
      await get().refresh()
      return outcome
    },
  }))
}
