import { create } from 'zustand'
import type { TlsStatus } from '../../../server/contract/tls'
import { describeError } from '../api/http-client'
import type { StationApi } from '../api/station-api'
import { runChange, type ChangeDeps, type Outcome } from './change-runner'

type TlsActions = StationApi['tls']

export type TlsState = {
  /** undefined until read, or when the station has no TLS status API. */
  status: TlsStatus | undefined
  error: string | undefined
  refresh(): Promise<void>
  /** Runs a certificate change (logged, password re-confirmed when asked); the answer is the new status. */
  change(label: string, call: (actions: TlsActions) => Promise<TlsStatus>): Promise<Outcome>
}

/** The served certificate as the station reports it. */
export function createTlsStore(deps: ChangeDeps & { api: Pick<StationApi, 'tlsStatus' | 'tls'> }) {
  const { api } = deps
  return create<TlsState>((set) => ({
    status: undefined,
    error: undefined,
    async refresh() {
      try {
        set({ status: await api.tlsStatus(), error: undefined })
      } catch (error) {
        set({ error: describeError(error) })
      }
    },
    async change(label, call) {
      const { value, ...outcome } = await runChange(deps, label, () => call(api.tls))
      if (value) set({ status: value })
      return outcome
    },
  }))
}

/** Badge color: fine beyond 30 days, renew soon within, critical within a week or once expired. */
export function certificateLevel(daysLeft: number): 'ok' | 'warn' | 'bad' {
  if (daysLeft <= 7) return 'bad'
  return daysLeft <= 30 ? 'warn' : 'ok'
}
