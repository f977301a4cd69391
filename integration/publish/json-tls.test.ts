import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, mosquittoUnavailable } from '../../server/testing/mosquitto.js'
import { subscribeMqtt } from '../../server/testing/mqtt-subscriber.js'
import { publishingDataDir, publishStatus, startPublishingStation } from '../../server/testing/publishing-station.js'
import { requiredParts } from '../../server/testing/required-parts.js'
import { makeTestPki } from '../../server/testing/test-certificates.js'

const parts = requiredParts(
  'JSON publishing over TLS',
  [mosquittoUnavailable()].filter((part) => part !== undefined),
)
const cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

const PASSWORD = 'broker password 0123'

/** A TLS broker that wants a client certificate from the test CA and the password of user "station". */
async function tlsBroker() {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-mqtt-tls-'))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  const pki = makeTestPki(dir)
  const passwordFile = join(dir, 'passwords')
  execFileSync('mosquitto_passwd', ['-b', '-c', passwordFile, 'station', PASSWORD], { stdio: 'pipe' })
  const broker = await startMosquitto({
    tls: { caFile: pki.caFile, ...pki.server, requireCertificate: true },
    passwordFile,
  })
  cleanup.push(() => broker.dispose())
  return { broker, pki }
}

describe.skipIf(parts.skip)('JSON mode with Home Assistant discovery, over TLS with a client certificate', () => {
  beforeAll(() => parts.assertPresent())

  it('announces sensors, keeps retained state per stack and cell, streams telemetry, and goes offline by will', async () => {
    const { broker, pki } = await tlsBroker()
    const tls = { ca: pki.caFile, cert: pki.client.certFile, key: pki.client.keyFile }
    const read = (path: string) => execFileSync('cat', [path])
    const subscriber = await subscribeMqtt(broker.url, ['mfc/#', 'homeassistant/#'], {
      ...{ username: 'station', password: PASSWORD, ca: read(tls.ca), cert: read(tls.cert), key: read(tls.key) },
    })
    cleanup.push(() => subscriber.close())
    // The password is in the station's secret store (here its file backend), never in the config.
    const dataDir = publishingDataDir({})
    writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ 'mqtt-password': PASSWORD }), { mode: 0o600 })
    const mqtt = {
      ...{ url: broker.url, mode: 'json', username: 'station', rates: { maxHz: 5 } },
      tls: { caFile: pki.caFile, certFile: pki.client.certFile, keyFile: pki.client.keyFile },
    }
    const station = await startPublishingStation(mqtt, { dataDir, station: { name: 'lab-7', stack: 'stack-a' } })
    cleanup.push(async () => {
      await station.stop('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    })
    const on = (topic: string) => subscriber.messages.filter((message) => message.topic === topic)
    const body = (payload: Buffer) => JSON.parse(payload.toString()) as Record<string, unknown>
    await subscriber.waitFor('telemetry', () => on('mfc/lab-7/stack-a/telemetry').length >= 3)

    expect(on('mfc/lab-7/status')[0]?.payload.toString()).toBe('online')
    const voltage = on('homeassistant/sensor/mfc_lab-7/stack-a_cells_2_voltagev/config')[0]
    expect(voltage?.retain).toBe(false) // a live subscriber is sent retained messages with retain unset (MQTT 3.1.1, 3.3.1.3)
    expect(body(voltage!.payload)).toMatchObject({
      state_topic: 'mfc/lab-7/stack-a/cell/2',
      value_template: '{{ value_json.voltageV }}',
      unit_of_measurement: 'V',
      device_class: 'voltage',
      availability_topic: 'mfc/lab-7/status',
      device: { identifiers: ['mfc-station-lab-7'] },
    })
    expect(subscriber.messages.filter((m) => m.topic.startsWith('homeassistant/sensor/'))).toHaveLength(11 + 5 * 2)
    expect(body(on('mfc/lab-7/stack-a/cell/2').at(-1)!.payload)).toMatchObject({
      voltageV: expect.any(Number),
      alarms: {},
    })
    expect(body(on('mfc/lab-7/stack-a/state').at(-1)!.payload)).toMatchObject({
      state: 'running',
      powerW: expect.any(Number),
    })
    const telemetry = body(on('mfc/lab-7/stack-a/telemetry').at(-1)!.payload)
    expect(telemetry).toMatchObject({ historical: false, cells: 5, values: expect.any(Object) })
    expect(telemetry['timestamp']).toBeLessThanOrEqual(Date.now())

    // A late subscriber finds the retained state and the discovery at once.
    const late = await subscribeMqtt(broker.url, ['mfc/lab-7/stack-a/cell/4', 'homeassistant/sensor/mfc_lab-7/#'], {
      ...{ username: 'station', password: PASSWORD, ca: read(tls.ca), cert: read(tls.cert), key: read(tls.key) },
    })
    cleanup.push(() => late.close())
    await late.waitFor('retained messages', () => late.messages.length >= 1 + 11 + 5 * 2)
    expect(late.messages.every((message) => message.retain)).toBe(true)

    const status = (await publishStatus(station)).brokers[0]!
    expect(status).toMatchObject({
      state: 'connected',
      mode: 'json',
      tls: true,
      verifiesBroker: true,
      sent: expect.any(Number),
    })
    await station.stop('SIGKILL')
    await subscriber.waitFor('offline', () => on('mfc/lab-7/status').at(-1)?.payload.toString() === 'offline')
  })

  it('reports a broker that refuses the station (no client certificate) and keeps serving', async () => {
    const { broker, pki } = await tlsBroker()
    const station = await startPublishingStation({ url: broker.url, mode: 'json', tls: { caFile: pki.caFile } })
    cleanup.push(async () => {
      await station.stop('SIGKILL')
      rmSync(station.dataDir, { recursive: true, force: true })
    })
    await expect
      .poll(async () => (await publishStatus(station)).brokers[0]?.lastError, { timeout: 15_000 })
      .toEqual(expect.any(String))
    const status = (await publishStatus(station)).brokers[0]!
    expect(status.state).not.toBe('connected')
    await expect.poll(async () => (await publishStatus(station)).brokers[0]?.queued).toBeGreaterThan(0)
  })
})
