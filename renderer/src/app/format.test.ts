import { describe, expect, it } from 'vitest'
import { formatChannel, formatSimTime, formatSpeed } from './format'

describe('formatting', () => {
  it('shows channels in display units', () => {
    expect(formatChannel('powerW', 0.0012345)).toBe('1.234 mW')
    expect(formatChannel('voltageV', 0.5)).toBe('0.500 V')
    expect(formatChannel('substrateMgL', Number.NaN)).toBe('–')
  })

  it('shows simulated time with days once there are any', () => {
    expect(formatSimTime(3725)).toBe('01:02:05')
    expect(formatSimTime(3 * 86_400 + 61)).toBe('d 3 00:01:01')
  })

  it('shows speed', () => {
    expect(formatSpeed(600)).toBe('600×')
    expect(formatSpeed('max')).toBe('max')
  })
})
