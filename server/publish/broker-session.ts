import { connect, type IClientOptions, type MqttClient } from 'mqtt'
import type { Clock } from '../clock.js'
import type { TelemetryFrame } from '../contract/stream.js'
import type { Logger } from '../logger.js'
import type { SupervisedService } from '../module.js'
import type { Outbox } from './outbox.js'
import { createOutboxPump } from './outbox-pump.js'
import type { Outgoing, PublishProtocol } from './protocol.js'

export type SessionEvents = {
  connecting(): void
  connected(): void
  /** Messages of a row the broker acknowledged (qos 1) or that were written to the socket (qos 0). */
  sent(messages: number): void
}

export type SessionDeps = {
  url: string
  /** Connection options from the config and the secret store (TLS material, credentials). */
  options: () => Promise<IClientOptions>
  protocol: PublishProtocol
  outbox: Outbox
  qos: 0 | 1
  inflight: number
  latest: () => TelemetryFrame | undefined
  log: Logger
  clock: Clock
  events: SessionEvents
  /** How long a clean close waits for the goodbye to be acknowledged. */
  goodbyeTimeoutMs: number
}

/** Waits for `work`, but no longer than `ms`: a broker that stops answering must not hold up a shutdown. */
async function within(clock: Clock, ms: number, work: Promise<unknown>): Promise<void> {
  let timer: ReturnType<Clock['setTimeout']> | undefined
  await Promise.race([work, new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, ms)))])
  if (timer) clock.clearTimeout(timer)
}

export type BrokerSession = SupervisedService & {
  /** A row was queued: send it if the session is connected and has room. */
  notify(): void
}

/**
 * A clean goodbye: the broker does not publish the will after a DISCONNECT, so the deaths are sent by hand
 * first, each step bounded so a dead broker cannot hold the station's shutdown.
 */
async function sayGoodbye(
  deps: SessionDeps,
  mqtt: MqttClient,
  publish: (message: Outgoing, done?: (error?: Error) => void) => void,
): Promise<void> {
  const goodbye = deps.protocol
    .goodbye()
    .map((message) => new Promise<void>((resolve) => publish(message, () => resolve())))
  await within(deps.clock, deps.goodbyeTimeoutMs, Promise.all(goodbye))
  await within(deps.clock, deps.goodbyeTimeoutMs, new Promise<void>((resolve) => mqtt.end(false, {}, () => resolve())))
  mqtt.end(true)
}

/**
 * One MQTT connection, from CONNECT to its end (docs/publishing.md "Store-and-forward"): it subscribes,
 * sends the births, then the queued rows in order, at most `inflight` rows unacknowledged, deleting each
 * row when the broker has it. It never reconnects by itself: a lost connection calls `fail`, and the
 * supervisor starts a new session after its backoff, which sends the births again and whatever is still
 * queued (rows queued before it connected go out flagged historical, with their original timestamps).
 */
export function startBrokerSession(deps: SessionDeps, fail: (error: unknown) => void): BrokerSession {
  const { protocol, outbox } = deps
  let client: MqttClient | undefined
  let connected = false
  let closing = false
  let lastError: Error | undefined
  let pump: ReturnType<typeof createOutboxPump> | undefined

  const publish = (message: Outgoing, done?: (error?: Error) => void) =>
    client?.publish(message.topic, message.payload, { qos: deps.qos, retain: message.retain }, (error) => done?.(error))
  const onPublishError = (error: Error | undefined) => {
    if (error && !closing) fail(error)
  }
  const sendBirths = () => {
    for (const message of protocol.births(deps.latest())) publish(message, onPublishError)
  }

  const onConnect = (mqtt: MqttClient) => {
    const topics = protocol.subscriptions()
    const start = () => {
      connected = true
      deps.events.connected()
      sendBirths()
      const historicalThrough = outbox.lastId()
      pump = createOutboxPump(
        { protocol, outbox, inflight: deps.inflight, publish, sent: deps.events.sent, failed: onPublishError },
        historicalThrough,
      )
      pump.pump()
    }
    // Called from mqtt.js's callbacks: a failure here (the database gone) must end this session, not escape.
    const startSafely = () => {
      try {
        start()
      } catch (error) {
        fail(error)
      }
    }
    if (topics.length === 0) return startSafely()
    mqtt.subscribe([...topics], { qos: 1 }, (error) => (error ? fail(error) : startSafely()))
  }

  const open = async () => {
    const options = await deps.options()
    if (closing) return
    protocol.startSession()
    const will = protocol.will()
    deps.events.connecting()
    const mqtt = connect(deps.url, {
      ...options,
      reconnectPeriod: 0,
      clean: true,
      will: { topic: will.topic, payload: will.payload, qos: 1, retain: will.retain },
    })
    client = mqtt
    mqtt.on('connect', () => onConnect(mqtt))
    mqtt.on('error', (error) => (lastError = error))
    mqtt.on('message', (topic, payload) => {
      if (protocol.onCommand(topic, payload) !== 'rebirth') return
      deps.log.info(`publish: rebirth requested on ${topic}`)
      sendBirths()
    })
    mqtt.on('close', () => {
      if (closing) return
      connected = false
      pump?.stop()
      fail(lastError ?? new Error(`the connection to ${deps.url} closed`))
    })
  }
  open().catch((error: unknown) => fail(error))

  return {
    notify: () => pump?.pump(),
    async close() {
      if (closing) return
      closing = true
      pump?.stop()
      const mqtt = client
      if (!mqtt) return
      if (!connected) return void mqtt.end(true)
      await sayGoodbye(deps, mqtt, publish)
    },
  }
}
