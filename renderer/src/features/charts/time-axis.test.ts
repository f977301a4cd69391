import { describe, expect, it } from 'vitest'
import { timeTicks, valueTicks } from './time-axis'

const labels = (startS: number, endS: number) => {
  const axis = timeTicks(startS, endS)
  return axis.ticks.map(axis.format)
}

describe('time axis', () => {
  it.each([
    [0, 60],
    [0, 3600],
    [1234, 1234 + 600],
    [0, 86_400],
    [5 * 86_400, 6 * 86_400 + 1],
    [100, 100.5],
  ])('%d..%d s: whole steps, at most 6 ticks, no label twice', (startS, endS) => {
    const printed = labels(startS, endS)
    expect(printed.length).toBeLessThanOrEqual(7)
    expect(new Set(printed).size).toBe(printed.length)
  })

  it('drops the seconds when the step has none, and prints whole days as days', () => {
    expect(labels(0, 3600)).toEqual(['00:00', '00:10', '00:20', '00:30', '00:40', '00:50', '01:00'])
    expect(labels(0, 5 * 86_400)).toEqual(['0 d', '1 d', '2 d', '3 d', '4 d', '5 d'])
  })
})

describe('value axis', () => {
  it.each([
    [1.7501, 1.7549],
    [0, 0.0021],
    [-0.2, 0.6],
    [5, 5],
    [299.9, 300.4],
    [600, 600.0000000000001],
    [1e7, 1e7 + 1e-6],
    [-1e-300, 1e-300],
  ])('%d..%d: nice ticks that cover the data and print distinctly', (min, max) => {
    const { ticks, digits } = valueTicks(min, max)
    expect(ticks[0]!).toBeLessThanOrEqual(min)
    expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max)
    const printed = ticks.map((t) => t.toFixed(digits))
    expect(new Set(printed).size).toBe(printed.length)
  })

  it('stays a handful of ticks for a constant series whose bucket means differ in the last bits', () => {
    // 600 and 600.0000000000001 once made a step too small to move a tick: an endless loop.
    expect(valueTicks(600, 600.0000000000001).ticks).toEqual([400, 600, 800])
  })
})
