import { describe, expect, it } from 'vitest'
import { ApiError } from '../../api/http-client'
import { brokerLevel, createPublishingStore } from './publishing-store'

const broker = {
  ...{ name: 'mqtt', url: 'mqtt://broker:1883', mode: 'sparkplug', state: 'connected', connectedSince: null },
  ...{ lastError: null, queued: 0, queuedBytes: 0, oldestQueuedAt: null, sent: 10, dropped: 0, connects: 1 },
  ...{ sparkplug: { groupId: 'lab', edgeNodeId: 'st1', deviceId: 'stack1', bdSeq: 3 }, json: null },
  ...{ tls: false, verifiesBroker: false },
}

describe('publishing store', () => {
  it('keeps the validated status, and the reason when the station refuses', async () => {
    let answer: unknown = { brokers: [broker] }
    const store = createPublishingStore({
      request: async (_method, _path, schema) => {
        if (answer instanceof Error) throw answer
        return schema.parse(answer)
      },
    })
    await store.getState().refresh()
    expect(store.getState().status?.brokers[0]?.sparkplug?.bdSeq).toBe(3)
    answer = new ApiError(403, 'forbidden', 'telemetry:read is required')
    await store.getState().refresh()
    expect(store.getState().error).toBe('telemetry:read is required')
    answer = { brokers: [{ ...broker, state: 'sideways' }] }
    await store.getState().refresh()
    expect(store.getState().error).toMatch(/state/)
  })

  it('rates a broker: down is bad, a backlog or drops warn', () => {
    expect(brokerLevel({ state: 'connected', queued: 0, dropped: 0 })).toBe('ok')
    expect(brokerLevel({ state: 'connected', queued: 500, dropped: 0 })).toBe('warn')
    expect(brokerLevel({ state: 'connected', queued: 0, dropped: 1 })).toBe('warn')
    expect(brokerLevel({ state: 'disconnected', queued: 0, dropped: 0 })).toBe('bad')
  })
})
