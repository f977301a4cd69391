import { create } from 'zustand'
import {
  instrumentsStatusSchema,
  readNowResponseSchema,
  type InstrumentsStatus,
  type ReadNowResponse,
} from '../../../../server/contract/instruments'
import { describeError, type HttpClient } from '../../api/http-client'

type InstrumentsState = {
  status: InstrumentsStatus | undefined
  error: string | undefined
  /** The last "read now" answer per device, or why it failed. */
  reads: Record<string, { answer?: ReadNowResponse; error?: string; pending: boolean }>
  refresh(): Promise<void>
  readNow(device: string): Promise<void>
}

/** Devices, their link status and the channel map (`GET /api/v1/instruments`), and "read now". */
export function createInstrumentsStore(http: HttpClient) {
  return create<InstrumentsState>((set, get) => ({
    status: undefined,
    error: undefined,
    reads: {},
    async refresh() {
      try {
        set({ status: await http.request('GET', '/api/v1/instruments', instrumentsStatusSchema), error: undefined })
      } catch (error) {
        set({ error: describeError(error) })
      }
    },
    async readNow(device) {
      set({ reads: { ...get().reads, [device]: { pending: true } } })
      const path = `/api/v1/instruments/${encodeURIComponent(device)}/read`
      try {
        const answer = await http.request('POST', path, readNowResponseSchema)
        set({ reads: { ...get().reads, [device]: { answer, pending: false } } })
      } catch (error) {
        set({ reads: { ...get().reads, [device]: { error: describeError(error), pending: false } } })
      }
    },
  }))
}
export type InstrumentsStore = ReturnType<typeof createInstrumentsStore>
