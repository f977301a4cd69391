import { describe, expect, it } from 'vitest'
import { createManualClock } from './manual-clock.js'

describe('manual clock', () => {
  it('runs timeouts once and intervals repeatedly, in time order, as time advances', () => {
    const clock = createManualClock(0)
    const seen: string[] = []
    clock.setInterval(() => seen.push(`tick ${clock.now()}`), 100)
    clock.setTimeout(() => seen.push(`once ${clock.now()}`), 150)
    clock.advance(250)
    expect(seen).toEqual(['tick 100', 'once 150', 'tick 200'])
    expect(clock.now()).toBe(250)
    expect(clock.pending()).toBe(1)
  })

  it('forgets cleared timers', () => {
    const clock = createManualClock(0)
    let runs = 0
    const handle = clock.setInterval(() => (runs += 1), 10)
    clock.advance(25)
    clock.clearInterval(handle)
    clock.advance(100)
    expect(runs).toBe(2)
    expect(clock.pending()).toBe(0)
  })
})
