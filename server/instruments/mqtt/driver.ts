import { readFileSync } from 'node:fs'
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt'
import type { Driver, DriverContext, Reading } from '../driver.js'
import { createPushedValues } from '../pushed-values.js'
import type { DeviceSpec } from '../uri.js'
import { parseMqttAddress, type MqttAddress } from './address.js'

type MqttSpec = Extract<DeviceSpec, { protocol: 'mqtt' }>

export type MqttCredentials = { username?: string; password?: string; caFile?: string }

/**
 * MQTT ingest (mqtt.js): subscribes to every mapped topic and the device's availability topic. A
 * payload that is not a reading is reported and skipped; the availability topic's offline payload (the
 * device's Last Will, sent by the broker when the device drops) marks the device offline. The station
 * reconnects itself (with backoff, like every link), so mqtt.js's own reconnect is off.
 */
export function createMqttDriver(
  spec: MqttSpec,
  context: DriverContext,
  addresses: readonly string[],
  credentials: () => Promise<MqttCredentials>,
): Driver {
  const { clock, events } = context
  const mapped: MqttAddress[] = addresses.map(parseMqttAddress)
  const topics = [
    ...new Set([
      ...mapped.map((address) => address.topic),
      ...(spec.availabilityTopic ? [spec.availabilityTopic] : []),
    ]),
  ]
  const values = createPushedValues(clock.now)
  let client: MqttClient | undefined

  const onMessage = (topic: string, payload: Buffer) => {
    if (topic === spec.availabilityTopic) {
      const text = payload.toString('utf8').trim()
      if (text === spec.offlinePayload) events.availability(false, `${topic}: ${text}`)
      else if (text === spec.onlinePayload) events.availability(true, `${topic}: ${text}`)
      return
    }
    const atMs = clock.now()
    const readings: Reading[] = []
    for (const address of mapped) {
      if (address.topic !== topic) continue
      const raw = address.read(payload)
      if (raw === undefined)
        events.error(`${address.text}: not a reading: ${JSON.stringify(payload.toString('utf8').slice(0, 60))}`)
      else readings.push({ address: address.text, raw, atMs })
    }
    values.store(readings)
    if (readings.length > 0) events.readings(readings)
  }

  return {
    polled: false,
    async connect() {
      const { username, password, caFile } = await credentials()
      const options: IClientOptions = {
        reconnectPeriod: 0,
        connectTimeout: context.timeoutMs,
        clean: true,
        ...(username === undefined ? {} : { username }),
        ...(password === undefined ? {} : { password }),
        ...(caFile === undefined ? {} : { ca: readFileSync(caFile) }),
      }
      const opened = await connectAsync(spec.url, options)
      client = opened
      opened.on('message', onMessage)
      opened.on('error', () => {})
      opened.on('close', () => events.down(new Error(`${spec.url}: broker connection closed`)))
      if (topics.length > 0) await opened.subscribeAsync(topics, { qos: 0 })
      return `MQTT broker ${spec.url}`
    },
    read: async (list) => values.read(list),
    write: () => Promise.reject(new Error('MQTT ingest takes no writes')),
    async close() {
      const open = client
      client = undefined
      values.clear()
      if (open) {
        open.removeAllListeners('close')
        await open.endAsync(true)
      }
    },
  }
}
