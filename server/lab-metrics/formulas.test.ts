import { describe, expect, it } from 'vitest'
import {
  codFlowMgPerS,
  codRemovalPct,
  codRemovalRateGPerLDay,
  coulombicEfficiencyPct,
  joulesToWh,
  powerDensityPerAreaWPerM2,
  powerDensityPerVolumeWPerM3,
  integralOf,
  integralSpanS,
  joinIntegrals,
  valueAt,
} from './formulas.js'

describe('lab metric formulas, against hand-computed values', () => {
  it('power density: 1 mW on 25 cm2 is 0.4 W/m2, on 50 mL is 20 W/m3', () => {
    expect(powerDensityPerAreaWPerM2(1e-3, 25)).toBeCloseTo(0.4, 12)
    expect(powerDensityPerVolumeWPerM3(1e-3, 0.05)).toBeCloseTo(20, 12)
  })

  it('energy: 7200 J is 2 Wh', () => {
    expect(joulesToWh(7200)).toBe(2)
  })

  it('trapezoid: a ramp 0..2 W over 10 s is 10 J; the span is 10 s', () => {
    const ramp = integralOf({ t: [0, 5, 10], y: [0, 1, 2] })
    expect(ramp.sum).toBe(10)
    expect(integralSpanS(ramp)).toBe(10)
    const single = integralOf({ t: [3], y: [1] })
    expect(single.sum).toBe(0)
    expect(integralSpanS(single)).toBe(0)
  })

  it('joined integrals bridge the seam with one trapezoid: the same as integrating all samples', () => {
    const whole = integralOf({ t: [0, 5, 10, 20], y: [0, 1, 2, 4] })
    const joined = joinIntegrals(integralOf({ t: [0, 5], y: [0, 1] }), integralOf({ t: [10, 20], y: [2, 4] }))
    expect(joined).toEqual(whole)
    expect(joinIntegrals(integralOf({ t: [], y: [] }), whole)).toEqual(whole)
  })

  it('valueAt interpolates between samples and holds beyond the ends', () => {
    const series = { t: [0, 10, 20], y: [1, 3, 7] }
    expect(valueAt(series, 5)).toBe(2)
    expect(valueAt(series, 15)).toBe(5)
    expect(valueAt(series, -1)).toBe(1)
    expect(valueAt(series, 99)).toBe(7)
    expect(valueAt({ t: [], y: [] }, 1)).toBeNaN()
  })

  it('CE: 1 mg COD carries 4 F / 32000 C = 12.06 C, so that charge for 1 mg removed is 100 %', () => {
    const coulombsPerMgCod = (4 * 96_485) / 32_000
    expect(coulombicEfficiencyPct(coulombsPerMgCod, 1)).toBeCloseTo(100, 10)
    expect(coulombicEfficiencyPct(coulombsPerMgCod / 4, 2)).toBeCloseTo(12.5, 10)
    expect(coulombicEfficiencyPct(5, 0)).toBeNull()
  })

  it('COD removal: 150 of 300 mg is 50 %; nothing fed is null', () => {
    expect(codRemovalPct(150, 300)).toBe(50)
    expect(codRemovalPct(0, 0)).toBeNull()
  })

  it('COD removal rate: 500 mg over 2 days in 0.25 L is 1 g/L/d', () => {
    expect(codRemovalRateGPerLDay(500, 0.25, 2 * 86_400)).toBeCloseTo(1, 12)
    expect(codRemovalRateGPerLDay(500, 0.25, 0)).toBeNull()
  })

  it('COD flow: 86.4 L/d of 59.04 mg/L acetate carries 1 mL/s x 64 mg COD/L = 0.064 mg COD/s', () => {
    expect(codFlowMgPerS(86.4, 59.04)).toBeCloseTo(0.064, 12)
  })
})
