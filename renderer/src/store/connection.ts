import { create } from 'zustand'
import type { StreamStatus } from '../api/stream-client'

type ConnectionState = {
  status: StreamStatus
  detail: string | undefined
  /** The station's version from the stream's hello (export metadata). */
  serverVersion: string | undefined
  setStatus(status: StreamStatus, detail?: string): void
  setServerVersion(version: string): void
}

export const useConnection = create<ConnectionState>((set) => ({
  status: 'connecting',
  detail: undefined,
  serverVersion: undefined,
  setStatus: (status, detail) => set({ status, detail }),
  setServerVersion: (serverVersion) => set({ serverVersion }),
}))
