import { create } from 'zustand'
import type { StreamStatus } from '../api/stream-client'

type ConnectionState = {
  status: StreamStatus
  detail: string | undefined
  setStatus(status: StreamStatus, detail?: string): void
}

export const useConnection = create<ConnectionState>((set) => ({
  status: 'connecting',
  detail: undefined,
  setStatus: (status, detail) => set({ status, detail }),
}))
