import type { CellChannel, TelemetryFrame } from '../../contract/stream.js'
import type { MetricValue } from '../metric-catalog.js'
import type { OutboxRow } from '../outbox.js'
import type { Outgoing, PublishProtocol } from '../protocol.js'
import { discoveryMessages } from './home-assistant.js'
import { createRetainedState } from './retained-state.js'

export type JsonIdentity = {
  topicPrefix: string
  station: string
  stack: string
  software: string
  homeAssistant: { discovery: boolean; prefix: string; cellChannels: readonly CellChannel[] }
}

/** A queued data body: the changed values of one frame under their catalog keys. */
type DataBody = { timestamp: number; runId: string; seq: number; cells: number; values: Record<string, MetricValue> }

const json = (value: unknown) => Buffer.from(JSON.stringify(value))

/**
 * Plain JSON topics for Home Assistant, Node-RED and scripts (docs/publishing.md "JSON mode"):
 * `<prefix>/<station>/status` (retained online/offline, offline as the will), retained state per stack
 * and per cell under `<prefix>/<station>/<stack>/state` and `.../cell/<n>`, every queued change on
 * `.../telemetry` and every event on `<prefix>/<station>/events`, with their original timestamps.
 */
export function createJsonProtocol(identity: JsonIdentity): PublishProtocol {
  const base = `${identity.topicPrefix}/${identity.station}`
  const statusTopic = `${base}/status`
  const stackTopic = `${base}/${identity.stack}/state`
  const cellTopic = (cell: number) => `${base}/${identity.stack}/cell/${cell}`
  const state = createRetainedState({ stack: stackTopic, cell: cellTopic })
  let discoveredCells: number | undefined
  const discovery = (count: number): Outgoing[] => {
    discoveredCells = count
    if (!identity.homeAssistant.discovery) return []
    const { prefix: haPrefix, cellChannels } = identity.homeAssistant
    const context = { ...identity, haPrefix, cellChannels, availabilityTopic: statusTopic, stackTopic, cellTopic }
    return discoveryMessages(context, count)
  }
  return {
    startSession() {},
    will: () => ({ topic: statusTopic, payload: Buffer.from('offline'), retain: true }),
    subscriptions: () => [],
    births(latest) {
      discoveredCells = undefined
      const online = { topic: statusTopic, payload: Buffer.from('online'), retain: true }
      return latest ? [online, ...discovery(latest.cells.length), ...state.reset(latest)] : [online]
    },
    encodeData(samples, frame) {
      const values = Object.fromEntries(samples.map(({ spec, value }) => [spec.key, value]))
      const { runId, seq } = frame
      return json({ timestamp: Math.round(frame.wallTimeMs), runId, seq, cells: frame.cells.length, values })
    },
    encodeEvent: (event) => json({ timestamp: Math.round(event.wallTimeMs), event: event.event }),
    encodeRebirth: (frame) => json(frame),
    sendable: () => true,
    messagesOf(row: OutboxRow, historical: boolean) {
      if (row.kind === 'rebirth') {
        const frame = JSON.parse(row.payload.toString()) as TelemetryFrame
        return frame.cells.length === discoveredCells ? [] : [...discovery(frame.cells.length), ...state.reset(frame)]
      }
      const body = JSON.parse(row.payload.toString()) as DataBody & { event?: unknown }
      if (row.kind === 'event')
        return [{ topic: `${base}/events`, payload: json({ ...body, historical }), retain: false }]
      const telemetry = {
        topic: `${base}/${identity.stack}/telemetry`,
        payload: json({ ...body, historical }),
        retain: false,
      }
      // The first data of a session, or of another cell count, announces its sensors first.
      const announce = body.cells === discoveredCells ? [] : discovery(body.cells)
      return [...announce, telemetry, ...state.update(body.values, body.timestamp)]
    },
    onCommand: () => undefined,
    goodbye: () => [{ topic: statusTopic, payload: Buffer.from('offline'), retain: true }],
    describe: () => ({ sparkplug: null }),
  }
}
