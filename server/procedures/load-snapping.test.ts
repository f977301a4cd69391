import { describe, expect, it } from 'vitest'
import type { ActuatorStatus } from '../contract/control.js'
import { loadSnapping } from './procedure-stack.js'

const bank = (values: number[] | null): ActuatorStatus => ({
  ...{ id: 'stack-rext', kind: 'resistance', device: 'bank', address: '1', cell: null, unit: 'ohm' },
  ...{ min: 47, max: 4700, safe: 1000, values, commanded: 1000, measured: 1000, mismatch: false, state: 'ok' },
  ...{ writes: 0, failures: 0, lastError: null },
})

describe('the load a procedure step puts on the stack (without writing it)', () => {
  it('on hardware: clamped to the limits, on the bank, moving off the last value, above the reversal floor', () => {
    const floors: Record<string, number> = {}
    const snap = loadSnapping({
      source: 'hardware',
      actuators: () => [bank([47, 100, 220, 470, 1000, 4700])],
      reversalFloorOhm: () => floors,
    })
    expect(snap(300, undefined)).toBe(220)
    expect(snap(10, undefined)).toBe(47)
    expect(snap(1e6, undefined)).toBe(4700)
    // A request next to the last value moves to the neighbour in its direction (a small P&O step still moves).
    expect(snap(1100, 1000)).toBe(4700)
    floors['stack-rext'] = 500
    expect(snap(300, undefined)).toBe(1000)
  })

  it('a continuous actuator only clamps; the simulation takes the value itself', () => {
    const continuous = loadSnapping({ source: 'hardware', actuators: () => [bank(null)], reversalFloorOhm: () => ({}) })
    expect(continuous(333, undefined)).toBe(333)
    expect(continuous(5, undefined)).toBe(47)
    const simulated = loadSnapping({ source: 'simulation', actuators: () => [], reversalFloorOhm: () => ({}) })
    expect(simulated(5, undefined)).toBe(5)
  })
})
