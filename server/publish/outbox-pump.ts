import type { Outbox, OutboxRow } from './outbox.js'
import type { Outgoing, PublishProtocol } from './protocol.js'

export type PumpDeps = {
  protocol: PublishProtocol
  outbox: Outbox
  /** Rows sent and not yet acknowledged at most. */
  inflight: number
  /** Sends one message; `done` is called on the broker's acknowledgement (or the socket write at QoS 0). */
  publish: (message: Outgoing, done: (error?: Error) => void) => void
  /** Messages of a row the broker has. */
  sent: (messages: number) => void
  failed: (error: Error) => void
}

/**
 * Drains the outbox of one connected session in row order: a row leaves the queue only when the broker
 * has every one of its messages, and rows up to `historicalThrough` (queued before the session
 * connected) go out flagged historical (docs/publishing.md "Store-and-forward").
 */
export function createOutboxPump(deps: PumpDeps, historicalThrough: number) {
  const { protocol, outbox } = deps
  let stopped = false
  let lastHandedOver = 0
  let inflight = 0
  let buffered: OutboxRow[] = []

  const attempt = (work: () => unknown): boolean => {
    try {
      work()
      return true
    } catch (error) {
      stopped = true
      deps.failed(error instanceof Error ? error : new Error(String(error)))
      return false
    }
  }
  const sendRow = (row: OutboxRow) => {
    const messages = protocol.messagesOf(row, row.id <= historicalThrough)
    if (messages.length === 0) return outbox.acknowledge(row)
    inflight += 1
    let pending = messages.length
    for (const message of messages)
      deps.publish(message, (error) => {
        if (stopped) return
        if (error) return deps.failed(error)
        if ((pending -= 1) > 0) return
        // A database that stopped taking writes ends the session (it is retried), never the station.
        if (!attempt(() => outbox.acknowledge(row))) return
        inflight -= 1
        deps.sent(messages.length)
        pump()
      })
  }
  const pump = () => {
    while (!stopped && inflight < deps.inflight) {
      if (buffered.length === 0 && !attempt(() => (buffered = outbox.after(lastHandedOver, deps.inflight)))) return
      const row = buffered[0]
      // Not yet sendable (no frame to be born with): the next notify, on the next frame, tries again.
      if (!row || !protocol.sendable(row)) return
      buffered.shift()
      lastHandedOver = row.id
      sendRow(row)
    }
  }
  return {
    pump,
    /** The session ends: acknowledgements still to come no longer count (the rows stay queued). */
    stop() {
      stopped = true
    },
  }
}
