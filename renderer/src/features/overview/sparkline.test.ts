import { describe, expect, it } from 'vitest'
import { FrameRing } from '../../store/frame-ring'
import { sparklinePoints } from './sparkline'

const ring = (values: number[]) => {
  const r = new FrameRing(10, 1)
  values.forEach((v, t) => r.push({ simTimeS: t, stack: [v, 0, 0, 0], cells: [[v, 0, 0, 0]] }))
  return r
}
const voltage = { cell: 0, channel: 'voltageV' } as const

describe('sparkline', () => {
  it('scales the last samples into the box, highest at the top', () => {
    expect(sparklinePoints(ring([5, 1, 2, 3]), voltage, 3, 100, 10)).toBe('0.0,10.0 50.0,5.0 100.0,0.0')
  })

  it('draws a flat line through the middle and nothing for one sample', () => {
    expect(sparklinePoints(ring([2, 2]), voltage, 5, 10, 10)).toBe('0.0,5.0 10.0,5.0')
    expect(sparklinePoints(ring([2]), voltage, 5, 10, 10)).toBe('')
  })

  it('leaves out absent samples and draws nothing without two present ones', () => {
    expect(sparklinePoints(ring([1, Number.NaN, 3]), voltage, 3, 100, 10)).toBe('0.0,10.0 100.0,0.0')
    expect(sparklinePoints(ring([Number.NaN, Number.NaN, 3]), voltage, 3, 100, 10)).toBe('')
  })
})
