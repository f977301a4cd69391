import type { AccessGuard } from '../auth/access-guard.js'
import type { Clock } from '../clock.js'
import type { PublishConfig } from '../config/publish-schema.js'
import type { StationIdentity } from '../config/station-schema.js'
import type { PublishStatus } from '../contract/publish.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import type { StationModule, Supervise } from '../module.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { Db } from '../store/database.js'
import { createBrokerPublisher, type BrokerPublisher } from './broker-publisher.js'
import { mountOf } from '../auth/route-description.js'
import { createPublishRouter, publishApi } from './routes.js'

export { publishMigrations } from './schema.js'

export type PublishModuleDeps = {
  config: PublishConfig
  station: StationIdentity
  /** The station's version, published in the Sparkplug NBIRTH and the Home Assistant device. */
  version: string
  db: Db
  bus: EventBus
  clock: Clock
  log: Logger
  secrets: SecretStore
  guard: AccessGuard
  supervise: Supervise
}

export type PublishModule = StationModule & {
  /** Every broker's connection and queue, for the metrics and the status endpoint. */
  publishStats(): PublishStatus
}

/**
 * Publishing into the systems a fleet already runs (docs/publishing.md): every telemetry frame and
 * station event on the bus goes to the configured MQTT broker, as Sparkplug B or JSON, through a
 * durable store-and-forward queue. Without `publish.mqtt` the module only answers an empty status.
 */
export function createPublishModule(deps: PublishModuleDeps): PublishModule {
  const brokers: BrokerPublisher[] = []
  if (deps.config.mqtt)
    brokers.push(
      createBrokerPublisher({
        ...{ name: 'mqtt', config: deps.config.mqtt, station: deps.station, software: `MFC Station ${deps.version}` },
        ...{ db: deps.db, clock: deps.clock, log: deps.log, secrets: deps.secrets, supervise: deps.supervise },
      }),
    )
  const releases = [
    deps.bus.subscribe('telemetry', 'publish', (frame) => brokers.forEach((broker) => broker.onFrame(frame))),
    deps.bus.subscribe('event', 'publish', (event) => brokers.forEach((broker) => broker.onEvent(event))),
  ]
  const publishStats = (): PublishStatus => ({ brokers: brokers.map((broker) => broker.status()) })
  return {
    name: 'publish',
    publishStats,
    health: () => brokers.map((broker) => broker.health()),
    routes: [mountOf(publishApi, createPublishRouter({ status: publishStats, guard: deps.guard }))],
    async close() {
      for (const release of releases) release()
      for (const broker of brokers) await broker.close()
    },
  }
}
