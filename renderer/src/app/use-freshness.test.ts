import { describe, expect, it } from 'vitest'
import { freshnessOf, STALE_AFTER_MS } from './use-freshness'

describe('freshness', () => {
  const base = { connection: 'live' as const, runState: 'running' as const, lastFrameAtMs: 10_000, nowMs: 11_000 }

  it('is current while a running station keeps sending, and while paused', () => {
    expect(freshnessOf(base)).toEqual({ stale: false, reason: undefined, ageMs: 1000 })
    expect(freshnessOf({ ...base, runState: 'paused', nowMs: 60_000 }).stale).toBe(false)
  })

  it('is stale with its age when reconnecting, idle, stopped, or silent', () => {
    expect(freshnessOf({ ...base, connection: 'reconnecting', nowMs: 25_000 })).toEqual({
      stale: true,
      reason: 'reconnecting',
      ageMs: 15_000,
    })
    expect(freshnessOf({ ...base, runState: 'stopped' }).reason).toBe('run stopped')
    expect(freshnessOf({ ...base, runState: 'idle' }).reason).toBe('run idle')
    expect(freshnessOf({ ...base, nowMs: 10_000 + STALE_AFTER_MS + 1 }).reason).toBe('no new data')
  })
})
