import type { EventMessage, TelemetryFrame } from '../../contract/stream.js'
import type { OutboxRow } from '../outbox.js'
import type { Outgoing, PublishProtocol } from '../protocol.js'
import {
  asksForRebirth,
  bdSeqMetric,
  dataMetrics,
  deviceBirthMetrics,
  eventMetric,
  nodeBirthMetrics,
} from './metrics.js'
import { decodePayload, encodePayload, withSeq } from './payload.js'

export type EdgeNodeIdentity = {
  groupId: string
  edgeNodeId: string
  /** The stack: the node's one device. */
  deviceId: string
  station: string
  site: string
  software: string
}

/**
 * The station as a Sparkplug B 3.0 edge node (docs/publishing.md "Sparkplug B"): topics
 * `spBv1.0/<group>/<type>/<edge>[/<device>]`, NDEATH as the will with the session's bdSeq, NBIRTH with
 * seq 0 then DBIRTH with every metric's name, alias, datatype, unit and value, data by alias only,
 * sequence numbers 0..255 across every message of a session, a rebirth on NCMD `Node Control/Rebirth`.
 */
export function createEdgeNode(
  identity: EdgeNodeIdentity,
  deps: { now: () => number; nextBdSeq: () => number },
): PublishProtocol {
  const topic = (type: string, device?: string) =>
    `spBv1.0/${identity.groupId}/${type}/${identity.edgeNodeId}${device === undefined ? '' : `/${device}`}`
  const deviceTopic = (type: string) => topic(type, identity.deviceId)
  let bdSeq = 0
  let seq = 0
  let born = new Set<number>()
  let latestFrame: TelemetryFrame | undefined
  const nextSeq = () => {
    const current = seq
    seq = (seq + 1) % 256
    return current
  }
  const now = () => Math.round(deps.now())
  const send = (type: string, payload: Buffer, device = false): Outgoing => ({
    topic: device ? deviceTopic(type) : topic(type),
    payload,
    retain: false,
  })

  const nodeBirth = (): Outgoing => {
    const timestamp = now()
    const metrics = nodeBirthMetrics(identity, bdSeq, timestamp)
    return send('NBIRTH', encodePayload({ timestamp, metrics, seq: nextSeq() }))
  }
  const deviceBirth = (frame: TelemetryFrame): Outgoing => {
    const metrics = deviceBirthMetrics(frame)
    born = new Set(metrics.map((metric) => metric.alias ?? -1))
    return send('DBIRTH', encodePayload({ timestamp: Math.round(frame.wallTimeMs), metrics, seq: nextSeq() }), true)
  }
  const deviceDeath = () => send('DDEATH', encodePayload({ timestamp: now(), metrics: [], seq: nextSeq() }), true)

  /** A queued body sent again after an outage: every metric flagged historical (Sparkplug 3.0.0, 6.4.5 is_historical). */
  const historical = (stored: Buffer, device: boolean) => {
    const payload = decodePayload(stored)
    const metrics = payload.metrics
      .filter((metric) => !device || (metric.alias !== undefined && born.has(metric.alias)))
      .map((metric) => ({ ...metric, isHistorical: true }))
    return encodePayload({ ...payload, metrics, seq: nextSeq() })
  }

  return {
    startSession() {
      bdSeq = deps.nextBdSeq() % 256
    },
    will: () => send('NDEATH', encodePayload({ timestamp: now(), metrics: [bdSeqMetric(bdSeq)] })),
    subscriptions: () => [topic('NCMD'), deviceTopic('DCMD')],
    births(latest) {
      seq = 0
      born = new Set()
      latestFrame = latest ?? latestFrame
      return latestFrame ? [nodeBirth(), deviceBirth(latestFrame)] : [nodeBirth()]
    },
    encodeData(samples, frame) {
      latestFrame = frame
      const timestamp = Math.round(frame.wallTimeMs)
      return encodePayload({ timestamp, metrics: dataMetrics(samples, timestamp) })
    },
    encodeEvent: (event: EventMessage) =>
      encodePayload({ timestamp: Math.round(event.wallTimeMs), metrics: [eventMetric(event)] }),
    encodeRebirth: (frame) => Buffer.from(JSON.stringify(frame)),
    sendable: (row) => row.kind !== 'data' || born.size > 0 || latestFrame !== undefined,
    messagesOf(row: OutboxRow, isHistorical: boolean) {
      if (row.kind === 'rebirth')
        return [deviceDeath(), deviceBirth(JSON.parse(row.payload.toString()) as TelemetryFrame)]
      const device = row.kind === 'data'
      // Data before any frame was known at connect: the device is born with the newest frame first.
      const birth = device && born.size === 0 && latestFrame ? [deviceBirth(latestFrame)] : []
      const payload = isHistorical ? historical(row.payload, device) : withSeq(row.payload, nextSeq())
      return [...birth, send(device ? 'DDATA' : 'NDATA', payload, device)]
    },
    onCommand(commandTopic, payload) {
      if (commandTopic !== topic('NCMD')) return undefined
      return asksForRebirth(decodePayload(payload).metrics) ? 'rebirth' : undefined
    },
    goodbye: () => [deviceDeath(), send('NDEATH', encodePayload({ timestamp: now(), metrics: [bdSeqMetric(bdSeq)] }))],
    describe: () => {
      const { groupId, edgeNodeId, deviceId } = identity
      return { sparkplug: { groupId, edgeNodeId, deviceId, bdSeq } }
    },
  }
}
