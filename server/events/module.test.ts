import { describe, expect, it } from 'vitest'
import type { AccessGuard } from '../auth/access-guard.js'
import type { EventMessage } from '../contract/stream.js'
import { createEventBus } from '../event-bus.js'
import { silentLogger } from '../logger.js'
import { createEventsModule, RECENT_EVENTS } from './module.js'

const guard = { require: () => (_req: unknown, _res: unknown, next: () => void) => next() } as unknown as AccessGuard
const event = (n: number): EventMessage => ({
  type: 'event',
  wallTimeMs: n,
  event: { kind: 'run-state', runId: `run ${n}`, state: 'running' },
})

describe('events module', () => {
  it('keeps the newest RECENT_EVENTS events in order and stops listening when closed', () => {
    const bus = createEventBus(silentLogger)
    const events = createEventsModule({ bus, guard })
    for (let n = 0; n < RECENT_EVENTS + 5; n += 1) bus.publish('event', event(n))
    expect(events.recent()).toHaveLength(RECENT_EVENTS)
    expect(events.recent()[0]!.wallTimeMs).toBe(5)
    expect(events.recent().at(-1)!.wallTimeMs).toBe(RECENT_EVENTS + 4)
    void events.close?.()
    bus.publish('event', event(1000))
    expect(events.recent().at(-1)!.wallTimeMs).toBe(RECENT_EVENTS + 4)
  })
})
