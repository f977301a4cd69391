import { create } from 'zustand'
import type { TlsStatus } from '../../../server/contract/tls'
import { describeError } from '../api/http-client'
import type { StationApi } from '../api/station-api'

export type TlsState = {
  /** undefined until read, or when the station has no TLS status API. */
  status: TlsStatus | undefined
  error: string | undefined
  refresh(): Promise<void>
}

/** The served certificate as the station reports it. */
export function createTlsStore(api: Pick<StationApi, 'tlsStatus'>) {
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
  }))
}

/** Badge color: fine beyond 30 days, renew soon within, critical within a week or once expired. */
export function certificateLevel(daysLeft: number): 'ok' | 'warn' | 'bad' {
  if (daysLeft <= 7) return 'bad'
  return daysLeft <= 30 ? 'warn' : 'ok'
}
