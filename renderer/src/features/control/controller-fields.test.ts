import { describe, expect, it } from 'vitest'
import { controllerChanges, currentValues, settingsOf } from './controller-fields'

const mppt = {
  kind: 'mppt',
  scope: 'stack',
  stepFraction: 0.03,
  periodS: 300,
  minOhm: 1,
  maxOhm: 100_000,
  adaptive: false,
}

describe('controller form', () => {
  it("shows the running controller's values, defaults included, for its own kind only", () => {
    expect(currentValues(mppt, 'mppt')).toMatchObject({ scope: 'stack', stepFraction: '0.03', periodS: '300' })
    expect(currentValues(mppt, 'pid')).toEqual({})
  })

  it('sends the filled fields, numbers as numbers', () => {
    expect(settingsOf('pid', { actuator: 'dosing', kp: '0.01', ki: ' ' })).toEqual({ actuator: 'dosing', kp: 0.01 })
  })

  it('confirms old -> new: the kind, and each setting that changes', () => {
    expect(controllerChanges(mppt, 'mppt', { stepFraction: 0.05, periodS: 300 })).toEqual(['stepFraction 0.03 → 0.05'])
    expect(controllerChanges(mppt, 'pid', { kp: 0.01 })).toEqual(['kind mppt → pid', 'kp default → 0.01'])
  })
})
