import type { Clock } from '../clock.js'
import type { MqttConfig } from '../config/publish-schema.js'
import type { ComponentHealth } from '../contract/health.js'
import type { BrokerStatus } from '../contract/publish.js'
import type { Logger } from '../logger.js'
import type { SessionEvents } from './broker-session.js'
import type { OutboxStats } from './outbox.js'

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString())

/**
 * What one broker connection has done, for `GET /api/v1/publish`, health and the metrics: the session
 * reports its events here, the outbox its queue and its own write errors.
 */
export function createConnectionStatus(deps: {
  name: string
  url: string
  config: MqttConfig
  clock: Clock
  log: Logger
}) {
  const { name, url, config, clock } = deps
  let state: BrokerStatus['state'] = 'connecting'
  let connectedSince: number | null = null
  let lastError: string | null = null
  let storeError: string | null = null
  let sent = 0
  let connects = 0
  const tls = url.startsWith('mqtts:')

  const events: SessionEvents = {
    connecting: () => (state = 'connecting'),
    connected: () => {
      ;[state, connectedSince, lastError] = ['connected', clock.now(), null]
      connects += 1
      deps.log.info(`publish: connected to ${url} (${config.mode})`)
    },
    sent: (messages) => (sent += messages),
  }
  return {
    events,
    failed(error: unknown) {
      ;[state, connectedSince] = ['disconnected', null]
      lastError = error instanceof Error ? error.message : String(error)
    },
    stopped: () => (state = 'stopped'),
    /** A queue write failed (the database is lost or read-only), or worked again (null). */
    storeFailed(error: string | null) {
      if (error !== null && storeError === null) deps.log.error(`publish: cannot queue for ${url}: ${error}`)
      storeError = error
    },
    status(queue: OutboxStats, sparkplug: BrokerStatus['sparkplug']): BrokerStatus {
      return {
        ...{
          name,
          url,
          mode: config.mode,
          state,
          connectedSince: iso(connectedSince),
          lastError: storeError ?? lastError,
        },
        ...{ queued: queue.queued, queuedBytes: queue.queuedBytes, oldestQueuedAt: iso(queue.oldestMs) },
        ...{ sent, dropped: queue.dropped, connects, sparkplug },
        json:
          config.mode === 'json'
            ? { topicPrefix: config.topicPrefix, homeAssistant: config.homeAssistant.discovery }
            : null,
        ...{ tls, verifiesBroker: tls && config.tls.rejectUnauthorized },
      }
    },
    /** Up while connected and queuing works. */
    health(): ComponentHealth {
      const up = state === 'connected' && storeError === null
      const uptimeSeconds = connectedSince === null ? 0 : Math.round((clock.now() - connectedSince) / 1000)
      const problem = storeError ?? lastError ?? `not connected to ${url}`
      return {
        name: `mqtt broker ${name}`,
        state: 'up',
        up,
        uptimeSeconds,
        restarts: 0,
        lastError: up ? null : problem,
      }
    },
  }
}
