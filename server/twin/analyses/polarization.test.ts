import { describe, expect, it } from 'vitest'
import { analysePolarization, type CurvePoint } from './polarization.js'

/** An ideal ohmic cell: E = 0.7 V behind 100 ohm, on loads from 10 kohm down to 10 ohm. */
const loads = [10_000, 5000, 2000, 1000, 500, 300, 200, 150, 100, 70, 50, 30, 20, 10]
const ohmic: CurvePoint[] = loads.map((rExtOhm) => {
  const currentA = 0.7 / (rExtOhm + 100)
  return { rExtOhm, currentA, voltageV: currentA * rExtOhm }
})

describe('polarization analysis', () => {
  it('finds OCV, the ohmic slope, R_ext at P_max and the MPP of an ohmic cell', () => {
    const result = analysePolarization(ohmic)
    expect(result.order).toBe('resistance')
    expect(result.maximumPower.rExtOhm).toBe(100)
    expect(result.maximumPower.powerW).toBeCloseTo(0.7 ** 2 / 400, 12)
    expect(result.internalResistance.ohmicSlopeOhm).toBeCloseTo(100, 6)
    expect(result.internalResistance.atMaximumPowerOhm).toBeCloseTo(100, 9)
    expect(result.internalResistance.ohmicRegion?.points).toBe(loads.length)
    // No point carries under 1 % of the largest current: the OCV is the line's intercept.
    expect(result.openCircuit).toEqual({ voltageV: expect.closeTo(0.7, 9), method: 'extrapolated' })
    expect(result.overshoot.detected).toBe(false)
    expect(result.density.maxPowerWPerM2).toBeNull()
  })

  it('takes a measured open-circuit point, excludes the activation and transport regions, and gives densities', () => {
    // Activation loss near OCV (a steep drop), then ohmic, then a mass-transport tail at high current.
    const curve: CurvePoint[] = [
      { voltageV: 0.75, currentA: 0 },
      { voltageV: 0.66, currentA: 0.0001 },
      ...Array.from({ length: 10 }, (_, k) => {
        const currentA = 0.0005 + k * 0.0005
        return { voltageV: 0.64 - 80 * currentA, currentA }
      }),
      { voltageV: 0.12, currentA: 0.0058 },
      { voltageV: 0.03, currentA: 0.006 },
    ]
    const result = analysePolarization(curve, { anodeAreaCm2: 10, volumeMl: 28 })
    expect(result.order).toBe('voltage')
    expect(result.openCircuit).toEqual({ voltageV: 0.75, method: 'measured' })
    expect(result.internalResistance.ohmicSlopeOhm).toBeCloseTo(80, 1)
    expect(result.internalResistance.ohmicRegion?.fromCurrentA).toBeCloseTo(0.0005, 6)
    expect(result.internalResistance.ohmicRegion?.toCurrentA).toBeCloseTo(0.005, 9)
    const { powerW } = result.maximumPower
    expect(result.density.maxPowerWPerM2).toBeCloseTo(powerW / 10e-4, 9)
    expect(result.density.maxPowerWPerM3).toBeCloseTo(powerW / 28e-6, 6)
    expect(result.density.maxCurrentAPerM2).toBeCloseTo(0.006 / 10e-4, 9)
  })

  it('detects overshoot: the current falling back while the load keeps falling', () => {
    const folded: CurvePoint[] = [
      ...ohmic.slice(0, 10),
      { rExtOhm: 50, currentA: 0.0036, voltageV: 0.18 },
      { rExtOhm: 30, currentA: 0.003, voltageV: 0.09 },
      { rExtOhm: 20, currentA: 0.0025, voltageV: 0.05 },
    ]
    const result = analysePolarization(folded)
    expect(result.overshoot.detected).toBe(true)
    expect(result.overshoot.currentDropPct).toBeGreaterThan(30)
    expect(result.curve[result.overshoot.atIndex as number]?.rExtOhm).toBe(70)
  })

  it('refuses curves it cannot analyse', () => {
    expect(() => analysePolarization(ohmic.slice(0, 2))).toThrow(/at least 3 points/)
    expect(() => analysePolarization([0.7, 0.7, 0.7].map((voltageV) => ({ voltageV, currentA: 0 })))).toThrow(
      /no current/,
    )
  })
})
