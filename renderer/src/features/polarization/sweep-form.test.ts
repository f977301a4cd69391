import { describe, expect, it } from 'vitest'
import { formMatches, formOf, parseSweepForm, sweepLimits } from './sweep-form'

describe('sweep form', () => {
  it("takes its limits and defaults from the API's schema", () => {
    expect(sweepLimits.points).toMatchObject({ min: 3, max: 100, default: 40, integer: true })
    expect(sweepLimits.maxOhm).toMatchObject({ max: 1e6, default: 2000 })
    expect(sweepLimits.minOhm.min).toBe(0)
    expect(formOf(undefined)).toEqual({ minOhm: '10', maxOhm: '2000', points: '40' })
  })

  it('refuses what the API refuses, naming the field, before anything is sent', () => {
    expect(parseSweepForm({ minOhm: '10', maxOhm: '2000', points: '101' })).toMatchObject({
      ok: false,
      reason: /^points:/,
    })
    expect(parseSweepForm({ minOhm: '0', maxOhm: '2000', points: '10' })).toMatchObject({
      ok: false,
      reason: /^minOhm:/,
    })
    expect(parseSweepForm({ minOhm: '500', maxOhm: '100', points: '10' })).toMatchObject({
      ok: false,
      reason: /^minOhm:/,
    })
    expect(parseSweepForm({ minOhm: '10', maxOhm: '2000', points: '100' })).toEqual({
      ok: true,
      request: { minOhm: 10, maxOhm: 2000, points: 100 },
    })
  })

  it('tells whether the form still describes the shown sweep', () => {
    const shown = { minOhm: 50, maxOhm: 3000, points: 12 }
    expect(formMatches(formOf(shown), shown)).toBe(true)
    expect(formMatches({ ...formOf(shown), points: '13' }, shown)).toBe(false)
    expect(formMatches(formOf(shown), undefined)).toBe(false)
  })
})
