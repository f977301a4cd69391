import type { EventMessage, TelemetryFrame } from '../contract/stream.js'
import type { Sample } from './rate-filter.js'
import type { OutboxRow } from './outbox.js'

/** One MQTT message to send. */
export type Outgoing = { topic: string; payload: Buffer; retain: boolean }

/**
 * What a publishing mode (Sparkplug B, JSON) does; the broker session drives it and knows no topic or
 * payload. Queued bodies are made once, when a frame or event arrives; the per-session parts (births,
 * Sparkplug's sequence numbers, the historical flag) are added when a row is sent.
 */
export type PublishProtocol = {
  /** A new MQTT session begins (Sparkplug: the next bdSeq); called before `will()`. */
  startSession(): void
  /** What the broker publishes when the connection dies without a goodbye. */
  will(): Outgoing
  /** Topic filters to subscribe to before the births (Sparkplug: this node's NCMD). */
  subscriptions(): readonly string[]
  /** Sent after every connect and rebirth request, before queued rows: `latest` is the newest frame, if any. */
  births(latest: TelemetryFrame | undefined): Outgoing[]
  encodeData(samples: readonly Sample[], frame: TelemetryFrame): Buffer
  encodeEvent(event: EventMessage): Buffer
  /** The stack's set of metrics changed (another cell count): `frame` is the first of the new set. */
  encodeRebirth(frame: TelemetryFrame): Buffer
  /**
   * Whether the row can go out now. Sparkplug data needs its device born first, which needs a frame: a
   * station that connects before its first frame keeps the queue (never sends data stripped of its metrics).
   */
  sendable(row: OutboxRow): boolean
  /** The messages of a queued row; `historical` when it was queued before this session connected. */
  messagesOf(row: OutboxRow, historical: boolean): Outgoing[]
  /** A message on a subscribed topic; `rebirth` asks for the births again. */
  onCommand(topic: string, payload: Buffer): 'rebirth' | undefined
  /** Sent before a clean disconnect (Sparkplug: DDEATH and NDEATH). */
  goodbye(): Outgoing[]
  /** Facts for the status answer. */
  describe(): { sparkplug: { groupId: string; edgeNodeId: string; deviceId: string; bdSeq: number } | null }
}
