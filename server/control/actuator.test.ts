import { describe, expect, it } from 'vitest'
import { resistanceActuatorSchema } from '../config/actuators-schema.js'
import type { ActuatorMapping } from '../instruments/actuator-map.js'
import { createManualClock } from '../testing/manual-clock.js'
import { createActuator, snapToBank } from './actuator.js'

function mapping(values?: number[]): ActuatorMapping {
  const config = resistanceActuatorSchema.parse({
    ...{ device: 'pot', address: 'holding:100:uint16', minOhm: 20, maxOhm: 5000, safeOhm: 4000 },
    ...(values ? { values } : {}),
  })
  return {
    id: 'cell-1-rext',
    cell: 1,
    device: 'pot',
    address: config.address,
    readBack: config.address,
    scale: 1,
    tolerance: 0.02,
    kind: 'resistance',
    config,
  }
}

function actuation(failures: number) {
  const commanded = new Map<string, number>()
  let measured: number | undefined
  let left = failures
  return {
    writes: [] as number[],
    setMeasured: (value: number) => (measured = value),
    commanded: (id: string) => commanded.get(id),
    measured: () => measured,
    async write(id: string, value: number) {
      commanded.set(id, value)
      if (left > 0) {
        left -= 1
        throw new Error('ETIMEDOUT')
      }
      this.writes.push(value)
    },
  }
}

describe('actuators', () => {
  it('snap to the nearest bank value by ratio, and step along the bank when asked to move', () => {
    const bank = [100, 330, 1000, 3300]
    expect(snapToBank(bank, 560, undefined)).toBe(330)
    expect(snapToBank(bank, 620, undefined)).toBe(1000)
    // A 3 % step down from 1000 snaps back to 1000: the neighbour in that direction is taken instead.
    expect(snapToBank(bank, 970, 1000)).toBe(330)
    expect(snapToBank(bank, 1030, 1000)).toBe(3300)
    expect(snapToBank(bank, 3400, 3300)).toBe(3300)
  })

  it('clamp to the limits and never go below a floor', () => {
    const actuator = createActuator(mapping(), {
      actuation: actuation(0),
      clock: createManualClock(),
      retries: 0,
      backoffMs: 1,
    })
    expect(actuator.target(5)).toBe(20)
    expect(actuator.target(9000)).toBe(5000)
    expect(actuator.target(100, 300)).toBe(300)
    const banked = createActuator(mapping([100, 330, 1000]), {
      actuation: actuation(0),
      clock: createManualClock(),
      retries: 0,
      backoffMs: 1,
    })
    expect(banked.target(100, 300)).toBe(330)
  })

  it('retry a failed write with doubling backoff, then mark the actuator failed until a write succeeds', async () => {
    const clock = createManualClock()
    const device = actuation(3)
    const actuator = createActuator(mapping(), { actuation: device, clock, retries: 2, backoffMs: 100 })
    const first = actuator.write(470)
    await Promise.resolve()
    expect(actuator.status().state).toBe('retrying')
    for (const ms of [100, 200]) {
      clock.advance(ms)
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(await first).toBe(false)
    expect(actuator.status()).toMatchObject({ state: 'failed', failures: 3, lastError: 'ETIMEDOUT' })
    expect(actuator.failed()).toBe(true)
    expect(await actuator.write(470)).toBe(true)
    expect(actuator.status()).toMatchObject({ state: 'ok', writes: 1 })
    expect(device.writes).toEqual([470])
  })

  it('flag a read-back beyond tolerance as a mismatch', async () => {
    const device = actuation(0)
    const actuator = createActuator(mapping(), {
      actuation: device,
      clock: createManualClock(),
      retries: 0,
      backoffMs: 1,
    })
    await actuator.write(1000)
    device.setMeasured(1015)
    expect(actuator.mismatch()).toBe(false)
    device.setMeasured(1100)
    expect(actuator.status()).toMatchObject({ commanded: 1000, measured: 1100, mismatch: true })
  })
})
