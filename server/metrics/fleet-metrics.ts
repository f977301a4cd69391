import { Counter, type Registry } from 'prom-client'
import type { StationIdentity } from '../config/station-schema.js'
import type { PublishStatus } from '../contract/publish.js'
import { cellAlarms } from '../contract/simulation.js'
import type { TelemetryFrame } from '../contract/stream.js'
import { gauge } from './collectors.js'

/** What makes many stations one fleet in Prometheus (docs/publishing.md "Prometheus federation"). */
export type FleetSources = {
  /** The station's name, site and stack: labels of every series. */
  identity?: StationIdentity
  /** The publish module's broker connections. */
  publish?: () => PublishStatus
}

/** The labels every series carries: station, and site when the station has one (an empty label is no label). */
export function fleetLabels(identity: StationIdentity | undefined): Record<string, string> {
  if (!identity) return {}
  return identity.site === '' ? { station: identity.name } : { station: identity.name, site: identity.site }
}

/** Alarms per stack, and the publish module's connections, queues and totals per broker. */
export function registerFleetMetrics(
  registry: Registry,
  sources: FleetSources & { latest: () => TelemetryFrame | undefined },
): void {
  const stack = sources.identity?.stack ?? 'stack1'
  gauge(registry, 'mfc_stack_cells_in_alarm', 'Cells of the stack with the alarm raised', ['stack', 'alarm'], (g) => {
    const frame = sources.latest()
    if (!frame) return
    for (const alarm of cellAlarms)
      g.set({ stack, alarm }, frame.cells.filter((cell) => cell.alarms.includes(alarm)).length)
  })
  const brokers = () => sources.publish?.().brokers ?? []
  const perBroker = (name: string, help: string, read: (broker: ReturnType<typeof brokers>[number]) => number) =>
    gauge(registry, name, help, ['broker'], (g) => {
      for (const broker of brokers()) g.set({ broker: broker.name }, read(broker))
    })
  perBroker('mfc_publish_connected', 'Connected to the MQTT broker (1) or not (0)', (b) =>
    b.state === 'connected' ? 1 : 0,
  )
  perBroker('mfc_publish_queued_messages', 'Messages waiting in the store-and-forward queue', (b) => b.queued)
  perBroker('mfc_publish_queued_bytes', 'Bytes waiting in the store-and-forward queue', (b) => b.queuedBytes)
  const counters: Array<[string, string, 'sent' | 'dropped' | 'connects']> = [
    ['mfc_publish_messages_sent_total', 'Messages the broker acknowledged', 'sent'],
    ['mfc_publish_messages_dropped_total', 'Queued messages dropped to keep the queue within its bounds', 'dropped'],
    ['mfc_publish_connections_total', 'Connections made to the broker', 'connects'],
  ]
  for (const [name, help, key] of counters)
    new Counter({
      ...{ name, help, labelNames: ['broker'], registers: [registry] },
      collect() {
        this.reset()
        for (const broker of brokers()) this.inc({ broker: broker.name }, broker[key])
      },
    })
}
