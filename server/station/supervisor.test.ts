import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../clock.js'
import { silentLogger } from '../logger.js'
import { createSupervisor } from './supervisor.js'

afterEach(() => {
  vi.useRealTimers()
})

/** The real clock's timers, which vitest's fake timers replace, read against the faked Date. */
const fakeTimerClock = { ...systemClock, now: () => Date.now() }

describe('supervisor', () => {
  it('restarts a failing service with exponential backoff, counts and reports it', async () => {
    vi.useFakeTimers()
    const events: string[] = []
    const supervisor = createSupervisor({
      log: silentLogger,
      clock: fakeTimerClock,
      onEvent: (e) => events.push(`${e.service} ${e.action}`),
      baseDelayMs: 100,
      maxDelayMs: 400,
      stableMs: 10_000,
    })
    let fail: (error: unknown) => void = () => {}
    const started: number[] = []
    let closes = 0
    supervisor.supervise('recorder', (f) => {
      fail = f
      started.push(Date.now())
      return { close: () => void (closes += 1) }
    })
    expect(supervisor.health()).toEqual([
      { name: 'recorder', state: 'up', up: true, uptimeSeconds: 0, restarts: 0, lastError: null },
    ])

    const failedAt: number[] = []
    for (let i = 0; i < 4; i += 1) {
      failedAt.push(Date.now())
      fail(new Error(`disk ${i}`))
      await vi.advanceTimersByTimeAsync(0)
      expect(supervisor.health()[0]).toMatchObject({ state: 'restarting', up: false, lastError: `disk ${i}` })
      await vi.advanceTimersByTimeAsync(1000)
    }
    const delays = started.slice(1).map((t, i) => t - failedAt[i]!)
    expect(delays).toEqual([100, 200, 400, 400])
    expect(closes).toBe(4)
    expect(supervisor.health()[0]).toMatchObject({ state: 'up', restarts: 4 })
    expect(events.filter((e) => e.endsWith('failed'))).toHaveLength(4)
    expect(events.filter((e) => e.endsWith('restarted'))).toHaveLength(4)

    // A stale instance's late report does nothing; close cancels everything.
    const staleFail = fail
    await supervisor.close()
    staleFail(new Error('late'))
    await vi.advanceTimersByTimeAsync(5000)
    expect(started).toHaveLength(5)
    expect(supervisor.health()[0]).toMatchObject({ state: 'stopped' })
  })

  it('treats a throwing start as a failure', async () => {
    vi.useFakeTimers()
    let attempts = 0
    const supervisor = createSupervisor({ log: silentLogger, clock: fakeTimerClock, baseDelayMs: 50 })
    supervisor.supervise('flaky', () => {
      attempts += 1
      if (attempts < 3) throw new Error('not yet')
      return { close() {} }
    })
    await vi.advanceTimersByTimeAsync(500)
    expect(attempts).toBe(3)
    expect(supervisor.health()[0]).toMatchObject({ up: true, restarts: 2 })
    await supervisor.close()
  })
})
