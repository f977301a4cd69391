import { describe, expect, it } from 'vitest'
import { FARADAY_C_PER_MOL } from '../../sim/parameters.js'
import { batchCycle, chargeC, continuousPeriod, detectCycles } from './coulombic.js'

const HOUR = 3600

describe('coulombic efficiency and COD removal', () => {
  it('integrates the current by trapezoids, clipped to the period', () => {
    const series = { timeS: [0, 10, 20], currentA: [0, 1, 1] }
    expect(chargeC(series, 0, 20)).toBe(15)
    expect(chargeC(series, 5, 15)).toBe(7.5)
  })

  it('a batch: Q against the removed COD of the anode volume (Logan 2006)', () => {
    // 1 mA for 24 h = 86.4 C; 0.1 L from 1000 to 500 mg/L COD = 50 mg O2 = 50/32000 mol O2 = 4 e- each.
    const series = { timeS: [0, 24 * HOUR], currentA: [0.001, 0.001] }
    const result = batchCycle(series, { startS: 0, endS: 24 * HOUR, codInMgL: 1000, codOutMgL: 500 }, 0.1)
    expect(result.chargeC).toBeCloseTo(86.4, 9)
    expect(result.codRemovedMg).toBeCloseTo(50, 9)
    expect(result.codRemovalPct).toBeCloseTo(50, 9)
    expect(result.coulombicEfficiencyPct).toBeCloseTo((100 * 86.4) / ((4 * FARADAY_C_PER_MOL * 50) / 32_000), 9)
    expect(batchCycle(series, { startS: 0, endS: HOUR }, 0.1).coulombicEfficiencyPct).toBeNull()
  })

  it('a continuous period: Q against the flow times the COD it lost', () => {
    const timeS = [0, 12 * HOUR, 24 * HOUR]
    const series = { timeS, currentA: [0.002, 0.002, 0.002] }
    const feed = { timeS, flowLPerDay: [0.5, 0.5, 0.5], codInMgL: [400, 400, 400], codOutMgL: [100, 100, 100] }
    const result = continuousPeriod(series, [feed, feed], 0, 24 * HOUR)
    // Two cells' feeds: 2 x 0.5 L/d x 300 mg/L over one day = 300 mg COD.
    expect(result.codRemovedMg).toBeCloseTo(300, 9)
    expect(result.codRemovalPct).toBeCloseTo(75, 9)
    expect(result.coulombicEfficiencyPct).toBeCloseTo((100 * 172.8) / ((4 * FARADAY_C_PER_MOL * 300) / 32_000), 9)
  })

  it('detects fed-batch cycles from the voltage jumping at each feed and falling when the substrate runs out', () => {
    // Spent for an hour, then three cycles of 10 h: fed at 1, 11, 21 h (0.6 V), spent 8 h later (0.05 V).
    const timeS = Array.from({ length: 301 }, (_, k) => k * 360)
    const fed = (t: number) => t >= HOUR && ((t - HOUR) / HOUR) % 10 < 8
    const cycles = detectCycles(
      timeS,
      timeS.map((t) => (fed(t) ? 0.6 : 0.05)),
    )
    // Each starts at the last spent sample before its feed; the last ends at the last spent sample.
    expect(cycles.map((c) => [c.startS / HOUR, c.endS / HOUR].map((h) => Math.round(h * 10) / 10))).toEqual([
      [0.9, 10.9],
      [10.9, 20.9],
      [20.9, 30],
    ])
  })

  it('finds no cycles in a trace that does not swing', () => {
    const timeS = Array.from({ length: 100 }, (_, k) => k * 60)
    expect(
      detectCycles(
        timeS,
        timeS.map((t) => 0.5 + 0.001 * Math.sin(t)),
      ),
    ).toEqual([])
  })
})
