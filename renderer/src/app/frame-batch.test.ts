import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFrameBatch } from './frame-batch'

afterEach(() => vi.useRealTimers())

describe('frame batch', () => {
  it('hands a burst over in one call, then starts a new batch', () => {
    vi.useFakeTimers()
    const flushed: number[][] = []
    const push = createFrameBatch<number>((items) => flushed.push(items), 100)
    for (let i = 0; i < 300; i++) push(i)
    expect(flushed).toEqual([])
    vi.advanceTimersByTime(100)
    expect(flushed).toHaveLength(1)
    expect(flushed[0]).toHaveLength(300)
    push(300)
    vi.advanceTimersByTime(100)
    expect(flushed).toEqual([expect.any(Array), [300]])
  })
})
