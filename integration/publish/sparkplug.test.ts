import { rmSync } from 'node:fs'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, mosquittoUnavailable, type Mosquitto } from '../../server/testing/mosquitto.js'
import { subscribeMqtt, type MqttSubscriber, type SparkplugMessage } from '../../server/testing/mqtt-subscriber.js'
import { startPublishingStation } from '../../server/testing/publishing-station.js'
import { requiredParts } from '../../server/testing/required-parts.js'
import type { StationProcess } from '../../server/testing/station-process.js'
import { encodePayload } from '../../server/publish/sparkplug/payload.js'

const parts = requiredParts(
  'Sparkplug publishing',
  [mosquittoUnavailable()].filter((part) => part !== undefined),
)
const cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

async function setUp() {
  const broker: Mosquitto = await startMosquitto()
  cleanup.push(() => broker.dispose())
  const subscriber: MqttSubscriber = await subscribeMqtt(broker.url, ['spBv1.0/#'])
  cleanup.push(() => subscriber.close())
  const station: StationProcess = await startPublishingStation(
    { url: broker.url, mode: 'sparkplug', groupId: 'lab', edgeNodeId: 'station1', rates: { maxHz: 10 } },
    { station: { stack: 'stack-a' } },
  )
  cleanup.push(async () => {
    await station.stop('SIGKILL')
    rmSync(station.dataDir, { recursive: true, force: true })
  })
  return { broker, subscriber, station }
}

const ofType = (messages: SparkplugMessage[], type: string) => messages.filter((message) => message.type === type)
const metric = (message: SparkplugMessage, name: string) => message.decoded.metrics.find((m) => m.name === name)

/** Every message of a session after NBIRTH carries the next seq, 0..255 wrapping (Sparkplug 3.0.0, 6.4.1). */
function expectContiguousSeq(messages: SparkplugMessage[]) {
  // NDEATH has no seq; NCMD is the host's (this test's) own message.
  const sequenced = messages.filter((message) => !['NDEATH', 'NCMD'].includes(message.type))
  sequenced.forEach((message, index) => {
    if (message.type === 'NBIRTH') expect(message.decoded.seq).toBe(0)
    else expect(message.decoded.seq).toBe(((sequenced[index - 1]?.decoded.seq ?? -1) + 1) % 256)
  })
}

describe.skipIf(parts.skip)('Sparkplug B edge node against Debian mosquitto', () => {
  beforeAll(() => parts.assertPresent())

  it('births the node and its stack, sends data by alias in sequence, reborn on NCMD, NDEATH as will on kill -9', async () => {
    const { subscriber, station } = await setUp()
    const all = () => subscriber.sparkplug()
    await subscriber.waitFor('20 DDATA', () => ofType(all(), 'DDATA').length >= 20)

    const [nbirth] = ofType(all(), 'NBIRTH')
    const [dbirth] = ofType(all(), 'DBIRTH')
    expect(nbirth?.topic).toBe('spBv1.0/lab/NBIRTH/station1')
    expect(dbirth?.topic).toBe('spBv1.0/lab/DBIRTH/station1/stack-a')
    const bdSeq = metric(nbirth!, 'bdSeq')?.longValue
    expect(bdSeq).toBeTypeOf('number')
    expect(metric(nbirth!, 'Node Control/Rebirth')).toMatchObject({ datatype: 11, booleanValue: false })
    // 11 stack and run metrics, and 6 values and 3 alarms for each of the 5 cells.
    expect(dbirth!.decoded.metrics).toHaveLength(11 + 5 * 9)
    expect(metric(dbirth!, 'cells/2/voltageV')).toMatchObject({ datatype: 10, properties: { keys: ['engUnit'] } })
    expect(metric(dbirth!, 'cells/2/voltageV')?.properties?.values[0]?.stringValue).toBe('V')
    expect(metric(dbirth!, 'run/state')).toMatchObject({ datatype: 12, stringValue: 'running' })
    const born = new Map(dbirth!.decoded.metrics.map((m) => [m.alias, m]))
    expect(born.size).toBe(dbirth!.decoded.metrics.length)
    for (const data of ofType(all(), 'DDATA')) {
      expect(data.decoded.timestamp).toBeTypeOf('number')
      for (const value of data.decoded.metrics) {
        expect(value.name).toBeUndefined()
        expect(born.has(value.alias)).toBe(true)
        expect(value.timestamp).toBe(data.decoded.timestamp)
      }
    }
    expectContiguousSeq(all())
    // Station events are node data: the run starting is the first.
    const [ndata] = ofType(all(), 'NDATA')
    expect(ndata?.topic).toBe('spBv1.0/lab/NDATA/station1')
    const event = ndata!.decoded.metrics[0]!
    expect(event).toMatchObject({ alias: metric(nbirth!, 'Node Info/Last event')?.alias, datatype: 12 })
    expect(JSON.parse(event.stringValue!)).toMatchObject({ kind: expect.any(String) })

    const before = all().length
    subscriber.client.publish(
      'spBv1.0/lab/NCMD/station1',
      encodePayload({ metrics: [{ name: 'Node Control/Rebirth', datatype: 11, booleanValue: true }] }),
    )
    await subscriber.waitFor('a rebirth', () => ofType(all().slice(before), 'DBIRTH').length === 1)
    const reborn = ofType(all().slice(before), 'NBIRTH')[0]!
    expect(reborn.decoded.seq).toBe(0)
    expect(metric(reborn, 'bdSeq')?.longValue).toBe(bdSeq)
    expectContiguousSeq(all())

    await station.stop('SIGKILL')
    await subscriber.waitFor('the will', () => ofType(all(), 'NDEATH').length === 1, 45_000)
    const [ndeath] = ofType(all(), 'NDEATH')
    expect(ndeath?.topic).toBe('spBv1.0/lab/NDEATH/station1')
    expect(metric(ndeath!, 'bdSeq')?.longValue).toBe(bdSeq)
  }, 60_000)

  it('says goodbye on a clean stop: DDEATH, then NDEATH with the session bdSeq', async () => {
    const { subscriber, station } = await setUp()
    const all = () => subscriber.sparkplug()
    await subscriber.waitFor('DBIRTH', () => ofType(all(), 'DBIRTH').length === 1)
    const bdSeq = metric(ofType(all(), 'NBIRTH')[0]!, 'bdSeq')?.longValue
    expect(await station.stop('SIGTERM')).toBe(0)
    await subscriber.waitFor('NDEATH', () => ofType(all(), 'NDEATH').length === 1)
    const types = all().map((message) => message.type)
    expect(types.slice(-2)).toEqual(['DDEATH', 'NDEATH'])
    expect(metric(ofType(all(), 'NDEATH')[0]!, 'bdSeq')?.longValue).toBe(bdSeq)
    expectContiguousSeq(all())
  })
})
