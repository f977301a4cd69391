import type { EventMessage, TelemetryFrame } from '../../contract/stream.js'
import { metricCatalog, type MetricSpec, type MetricValue } from '../metric-catalog.js'
import type { Sample } from '../rate-filter.js'
import { DataType, type SparkplugMetric } from './payload.js'

/** Node metric names and aliases; aliases are unique across the node and its device (Sparkplug 3.0.0, 6.4.5). */
export const REBIRTH_METRIC = 'Node Control/Rebirth'
export const LAST_EVENT_METRIC = 'Node Info/Last event'
const nodeAlias = { rebirth: 900, station: 901, site: 902, software: 903, lastEvent: 904 } as const

export type NodeProperties = { station: string; site: string; software: string }

const datatypes: Record<MetricSpec['kind'], number> = {
  double: DataType.Double,
  boolean: DataType.Boolean,
  string: DataType.String,
  int64: DataType.Int64,
}

function valueOf(spec: MetricSpec, value: MetricValue): SparkplugMetric {
  if (value === null) return { isNull: true }
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

/** The bdSeq metric of NBIRTH and NDEATH (Sparkplug 3.0.0, 6.4.18: Int64). */
export const bdSeqMetric = (bdSeq: number): SparkplugMetric => ({
  name: 'bdSeq',
  datatype: DataType.Int64,
  longValue: bdSeq,
})

/** NBIRTH: bdSeq, the rebirth control, the station's properties and the event metric. */
export function nodeBirthMetrics(node: NodeProperties, bdSeq: number, timestamp: number): SparkplugMetric[] {
  return [
    { ...bdSeqMetric(bdSeq), timestamp },
    { name: REBIRTH_METRIC, alias: nodeAlias.rebirth, timestamp, datatype: DataType.Boolean, booleanValue: false },
    stringMetric('Properties/Station', nodeAlias.station, node.station, timestamp),
    stringMetric('Properties/Site', nodeAlias.site, node.site, timestamp),
    stringMetric('Properties/Software', nodeAlias.software, node.software, timestamp),
    stringMetric(LAST_EVENT_METRIC, nodeAlias.lastEvent, '', timestamp),
  ]
}

/** DBIRTH: every metric of the frame's stack with name, alias, datatype, unit (`engUnit`) and value. */
export function deviceBirthMetrics(frame: TelemetryFrame): SparkplugMetric[] {
  const timestamp = Math.round(frame.wallTimeMs)
  return metricCatalog(frame.cells.length).map((spec) => ({
    ...{ name: sparkplugName(spec.key), alias: spec.alias, timestamp, datatype: datatypes[spec.kind] },
    ...(spec.unit === undefined
      ? {}
      : { properties: { keys: ['engUnit'], values: [{ type: DataType.String, stringValue: spec.unit }] } }),
    ...valueOf(spec, spec.read(frame)),
  }))
}

/** DDATA: the due samples by alias, stamped with their frame's time. */
export function dataMetrics(samples: readonly Sample[], timestamp: number): SparkplugMetric[] {
  return samples.map(({ spec, value }) => ({
    ...{ alias: spec.alias, timestamp, datatype: datatypes[spec.kind] },
    ...valueOf(spec, value),
  }))
}

/** NDATA: a station event as the event metric's JSON text. */
export function eventMetric(event: EventMessage): SparkplugMetric {
  const text = JSON.stringify(event.event)
  return {
    alias: nodeAlias.lastEvent,
    timestamp: Math.round(event.wallTimeMs),
    datatype: DataType.String,
    stringValue: text,
  }
}

/** An NCMD asks for a rebirth when it sets `Node Control/Rebirth` to true (Sparkplug 3.0.0, 6.4.19). */
export function asksForRebirth(metrics: readonly SparkplugMetric[]): boolean {
  return metrics.some((metric) => metric.name === REBIRTH_METRIC && metric.booleanValue === true)
}
