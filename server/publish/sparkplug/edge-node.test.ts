import { describe, expect, it } from 'vitest'
import type { TelemetryFrame } from '../../contract/stream.js'
import { cellAlarms } from '../../contract/simulation.js'
import { metricCatalog } from '../metric-catalog.js'
import type { OutboxRow } from '../outbox.js'
import { createEdgeNode } from './edge-node.js'
import { decodePayload, encodePayload } from './payload.js'

const frame = (seq: number, cells = 2): TelemetryFrame => ({
  ...{
    type: 'telemetry',
    source: 'simulation',
    runId: 'r',
    seq,
    simTimeS: seq,
    wallTimeMs: 1_700_000_000_000 + seq,
    state: 'running',
  },
  controller: 'fixed',
  cells: Array.from({ length: cells }, () => ({
    ...{ voltageV: 0.5, currentA: 0.001, powerW: 0.0005, substrateMgL: 100, anodeLossV: 0.1, internalOhm: 50 },
    alarms: [],
  })),
  stack: {
    voltageV: 1,
    currentA: 0.001,
    powerW: 0.001,
    loadConnected: true,
    loadOhm: 50,
    feedLPerDay: 1,
    temperatureK: 298,
  },
})

function node() {
  let bdSeq = 254
  const edge = createEdgeNode(
    { groupId: 'g', edgeNodeId: 'e', deviceId: 'd', station: 's', site: '', software: 'MFC Station test' },
    { now: () => 1_700_000_000_000, nextBdSeq: () => (bdSeq += 1) },
  )
  let id = 0
  const row = (kind: OutboxRow['kind'], payload: Buffer): OutboxRow => ({ id: (id += 1), kind, createdMs: 0, payload })
  const data = (f: TelemetryFrame) => {
    const catalog = metricCatalog(f.cells.length).filter(
      (spec) => spec.key === 'run.seq' || spec.key === 'cells.1.voltageV',
    )
    return row(
      'data',
      edge.encodeData(
        catalog.map((spec) => ({ spec, value: spec.read(f) })),
        f,
      ),
    )
  }
  return { edge, row, data }
}

describe('Sparkplug edge node', () => {
  it('wraps bdSeq at 256 and puts it in the will and the NBIRTH', () => {
    const { edge } = node()
    edge.startSession()
    edge.startSession()
    const will = decodePayload(edge.will().payload)
    expect(edge.will().topic).toBe('spBv1.0/g/NDEATH/e')
    expect(will.metrics[0]).toMatchObject({ name: 'bdSeq', longValue: 0 })
    const [nbirth] = edge.births(frame(1))
    expect(decodePayload(nbirth!.payload).metrics.find((m) => m.name === 'bdSeq')?.longValue).toBe(0)
  })

  it('numbers every message of a session 0..255 and starts again at each birth', () => {
    const { edge, data } = node()
    edge.startSession()
    expect(edge.births(frame(1)).map((m) => decodePayload(m.payload).seq)).toEqual([0, 1])
    const seqs = Array.from(
      { length: 300 },
      (_, i) => decodePayload(edge.messagesOf(data(frame(i)), false)[0]!.payload).seq,
    )
    expect(seqs.slice(0, 3)).toEqual([2, 3, 4])
    expect(seqs.slice(252, 256)).toEqual([254, 255, 0, 1])
    expect(edge.births(undefined).map((m) => decodePayload(m.payload).seq)).toEqual([0, 1])
  })

  it('flags replayed data historical, keeps its timestamps, and drops metrics the current birth does not have', () => {
    const { edge, data } = node()
    const queued = data(frame(7, 2))
    edge.births(frame(8, 1))
    const [ddata] = edge.messagesOf(queued, true)
    const payload = decodePayload(ddata!.payload)
    expect(ddata!.topic).toBe('spBv1.0/g/DDATA/e/d')
    // cells.1 does not exist in a 1-cell birth; run/seq does.
    expect(payload.metrics).toEqual([
      expect.objectContaining({ alias: 10, isHistorical: true, timestamp: 1_700_000_000_007, longValue: 7 }),
    ])
  })

  it('holds data queued by an earlier process until a frame can give its device a birth', () => {
    const earlier = node()
    earlier.edge.births(frame(1))
    const queued = earlier.data(frame(2))
    const { edge, data } = node()
    expect(edge.births(undefined).map((m) => m.topic)).toEqual(['spBv1.0/g/NBIRTH/e'])
    expect(edge.sendable(queued)).toBe(false)
    data(frame(3))
    expect(edge.sendable(queued)).toBe(true)
    const messages = edge.messagesOf(queued, true)
    expect(messages.map((m) => m.topic)).toEqual(['spBv1.0/g/DBIRTH/e/d', 'spBv1.0/g/DDATA/e/d'])
    expect(decodePayload(messages[1]!.payload).metrics).toHaveLength(2)
  })

  it('is born again on NCMD Node Control/Rebirth only, and on another cell count in order with the data', () => {
    const { edge, row } = node()
    edge.births(frame(1))
    const rebirth = encodePayload({ metrics: [{ name: 'Node Control/Rebirth', datatype: 11, booleanValue: true }] })
    expect(edge.onCommand('spBv1.0/g/NCMD/e', rebirth)).toBe('rebirth')
    expect(edge.onCommand('spBv1.0/g/NCMD/other', rebirth)).toBeUndefined()
    expect(
      edge.onCommand('spBv1.0/g/NCMD/e', encodePayload({ metrics: [{ name: 'x', booleanValue: true }] })),
    ).toBeUndefined()
    const messages = edge.messagesOf(row('rebirth', edge.encodeRebirth(frame(2, 3))), false)
    expect(messages.map((m) => m.topic)).toEqual(['spBv1.0/g/DDEATH/e/d', 'spBv1.0/g/DBIRTH/e/d'])
    expect(decodePayload(messages[1]!.payload).metrics).toHaveLength(11 + 3 * (6 + cellAlarms.length))
  })
})
