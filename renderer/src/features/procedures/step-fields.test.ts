import { describe, expect, it } from 'vitest'
import { procedureStepSchema } from '../../../../server/contract/procedures'
import { defaultStep, durationText, parseResistors, stepKindLabels, type StepKind } from './step-fields'

describe('procedure step fields', () => {
  it('every kind starts from a step the API accepts', () => {
    for (const kind of Object.keys(stepKindLabels) as StepKind[])
      expect(procedureStepSchema.safeParse(defaultStep(kind)).success).toBe(true)
  })

  it('reads resistor lists and refuses values outside the limits', () => {
    expect(parseResistors('30000, 10000 5000')).toEqual([30000, 10000, 5000])
    expect(parseResistors('100, 0')).toBeUndefined()
    expect(parseResistors('abc')).toBeUndefined()
    expect(parseResistors('')).toBeUndefined()
  })

  it('shows durations in hours, minutes and seconds', () => {
    expect(durationText(3725)).toBe('1 h 02 min')
    expect(durationText(245)).toBe('4 min 05 s')
    expect(durationText(12.4)).toBe('12 s')
    expect(durationText(null)).toBe('–')
  })
})
