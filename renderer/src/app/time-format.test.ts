import { describe, expect, it } from 'vitest'
import { formatCelsius, formatChannel, formatSpeed } from './format'
import { formatAge, formatDateTime, formatSimClock, formatSimSpan, formatSimTime, formatWallTime } from './time-format'

describe('formatting', () => {
  it('shows channels in display units, temperature in °C', () => {
    expect(formatChannel('powerW', 0.0012345)).toBe('1.234 mW')
    expect(formatChannel('voltageV', 0.5)).toBe('0.500 V')
    expect(formatChannel('substrateMgL', Number.NaN)).toBe('–')
    expect(formatChannel('loadOhm', 600.4)).toBe('600 Ω')
    expect(formatCelsius(298.15)).toBe('25.0 °C')
  })

  it('tags simulated time "sim" and wall time "wall", so the two never read alike', () => {
    expect(formatSimTime(3725)).toBe('sim 01:02:05')
    expect(formatSimTime(3 * 86_400 + 4 * 3600 + 12 * 60 + 10)).toBe('sim 3 d 04:12:10')
    expect(formatSimClock(61)).toBe('00:01:01')
    const at = new Date(2026, 10, 22, 14, 5, 12).getTime()
    expect(formatWallTime(at)).toBe('14:05:12 wall')
    expect(formatDateTime(at)).toBe('2026-11-22 14:05:12')
    expect(formatDateTime(new Date(at).toISOString())).toBe('2026-11-22 14:05:12')
    expect(formatDateTime(undefined)).toBe('–')
  })

  it('shows ages and spans in words', () => {
    expect(formatAge(4200)).toBe('4 s')
    expect(formatAge(200_000)).toBe('3 min 20 s')
    expect(formatSimSpan(36_000)).toBe('10 h')
    expect(formatSimSpan(90)).toBe('1.5 min')
  })

  it('shows speed', () => {
    expect(formatSpeed(600)).toBe('600×')
    expect(formatSpeed('max')).toBe('max')
  })
})
