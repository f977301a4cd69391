import { describe, expect, it } from 'vitest'
import { telemetryFrame } from '../testing/fixtures'
import { simTimeAt } from './feeds'

describe('simulated time of a past event', () => {
  const latest = telemetryFrame(1, { simTimeS: 7200, wallTimeMs: 100_000 })

  it('goes back from the newest frame at the run speed', () => {
    expect(simTimeAt(90_000, latest, 600)).toBe(1200)
    expect(simTimeAt(100_500, latest, 600)).toBe(7200)
  })

  it('is unknown before the run, at "max" speed, without frames, or when the run does not move', () => {
    expect(simTimeAt(80_000, latest, 600)).toBeUndefined()
    expect(simTimeAt(99_000, latest, 'max')).toBeUndefined()
    expect(simTimeAt(99_000, undefined, 600)).toBeUndefined()
    expect(simTimeAt(99_000, { ...latest, state: 'paused' }, 600)).toBeUndefined()
  })
})
