import { join } from 'node:path'
import protobuf from 'protobufjs'
import { packageRoot } from '../../package-info.js'

/** Sparkplug B datatypes the station uses (Sparkplug 3.0.0, 6.4.16 "Data Types"). */
export const DataType = { Int64: 4, UInt64: 8, Double: 10, Boolean: 11, String: 12 } as const

export type PropertySet = { keys: string[]; values: Array<{ type: number; stringValue?: string }> }

/** A metric as protobufjs sees it (camelCase field names of resources/sparkplug/sparkplug_b.proto). */
export type SparkplugMetric = {
  name?: string
  alias?: number
  timestamp?: number
  datatype?: number
  isHistorical?: boolean
  isNull?: boolean
  properties?: PropertySet
  longValue?: number
  doubleValue?: number
  booleanValue?: boolean
  stringValue?: string
}

export type SparkplugPayload = { timestamp?: number; metrics: SparkplugMetric[]; seq?: number }

let payloadType: protobuf.Type | undefined
/** The schema, parsed once from the shipped .proto. */
function schema(): protobuf.Type {
  payloadType ??= protobuf
    .loadSync(join(packageRoot(), 'resources', 'sparkplug', 'sparkplug_b.proto'))
    .lookupType('mfcstation.sparkplug.Payload')
  return payloadType
}

/** Protobuf bytes of a payload. */
export function encodePayload(payload: SparkplugPayload): Buffer {
  const bytes = schema().encode(payload).finish()
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Decodes a payload; 64-bit integers come back as numbers (timestamps and sequence numbers fit). */
export function decodePayload(bytes: Uint8Array): SparkplugPayload {
  const type = schema()
  const decoded = type.toObject(type.decode(bytes), { longs: Number, defaults: false, arrays: true })
  return decoded as SparkplugPayload
}

/**
 * Protobuf merges concatenated messages field by field (Protocol Buffers Encoding, "Last One Wins" and
 * repeated fields appended), so a stored payload plus an encoded `{ seq }` is that payload with its seq.
 */
export function withSeq(stored: Buffer, seq: number): Buffer {
  return Buffer.concat([stored, encodePayload({ metrics: [], seq })])
}
