import { describe, expect, it } from 'vitest'
import { circuitHealth, createLearnedFloor } from './learned-floor.js'

const limit = { thresholdV: 0.05, marginFraction: 0.25, relaxAfterS: 100, relaxAboveV: 0.2 }

describe('a learned reversal floor (docs/control.md "Reversal limit")', () => {
  it('tells reversed, marginal and healthy circuits apart; a missing reading is never healthy', () => {
    expect(circuitHealth([0.3, 0.01], limit)).toBe('reversed')
    expect(circuitHealth([0.3, 0.1], limit)).toBe('marginal')
    expect(circuitHealth([0.3, null], limit)).toBe('marginal')
    expect(circuitHealth([], limit)).toBe('marginal')
    expect(circuitHealth([0.3, 0.25], limit)).toBe('healthy')
  })

  it('rises to the load plus the margin, steps down per healthy period, and is gone below the lowest load', () => {
    const floor = createLearnedFloor(limit, { minOhm: 100, maxOhm: 1000 })
    floor.observe(0, 'healthy', 50)
    expect(floor.value()).toBe(-Infinity)
    floor.observe(1, 'reversed', 160)
    floor.observe(2, 'reversed', 900)
    expect(floor.value()).toBe(1000)
    floor.observe(10, 'healthy', 1000)
    floor.observe(109, 'healthy', 1000)
    expect(floor.value()).toBe(1000)
    floor.observe(110, 'healthy', 1000)
    expect(floor.value()).toBe(800)
    for (const timeS of [210, 310, 410]) floor.observe(timeS, 'healthy', 800)
    expect(floor.value()).toBeCloseTo(409.6, 9)
    for (const timeS of [510, 610, 710, 810, 910, 1010, 1110]) floor.observe(timeS, 'healthy', 400)
    expect(floor.value()).toBe(-Infinity)
  })

  it('keeps its floor for good with relaxAfterS 0', () => {
    const floor = createLearnedFloor({ ...limit, relaxAfterS: 0 }, { minOhm: 1, maxOhm: 1e7 })
    floor.observe(0, 'reversed', 400)
    for (let timeS = 1; timeS < 10_000; timeS += 100) floor.observe(timeS, 'healthy', 500)
    expect(floor.value()).toBe(500)
  })
})
