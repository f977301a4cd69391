import { describe, expect, it } from 'vitest'
import type { Outbox, OutboxRow } from './outbox.js'
import { createOutboxPump } from './outbox-pump.js'
import type { Outgoing, PublishProtocol } from './protocol.js'

const rows: OutboxRow[] = [1, 2, 3, 4, 5].map((id) => ({
  id,
  kind: 'data',
  createdMs: id,
  payload: Buffer.from(`${id}`),
}))

function setUp(options: { acknowledge?: (row: OutboxRow) => void; sendable?: () => boolean } = {}) {
  const queued = [...rows]
  const outbox = {
    after: (afterId: number, limit: number) => queued.filter((row) => row.id > afterId).slice(0, limit),
    acknowledge: options.acknowledge ?? ((row: OutboxRow) => queued.splice(queued.indexOf(row), 1)),
  } as unknown as Outbox
  const historical: boolean[] = []
  const protocol = {
    sendable: options.sendable ?? (() => true),
    messagesOf: (row: OutboxRow, isHistorical: boolean): Outgoing[] => {
      historical.push(isHistorical)
      return [{ topic: `t/${row.id}`, payload: row.payload, retain: false }]
    },
  } as unknown as PublishProtocol
  const acks: Array<(error?: Error) => void> = []
  const sent: string[] = []
  const failures: Error[] = []
  const pump = createOutboxPump(
    {
      ...{ protocol, outbox, inflight: 2 },
      publish: (message, done) => (sent.push(message.topic), acks.push(done)),
      sent: () => {},
      failed: (error) => failures.push(error),
    },
    3,
  )
  return { pump, queued, acks, sent, failures, historical }
}

describe('outbox pump', () => {
  it('keeps at most `inflight` rows unacknowledged, in order, and flags the rows queued before the session', () => {
    const { pump, queued, acks, sent, historical } = setUp()
    pump.pump()
    expect(sent).toEqual(['t/1', 't/2'])
    acks.shift()?.()
    expect(sent).toEqual(['t/1', 't/2', 't/3'])
    for (let i = 0; i < 10 && acks.length > 0; i += 1) acks.shift()?.()
    expect(sent).toEqual(['t/1', 't/2', 't/3', 't/4', 't/5'])
    expect(queued).toEqual([])
    expect(historical).toEqual([true, true, true, false, false])
  })

  it('holds rows the protocol cannot send yet, and sends them in order once it can', () => {
    let ready = false
    const { pump, queued, sent } = setUp({ sendable: () => ready })
    pump.pump()
    expect(sent).toEqual([])
    expect(queued).toHaveLength(5)
    ready = true
    pump.pump()
    expect(sent).toEqual(['t/1', 't/2'])
  })

  it('leaves a row queued when its send fails, and ignores acknowledgements after stop', () => {
    const { pump, queued, acks, failures } = setUp()
    pump.pump()
    acks[0]?.(new Error('connection closed'))
    expect(failures.map((error) => error.message)).toEqual(['connection closed'])
    pump.stop()
    acks[1]?.()
    expect(queued).toHaveLength(5)
  })

  it('turns a database that refuses the delete into a session failure, not an exception', () => {
    const { pump, acks, failures } = setUp({
      acknowledge: () => {
        throw new Error('attempt to write a readonly database')
      },
    })
    pump.pump()
    expect(() => acks[0]?.()).not.toThrow()
    expect(failures.map((error) => error.message)).toEqual(['attempt to write a readonly database'])
  })
})
