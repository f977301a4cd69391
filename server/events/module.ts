import type { AccessGuard } from '../auth/access-guard.js'
import type { EventMessage } from '../contract/stream.js'
import type { EventBus } from '../event-bus.js'
import type { StationModule } from '../module.js'
import { mountOf } from '../auth/route-description.js'
import { createEventsRouter, eventsApi } from './routes.js'

/** How many events `GET /api/v1/events` keeps (a shift's worth at a normal alarm rate). */
export const RECENT_EVENTS = 200

export type EventsModule = StationModule & { recent(): readonly EventMessage[] }

/**
 * The station's recent events, so a page that opens late still sees what happened before it (an alarm
 * raised an hour ago): the last RECENT_EVENTS of the bus's `event` topic, oldest first.
 */
export function createEventsModule(deps: { bus: EventBus; guard: AccessGuard }): EventsModule {
  const recent: EventMessage[] = []
  const release = deps.bus.subscribe('event', 'recent events', (message) => {
    recent.push(message)
    if (recent.length > RECENT_EVENTS) recent.shift()
  })
  return {
    name: 'events',
    recent: () => recent,
    routes: [mountOf(eventsApi, createEventsRouter({ recent: () => recent, guard: deps.guard }))],
    close: release,
  }
}
