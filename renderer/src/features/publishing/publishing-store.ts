import { create } from 'zustand'
import { publishStatusSchema, type BrokerStatus, type PublishStatus } from '../../../../server/contract/publish'
import { describeError, type HttpClient } from '../../api/http-client'

export type PublishingState = {
  /** undefined until read; `brokers: []` when the station publishes nowhere. */
  status: PublishStatus | undefined
  error: string | undefined
  refresh(): Promise<void>
}

/** The station's broker connections as `GET /api/v1/publish` reports them (docs/publishing.md "Status"). */
export function createPublishingStore(http: Pick<HttpClient, 'request'>) {
  return create<PublishingState>((set) => ({
    status: undefined,
    error: undefined,
    async refresh() {
      try {
        set({ status: await http.request('GET', '/api/v1/publish', publishStatusSchema), error: undefined })
      } catch (error) {
        set({ error: describeError(error) })
      }
    },
  }))
}

/** The badge level of a broker: ok when connected and nothing waits, warn while the queue holds data, bad when down. */
export function brokerLevel(broker: Pick<BrokerStatus, 'state' | 'queued' | 'dropped'>): 'ok' | 'warn' | 'bad' {
  if (broker.state !== 'connected') return 'bad'
  return broker.queued > 100 || broker.dropped > 0 ? 'warn' : 'ok'
}
