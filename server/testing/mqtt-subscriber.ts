import { connect, type IClientOptions, type MqttClient } from 'mqtt'
import { decodePayload, type SparkplugPayload } from '../publish/sparkplug/payload.js'

export type ReceivedMessage = { topic: string; payload: Buffer; retain: boolean; receivedAtMs: number }

export type SparkplugMessage = ReceivedMessage & {
  /** NBIRTH, DDATA, ... (the third topic level). */
  type: string
  edgeNodeId: string
  deviceId: string | undefined
  decoded: SparkplugPayload
}

export type MqttSubscriber = {
  client: MqttClient
  messages: ReceivedMessage[]
  /** Every message on spBv1.0/ topics, decoded with the Sparkplug B schema. */
  sparkplug(): SparkplugMessage[]
  /** Resolves once `predicate` holds for the messages so far (checked on every message), or rejects after `timeoutMs`. */
  waitFor(what: string, predicate: () => boolean, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

/** A subscriber of a real broker for tests and benchmarks: it records every message it is sent. */
export async function subscribeMqtt(
  url: string,
  topics: string[],
  options: IClientOptions = {},
): Promise<MqttSubscriber> {
  const client = connect(url, { reconnectPeriod: 200, connectTimeout: 5000, ...options })
  const messages: ReceivedMessage[] = []
  const waiters = new Set<() => void>()
  client.on('message', (topic, payload, packet) => {
    messages.push({ topic, payload, retain: packet.retain, receivedAtMs: Date.now() })
    for (const check of waiters) check()
  })
  client.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => client.subscribe(topics, { qos: 1 }, (error) => (error ? reject(error) : resolve())))
    client.once('error', reject)
  })
  const decoded = new Map<ReceivedMessage, SparkplugMessage>()
  return {
    client,
    messages,
    sparkplug: () =>
      messages
        .filter((message) => message.topic.startsWith('spBv1.0/') && !message.topic.startsWith('spBv1.0/STATE/'))
        .map((message) => {
          let known = decoded.get(message)
          if (!known) {
            const [, , type = '', edgeNodeId = '', deviceId] = message.topic.split('/')
            known = { ...message, type, edgeNodeId, deviceId, decoded: decodePayload(message.payload) }
            decoded.set(message, known)
          }
          return known
        }),
    waitFor(what, predicate, timeoutMs = 15_000) {
      if (predicate()) return Promise.resolve()
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${messages.length} messages)`))
        }, timeoutMs)
        const check = () => {
          if (!predicate()) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        waiters.add(check)
      })
    },
    close: () => new Promise((resolve) => client.end(true, {}, () => resolve())),
  }
}
