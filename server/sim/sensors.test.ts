import { describe, expect, it } from 'vitest'
import { createSensor } from './sensors.js'
import { createRandom } from './random.js'

const spec = { noiseStd: 0, driftPerDay: 0, dropoutProbability: 0, delayS: 0, lagS: 0 }
const healthy = { stuck: false, extraDriftPerDay: 0 }

describe('sensors', () => {
  it('adds zero-mean noise of the configured spread', () => {
    const sensor = createSensor({ ...spec, noiseStd: 2 }, createRandom(1))
    const readings = Array.from({ length: 4000 }, (_, k) => sensor.read(100, k, healthy) as number)
    const mean = readings.reduce((a, b) => a + b, 0) / readings.length
    const std = Math.sqrt(readings.reduce((a, b) => a + (b - mean) ** 2, 0) / readings.length)
    expect(mean).toBeCloseTo(100, 0)
    expect(std).toBeGreaterThan(1.9)
    expect(std).toBeLessThan(2.1)
  })

  it('answers a step late (dead time) and smoothed (lag)', () => {
    const sensor = createSensor({ ...spec, delayS: 300, lagS: 60 }, createRandom(1))
    sensor.read(0, 0, healthy)
    const after = (t: number) => sensor.read(100, t, healthy) as number
    expect(after(60)).toBe(0)
    expect(after(240)).toBe(0)
    expect(after(360)).toBeGreaterThan(50) // the sample from t = 60 s, one lag constant after the step
    after(3600)
    expect(after(4000)).toBeCloseTo(100, 6) // the t = 3600 s sample, long settled
  })

  it('drifts, drops out and sticks', () => {
    const drifting = createSensor({ ...spec, driftPerDay: 10 }, createRandom(1))
    drifting.read(5, 0, healthy)
    expect(drifting.read(5, 86_400, healthy)).toBeCloseTo(15, 9)
    expect(drifting.read(5, 2 * 86_400, { stuck: false, extraDriftPerDay: 10 })).toBeCloseTo(35, 9)
    const flaky = createSensor({ ...spec, dropoutProbability: 0.5 }, createRandom(2))
    const readings = Array.from({ length: 1000 }, (_, k) => flaky.read(1, k, healthy))
    const dropped = readings.filter((r) => r === null).length
    expect(dropped).toBeGreaterThan(400)
    expect(dropped).toBeLessThan(600)
    const stuck = createSensor(spec, createRandom(3))
    stuck.read(7, 0, healthy)
    expect(stuck.read(9, 60, { stuck: true, extraDriftPerDay: 0 })).toBe(7)
  })
})
