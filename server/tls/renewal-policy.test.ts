import { describe, expect, it } from 'vitest'
import { dueExpiryAlert, renewalDueAt, retryDelayMs } from './renewal-policy.js'

const DAY = 86_400_000
const at = (days: number) => new Date(Date.UTC(2026, 0, 1) + days * DAY)

describe('renewal policy (certmagic)', () => {
  it.each([
    ['90-day certificate: a third left', 0, 90, 60],
    ['45-day certificate', 0, 45, 30],
    ['6-day certificate: half left', 0, 6, 3],
    ['365-day self-signed', 0, 365, 365 - 365 / 3],
  ])('%s', (_name, from, to, dueDay) => {
    expect(renewalDueAt(at(from), at(to)).getTime()).toBeCloseTo(at(dueDay).getTime(), -3)
  })

  it('backs off 1m, 2m, 5m, 10m ... up to 6h and stays there', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 50].map((n) => retryDelayMs(n) / 60_000)).toEqual([
      1, 2, 5, 10, 20, 30, 60, 120, 240, 360, 360, 360,
    ])
  })

  it.each([
    [40, [], undefined],
    [30, [], 30],
    [20, [30], undefined],
    [5, [30], 7],
    [5, [30, 7], undefined],
    [0, [30, 14, 7], 1],
    [-3, [30, 14, 7, 1], undefined],
  ])('%i days left with %j sent -> alert %s', (daysLeft, sent, expected) => {
    expect(dueExpiryAlert(daysLeft, [30, 14, 7, 1], sent)).toBe(expected)
  })
})
