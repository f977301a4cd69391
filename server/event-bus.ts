import type { EventMessage, TelemetryFrame } from './contract/stream.js'
import type { Logger } from './logger.js'

/**
 * The topics features exchange over the bus (docs/architecture.md "Event bus"): a producer publishes,
 * any number of subscribers receive, and neither knows the other.
 */
export type StationTopics = {
  /** Every telemetry frame of the running source, simulated or measured. */
  telemetry: TelemetryFrame
  /** Every station event: run state, alarms, faults, controller changes, certificates, services. */
  event: EventMessage
}

export type Topic = keyof StationTopics

export type EventBus = {
  publish<T extends Topic>(topic: T, message: StationTopics[T]): void
  /** Returns the unsubscribe function; `name` identifies the subscriber in the log when it throws. */
  subscribe<T extends Topic>(topic: T, name: string, listener: (message: StationTopics[T]) => void): () => void
}

type Listener = { name: string; deliver: (message: never) => void }

/**
 * A synchronous bus: publish() delivers to every subscriber in subscription order before it returns, so a
 * frame reaches the stream and the recorder in the tick that made it. A subscriber that throws is logged
 * and skipped; it never stops delivery to the others or the producer.
 */
export function createEventBus(log: Logger): EventBus {
  const listeners = new Map<Topic, Listener[]>()
  return {
    publish(topic, message) {
      for (const listener of listeners.get(topic) ?? []) {
        try {
          ;(listener.deliver as (value: typeof message) => void)(message)
        } catch (error) {
          log.error(`${listener.name} failed on a "${topic}" message`, error)
        }
      }
    },
    subscribe(topic, name, deliver) {
      const entry: Listener = { name, deliver }
      // Copy on write: a subscriber that unsubscribes during delivery does not disturb the loop.
      listeners.set(topic, [...(listeners.get(topic) ?? []), entry])
      return () =>
        listeners.set(
          topic,
          (listeners.get(topic) ?? []).filter((candidate) => candidate !== entry),
        )
    },
  }
}
