import { create } from 'zustand'
import type { StreamStatus } from '../api/stream-client'
import type { TelemetrySource } from '../../../server/contract/stream'

type ConnectionState = {
  status: StreamStatus
  detail: string | undefined
  /** The station's version from the stream's hello (export metadata). */
  serverVersion: string | undefined
  /** Where the station's runs come from, as its stream's hello says (undefined until connected). */
  source: TelemetrySource | undefined
  setStatus(status: StreamStatus, detail?: string): void
  setServerVersion(version: string): void
  setSource(source: TelemetrySource): void
}

export const useConnection = create<ConnectionState>((set) => ({
  status: 'connecting',
  detail: undefined,
  serverVersion: undefined,
  source: undefined,
  setStatus: (status, detail) => set({ status, detail }),
  setServerVersion: (serverVersion) => set({ serverVersion }),
  setSource: (source) => set({ source }),
}))
