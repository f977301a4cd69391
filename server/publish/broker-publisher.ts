import type { Clock } from '../clock.js'
import type { MqttConfig } from '../config/publish-schema.js'
import type { StationIdentity } from '../config/station-schema.js'
import type { ComponentHealth } from '../contract/health.js'
import type { BrokerStatus } from '../contract/publish.js'
import type { EventMessage, TelemetryFrame } from '../contract/stream.js'
import type { Logger } from '../logger.js'
import type { Supervise } from '../module.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { Db } from '../store/database.js'
import { brokerOptions, displayUrl } from './broker-options.js'
import { startBrokerSession, type BrokerSession } from './broker-session.js'
import { createConnectionStatus } from './connection-status.js'
import { createJsonProtocol } from './json/json-protocol.js'
import { metricCatalog, type MetricSpec } from './metric-catalog.js'
import { createOutbox, type OutboxKind } from './outbox.js'
import type { PublishProtocol } from './protocol.js'
import { createRateFilter } from './rate-filter.js'
import { createEdgeNode } from './sparkplug/edge-node.js'

export type BrokerPublisherDeps = {
  name: string
  config: MqttConfig
  station: StationIdentity
  software: string
  db: Db
  clock: Clock
  log: Logger
  secrets: SecretStore
  supervise: Supervise
}

function protocolFor(deps: BrokerPublisherDeps, nextBdSeq: () => number): PublishProtocol {
  const { config, station, software } = deps
  if (config.mode === 'json')
    return createJsonProtocol({
      ...{ topicPrefix: config.topicPrefix, station: station.name, stack: station.stack },
      software,
      homeAssistant: config.homeAssistant,
    })
  const identity = { groupId: config.groupId, edgeNodeId: config.edgeNodeId ?? station.name, deviceId: station.stack }
  return createEdgeNode(
    { ...identity, station: station.name, site: station.site, software },
    { now: deps.clock.now, nextBdSeq },
  )
}

/**
 * Publishing into one broker: frames and events pass the rate filter into the durable outbox, and a
 * supervised session drains it whenever the broker is reachable. A broker that is down, refuses the
 * credentials or fails TLS degrades this component only; the station and its other modules go on.
 */
export function createBrokerPublisher(deps: BrokerPublisherDeps) {
  const { config, clock, log } = deps
  const outbox = createOutbox(deps.db, deps.name, {
    maxMessages: config.storeAndForward.maxMessages,
    maxBytes: config.storeAndForward.maxMegabytes * 1024 * 1024,
  })
  const protocol = protocolFor(deps, () => outbox.bump('bdSeq'))
  const filter = createRateFilter(config.rates)
  const clientId = config.clientId ?? `mfc-station-${deps.station.name}`
  const url = displayUrl(config.url)
  if (url.startsWith('mqtts:') && !config.tls.rejectUnauthorized)
    log.warn(`publish: the certificate of ${url} is NOT verified (publish.mqtt.tls.rejectUnauthorized is false)`)

  const connection = createConnectionStatus({ name: deps.name, url, config, clock, log })
  let latest: TelemetryFrame | undefined
  let catalog: MetricSpec[] = []
  let session: BrokerSession | undefined

  const supervised = deps.supervise('mqtt session', (fail) => {
    const instance = startBrokerSession(
      {
        ...{ url: config.url, protocol, outbox, qos: config.qos, inflight: config.inflight, log, clock },
        options: () => brokerOptions(config, clientId, deps.secrets),
        latest: () => latest,
        goodbyeTimeoutMs: 2000,
        events: connection.events,
      },
      (error) => {
        connection.failed(error)
        fail(error)
      },
    )
    session = instance
    return instance
  })

  const queue = (kind: OutboxKind, createdMs: number, payload: Buffer) => {
    try {
      outbox.append(kind, createdMs, payload)
      connection.storeFailed(null)
    } catch (error) {
      connection.storeFailed((error as Error).message)
    }
    session?.notify()
  }

  return {
    onFrame(frame: TelemetryFrame) {
      const cells = frame.cells.length
      // Another cell count is another set of metrics: the device is born again, in order with the data.
      if (latest && latest.cells.length !== cells) queue('rebirth', frame.wallTimeMs, protocol.encodeRebirth(frame))
      if (!latest || latest.cells.length !== cells) catalog = metricCatalog(cells)
      latest = frame
      const due = filter.due(frame, catalog)
      if (due.length > 0) queue('data', frame.wallTimeMs, protocol.encodeData(due, frame))
    },
    onEvent: (event: EventMessage) => queue('event', event.wallTimeMs, protocol.encodeEvent(event)),
    status: (): BrokerStatus => connection.status(outbox.stats(), protocol.describe().sparkplug),
    health: (): ComponentHealth => connection.health(),
    async close() {
      connection.stopped()
      await supervised.close()
    },
  }
}

export type BrokerPublisher = ReturnType<typeof createBrokerPublisher>
