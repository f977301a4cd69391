import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, mosquittoUnavailable, type Mosquitto } from '../../server/testing/mosquitto.js'
import { subscribeMqtt, type MqttSubscriber, type SparkplugMessage } from '../../server/testing/mqtt-subscriber.js'
import { publishStatus, startPublishingStation } from '../../server/testing/publishing-station.js'
import { requiredParts } from '../../server/testing/required-parts.js'
import type { StationProcess } from '../../server/testing/station-process.js'
import { decodePayload } from '../../server/publish/sparkplug/payload.js'

const parts = requiredParts(
  'store-and-forward',
  [mosquittoUnavailable()].filter((part) => part !== undefined),
)
const cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

/** Every frame is published (no rate limit, no deadband), so each DDATA carries the frame's run/seq. */
const MQTT = { mode: 'sparkplug', groupId: 'lab', edgeNodeId: 'sf', rates: { maxHz: 0, deadband: 0 } }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function setUp() {
  const broker: Mosquitto = await startMosquitto({ persistence: true })
  cleanup.push(() => broker.dispose())
  // A persistent session: what the broker queued for this subscriber survives the broker's restart.
  const subscriber: MqttSubscriber = await subscribeMqtt(broker.url, ['spBv1.0/lab/+/sf/#'], {
    clientId: 'store-and-forward-host',
    clean: false,
  })
  cleanup.push(() => subscriber.close())
  return { broker, subscriber }
}

async function publishingStation(url: string, dataDir?: string): Promise<StationProcess> {
  const station = await startPublishingStation({ url, ...MQTT }, dataDir === undefined ? {} : { dataDir })
  cleanup.push(async () => {
    await station.stop('SIGKILL')
    rmSync(station.dataDir, { recursive: true, force: true })
  })
  return station
}

/** run/seq values of DDATA messages whose metrics were stamped at or before `untilMs`, with their historical flag. */
function frameSeqs(messages: SparkplugMessage[], seqAlias: number, untilMs = Infinity) {
  return messages
    .filter((message) => message.type === 'DDATA')
    .flatMap((message) => message.decoded.metrics.filter((m) => m.alias === seqAlias && (m.timestamp ?? 0) <= untilMs))
    .map((m) => ({ seq: m.longValue!, historical: m.isHistorical === true, timestamp: m.timestamp! }))
}

const seqAliasOf = (subscriber: MqttSubscriber) =>
  subscriber
    .sparkplug()
    .find((message) => message.type === 'DBIRTH')!
    .decoded.metrics.find((m) => m.name === 'run/seq')!.alias!

function expectNoGaps(seqs: number[], from: number, to: number) {
  const seen = new Set(seqs)
  const missing = Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((seq) => !seen.has(seq))
  expect(missing).toEqual([])
}

describe.skipIf(parts.skip)('store-and-forward against Debian mosquitto', () => {
  beforeAll(() => parts.assertPresent())

  it('queues every frame while the broker is down and sends them in order, flagged historical, on reconnect', async () => {
    const { broker, subscriber } = await setUp()
    const station = await publishingStation(broker.url)
    await subscriber.waitFor('10 DDATA', () => subscriber.sparkplug().filter((m) => m.type === 'DDATA').length >= 10)
    const seqAlias = seqAliasOf(subscriber)

    await broker.stop()
    const stoppedAt = Date.now()
    await sleep(2000)
    const down = (await publishStatus(station)).brokers[0]!
    expect(down.state).not.toBe('connected')
    expect(down.queued).toBeGreaterThanOrEqual(10)
    await broker.start()

    const duringOutage = () =>
      frameSeqs(subscriber.sparkplug(), seqAlias).filter((s) => s.historical && s.timestamp > stoppedAt)
    await subscriber.waitFor('data of the outage', () => duringOutage().length >= 10)
    await subscriber.waitFor('live data after the replay', () => {
      const seqs = frameSeqs(subscriber.sparkplug(), seqAlias)
      return seqs.findLastIndex((s) => !s.historical) > seqs.findLastIndex((s) => s.historical)
    })
    const seqs = frameSeqs(subscriber.sparkplug(), seqAlias)
    expectNoGaps(
      seqs.map((s) => s.seq),
      seqs[0]!.seq,
      seqs.at(-1)!.seq,
    )
    // The replayed frames keep the times they were made, all before the station was connected again.
    const up = (await publishStatus(station)).brokers[0]!
    expect(up.state).toBe('connected')
    const reconnectedAt = Date.parse(up.connectedSince!)
    const replayed = duringOutage()
    expect(replayed.filter((s) => s.timestamp > reconnectedAt)).toEqual([])
    expect(replayed.map((s) => s.seq)).toEqual([...replayed.map((s) => s.seq)].sort((a, b) => a - b))
  })

  it('loses no committed frame when the station is killed -9 during the outage', async () => {
    const { broker, subscriber } = await setUp()
    const first = await publishingStation(broker.url)
    await subscriber.waitFor('10 DDATA', () => subscriber.sparkplug().filter((m) => m.type === 'DDATA').length >= 10)
    const seqAlias = seqAliasOf(subscriber)
    await broker.stop()
    await sleep(1500)
    await first.stop('SIGKILL')
    const killedAt = Date.now()

    // What the killed station had committed: the highest frame seq in its outbox.
    const db = new Database(join(first.dataDir, 'station.db'), { fileMustExist: true })
    const rows = db.prepare<[], { payload: Buffer }>("SELECT payload FROM publish_outbox WHERE kind = 'data'").all()
    db.close()
    const committed = rows.flatMap((row) => decodePayload(row.payload).metrics.filter((m) => m.alias === seqAlias))
    expect(committed.length).toBeGreaterThanOrEqual(5)
    const lastCommitted = Math.max(...committed.map((m) => m.longValue!))

    await broker.start()
    await publishingStation(broker.url, first.dataDir)
    await subscriber.waitFor(`frame ${lastCommitted} of the killed run`, () =>
      frameSeqs(subscriber.sparkplug(), seqAlias, killedAt).some((s) => s.seq === lastCommitted),
    )
    const seqs = frameSeqs(subscriber.sparkplug(), seqAlias, killedAt).map((s) => s.seq)
    expectNoGaps(seqs, Math.min(...seqs), lastCommitted)
  })
})
