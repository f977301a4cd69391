import { describe, expect, it } from 'vitest'
import { combinedRows, MAX_CHART_POINTS, windowRows } from './chart-window'
import { FrameRing } from './frame-ring'

const sample = (t: number, v: number) => ({ simTimeS: t, stack: [v, 0, 0, 0], cells: [[v * 2, 0, 0, 0]] })

function ring(times: number[], capacity = 100, spacing = 0): FrameRing {
  const r = new FrameRing(capacity, 1, spacing)
  for (const t of times) r.push(sample(t, t))
  return r
}

describe('chart window', () => {
  it('returns the samples inside the window, oldest first, with one key per series', () => {
    const rows = windowRows(
      ring([0, 10, 20, 30, 40]),
      [
        { cell: 'stack', channel: 'voltageV' },
        { cell: 0, channel: 'voltageV' },
      ],
      20,
      40,
    )
    expect(rows).toEqual([
      { t: 20, stack_voltageV: 20, cell0_voltageV: 40 },
      { t: 30, stack_voltageV: 30, cell0_voltageV: 60 },
      { t: 40, stack_voltageV: 40, cell0_voltageV: 80 },
    ])
  })

  it('ends a paused window at its end time even while newer samples arrive', () => {
    const rows = windowRows(ring([0, 10, 20, 30, 40]), [{ cell: 'stack', channel: 'voltageV' }], 10, 20)
    expect(rows.map((r) => r.t)).toEqual([10, 20])
  })

  it('averages into at most maxPoints buckets, each stamped with its last time', () => {
    const rows = windowRows(ring([0, 1, 2, 3, 4, 5]), [{ cell: 'stack', channel: 'voltageV' }], 100, 5, 3)
    expect(rows).toEqual([
      { t: 1, stack_voltageV: 0.5 },
      { t: 3, stack_voltageV: 2.5 },
      { t: 5, stack_voltageV: 4.5 },
    ])
  })

  it('wraps around when full and skips samples closer than the spacing', () => {
    const full = ring([1, 2, 3, 4, 5], 3)
    expect([0, 1, 2].map((i) => full.timeAt(i))).toEqual([3, 4, 5])
    const coarse = ring([0, 10, 20, 30, 40], 10, 25)
    expect([0, 1].map((i) => coarse.timeAt(i))).toEqual([0, 30])
    expect(coarse.length).toBe(2)
  })

  it('joins the long-range ring (older part) and the full-rate ring (newer part) without repeating an instant', () => {
    const recent = ring([100, 101, 102, 103])
    const archive = ring([0, 30, 60, 90], 10, 30)
    const voltage = [{ cell: 'stack' as const, channel: 'voltageV' as const }]
    expect(combinedRows(recent, archive, voltage, 90, 103).map((r) => r.t)).toEqual([30, 60, 90, 100, 101, 102, 103])
    // Points are shared by the span with data: in a 1000 s window over a 103 s old run, 43 s of
    // full-rate data get 43/103 of the points, not 43/1000.
    const longRecent = ring(Array.from({ length: 44 }, (_, i) => 60 + i))
    expect(combinedRows(longRecent, archive, voltage, 1000, 103, 10).filter((r) => r.t >= 60)).toHaveLength(4)
    // Covered by the full-rate ring alone, or paused before it starts: one ring.
    expect(combinedRows(recent, archive, voltage, 2, 103).map((r) => r.t)).toEqual([101, 102, 103])
    expect(combinedRows(recent, archive, voltage, 60, 95).map((r) => r.t)).toEqual([60, 90])
    expect(combinedRows(ring([]), archive, voltage, 40, 100).map((r) => r.t)).toEqual([60, 90])
  })

  it('downsamples a full 16-cell, 10-minute ring for four charts in a few milliseconds', () => {
    const big = new FrameRing(6000, 16)
    const cells = Array.from({ length: 16 }, () => [0.5, 0.001, 0.0005, 100])
    for (let t = 0; t < 6000; t += 1) big.push({ simTimeS: t / 10, stack: [8, 0.001, 0.008, 100], cells })
    const series = [
      { cell: 'stack' as const, channel: 'voltageV' as const },
      { cell: 3, channel: 'voltageV' as const },
    ]
    const started = performance.now()
    for (let chart = 0; chart < 4; chart += 1) expect(windowRows(big, series, 600, 600)).toHaveLength(MAX_CHART_POINTS)
    expect(performance.now() - started).toBeLessThan(40)
  })
})
