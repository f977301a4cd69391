import type { EventMessage, TelemetryFrame } from '../../contract/stream.js'
import { metricCatalog, type MetricSpec, type MetricValue } from '../metric-catalog.js'
import type { OutboxRow } from '../outbox.js'
import type { Outgoing, PublishProtocol } from '../protocol.js'
import { DataType, decodePayload, encodePayload, withSeq, type SparkplugMetric } from './payload.js'

export type EdgeNodeIdentity = {
  groupId: string
  edgeNodeId: string
  /** The stack: the node's one device. */
  deviceId: string
  station: string
  site: string
  software: string
}

/** Node metric names and aliases; aliases are unique across the node and its device (Sparkplug 3.0.0, 6.4.5). */
export const REBIRTH_METRIC = 'Node Control/Rebirth'
export const LAST_EVENT_METRIC = 'Node Info/Last event'
const nodeAlias = { rebirth: 900, station: 901, site: 902, software: 903, lastEvent: 904 } as const

const datatypes: Record<MetricSpec['kind'], number> = {
  double: DataType.Double,
  boolean: DataType.Boolean,
  string: DataType.String,
  int64: DataType.Int64,
}

function valueOf(spec: MetricSpec, value: MetricValue): SparkplugMetric {
  switch (spec.kind) {
    case 'double':
      return { doubleValue: value as number }
    case 'boolean':
      return { booleanValue: value as boolean }
    case 'string':
      return { stringValue: value as string }
    case 'int64':
      return { longValue: value as number }
  }
}

/** `cells.3.voltageV` is published as `cells/3/voltageV`: Sparkplug folders are separated by "/". */
export const sparkplugName = (key: string) => key.replaceAll('.', '/')

const stringMetric = (name: string, alias: number, value: string, timestamp: number): SparkplugMetric => ({
  ...{ name, alias, timestamp, datatype: DataType.String, stringValue: value },
})

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
  const bdSeqMetric = (): SparkplugMetric => ({ name: 'bdSeq', datatype: DataType.Int64, longValue: bdSeq })
  const send = (type: string, payload: Buffer, device = false): Outgoing => ({
    topic: device ? deviceTopic(type) : topic(type),
    payload,
    retain: false,
  })

  const nodeBirth = (): Outgoing => {
    const timestamp = now()
    const metrics: SparkplugMetric[] = [
      { ...bdSeqMetric(), timestamp },
      { name: REBIRTH_METRIC, alias: nodeAlias.rebirth, timestamp, datatype: DataType.Boolean, booleanValue: false },
      stringMetric('Properties/Station', nodeAlias.station, identity.station, timestamp),
      stringMetric('Properties/Site', nodeAlias.site, identity.site, timestamp),
      stringMetric('Properties/Software', nodeAlias.software, identity.software, timestamp),
      stringMetric(LAST_EVENT_METRIC, nodeAlias.lastEvent, '', timestamp),
    ]
    return send('NBIRTH', encodePayload({ timestamp, metrics, seq: nextSeq() }))
  }
  const deviceBirth = (frame: TelemetryFrame): Outgoing => {
    const timestamp = Math.round(frame.wallTimeMs)
    const catalog = metricCatalog(frame.cells.length)
    born = new Set(catalog.map((spec) => spec.alias))
    const metrics = catalog.map((spec) => ({
      ...{ name: sparkplugName(spec.key), alias: spec.alias, timestamp, datatype: datatypes[spec.kind] },
      ...(spec.unit === undefined
        ? {}
        : { properties: { keys: ['engUnit'], values: [{ type: DataType.String, stringValue: spec.unit }] } }),
      ...valueOf(spec, spec.read(frame)),
    }))
    return send('DBIRTH', encodePayload({ timestamp, metrics, seq: nextSeq() }), true)
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
    will: () => send('NDEATH', encodePayload({ timestamp: now(), metrics: [bdSeqMetric()] })),
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
      const metrics = samples.map(({ spec, value }) => ({
        ...{ alias: spec.alias, timestamp, datatype: datatypes[spec.kind] },
        ...valueOf(spec, value),
      }))
      return encodePayload({ timestamp, metrics })
    },
    encodeEvent(event: EventMessage) {
      const timestamp = Math.round(event.wallTimeMs)
      const text = JSON.stringify(event.event)
      const metric = { alias: nodeAlias.lastEvent, timestamp, datatype: DataType.String, stringValue: text }
      return encodePayload({ timestamp, metrics: [metric] })
    },
    encodeRebirth: (frame) => Buffer.from(JSON.stringify(frame)),
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
      const metrics = decodePayload(payload).metrics
      return metrics.some((metric) => metric.name === REBIRTH_METRIC && metric.booleanValue === true)
        ? 'rebirth'
        : undefined
    },
    goodbye: () => [deviceDeath(), send('NDEATH', encodePayload({ timestamp: now(), metrics: [bdSeqMetric()] }))],
    describe: () => {
      const { groupId, edgeNodeId, deviceId } = identity
      return { sparkplug: { groupId, edgeNodeId, deviceId, bdSeq } }
    },
  }
}
