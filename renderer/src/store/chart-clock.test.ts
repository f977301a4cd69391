import { beforeEach, describe, expect, it } from 'vitest'
import { chartRange, useChartClock } from './chart-clock'

beforeEach(() => useChartClock.setState({ windowS: 3600, endS: undefined, pausedAtS: undefined, revision: 0 }))

describe('chart clock', () => {
  it('gives every chart the same range, moved on each tick while live', () => {
    const clock = useChartClock.getState
    clock().tick(10_000, 1)
    expect(chartRange(clock())).toEqual([6400, 10_000])
    clock().tick(10_600, 2)
    expect(chartRange(clock())).toEqual([7000, 10_600])
  })

  it('keeps a paused range while data goes on, and starts the range at the run start', () => {
    const clock = useChartClock.getState
    clock().tick(2000, 1)
    expect(chartRange(clock())).toEqual([0, 2000])
    clock().togglePause(2000)
    clock().tick(5000, 2)
    expect(chartRange(clock())).toEqual([0, 2000])
    clock().togglePause(5000)
    expect(chartRange(clock())).toEqual([1400, 5000])
  })
})
