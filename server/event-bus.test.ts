import { describe, expect, it } from 'vitest'
import type { EventMessage } from './contract/stream.js'
import { createEventBus } from './event-bus.js'
import type { Logger } from './logger.js'

const event = (message: string): EventMessage => ({
  type: 'event',
  wallTimeMs: 0,
  event: { kind: 'service', service: 'recorder', status: 'failing', message },
})

function recordingLog(): Logger & { errors: string[] } {
  const errors: string[] = []
  return { errors, error: (message) => errors.push(message), warn() {}, info() {}, debug() {} }
}

describe('event bus', () => {
  it('delivers each message to every subscriber of its topic, in subscription order', () => {
    const bus = createEventBus(recordingLog())
    const seen: string[] = []
    bus.subscribe('event', 'first', (m) => seen.push(`first ${m.event.kind}`))
    bus.subscribe('event', 'second', (m) => seen.push(`second ${m.event.kind}`))
    bus.subscribe('telemetry', 'other topic', () => seen.push('telemetry'))
    bus.publish('event', event('x'))
    expect(seen).toEqual(['first service', 'second service'])
  })

  it('keeps delivering when a subscriber throws, and logs which one failed', () => {
    const log = recordingLog()
    const bus = createEventBus(log)
    const seen: string[] = []
    bus.subscribe('event', 'broken recorder', () => {
      throw new Error('disk full')
    })
    bus.subscribe('event', 'stream', () => seen.push('stream'))
    expect(() => bus.publish('event', event('x'))).not.toThrow()
    expect(seen).toEqual(['stream'])
    expect(log.errors).toEqual(['broken recorder failed on a "event" message'])
  })

  it('stops delivering after unsubscribe, also when a subscriber leaves during delivery', () => {
    const bus = createEventBus(recordingLog())
    const seen: string[] = []
    const leave = bus.subscribe('event', 'once', () => {
      seen.push('once')
      leave()
    })
    bus.subscribe('event', 'always', () => seen.push('always'))
    bus.publish('event', event('a'))
    bus.publish('event', event('b'))
    expect(seen).toEqual(['once', 'always', 'always'])
  })
})
