import { describe, expect, it } from 'vitest'
import { controlConfigSchema, type InterlockRule } from '../config/control-schema.js'
import { instrumentsConfigSchema } from '../config/instruments-schema.js'
import type { TelemetryFrame } from '../contract/stream.js'
import { createInterlocks } from './interlocks.js'
import { checkPhRules } from './ph-check.js'

const phRule = {
  id: 'anolyte-ph',
  condition: { kind: 'ph', min: 6.5, max: 8, deadband: 0.2, onDelayS: 30, offDelayS: 10 },
  actions: ['stop-pump', 'alarm'],
  sources: ['hardware'],
  message: 'anolyte pH out of range: pump stopped',
}
const rules = (input: unknown[]): InterlockRule[] => controlConfigSchema.parse({ interlocks: input }).interlocks

function frame(timeS: number, ph: number | undefined): TelemetryFrame {
  return {
    ...{ type: 'telemetry', source: 'hardware', runId: 'r', seq: timeS, simTimeS: timeS, wallTimeMs: timeS * 1000 },
    ...{ state: 'running', controller: 'fixed', stack: ph === undefined ? {} : { ph }, cells: [] },
  }
}
const none = { mismatched: [], failed: [] }

describe('the pH interlock (docs/control.md "pH")', () => {
  it('trips after its delay outside [min, max], on either side, and clears only inside by the deadband', () => {
    const interlocks = createInterlocks(rules([phRule]), 'hardware')
    expect(interlocks.evaluate(frame(0, 6.2), none)).toEqual([])
    expect(interlocks.evaluate(frame(29, 6.2), none)).toEqual([])
    expect(interlocks.evaluate(frame(30, 6.2), none)).toMatchObject([{ action: 'tripped' }])
    expect(interlocks.list()[0]).toMatchObject({ state: 'tripped', cause: 'stack pH = 6.2' })
    // 6.6 is inside the range but not past the deadband (6.7): still tripped.
    expect(interlocks.evaluate(frame(60, 6.6), none)).toEqual([])
    expect(interlocks.evaluate(frame(80, 6.6), none)).toEqual([])
    expect(interlocks.evaluate(frame(90, 7), none)).toEqual([])
    expect(interlocks.evaluate(frame(100, 7), none)).toMatchObject([{ action: 'released', state: 'armed' }])
    expect(interlocks.evaluate(frame(110, 8.4), none)).toEqual([])
    expect(interlocks.evaluate(frame(140, 8.4), none)).toMatchObject([{ action: 'tripped' }])
  })

  it('a missing pH reading changes nothing', () => {
    const interlocks = createInterlocks(rules([phRule]), 'hardware')
    for (const timeS of [0, 60, 120]) expect(interlocks.evaluate(frame(timeS, undefined), none)).toEqual([])
    expect(interlocks.list()[0]?.state).toBe('armed')
  })

  it('is refused on the simulation (it has no pH) and on hardware without a pH channel, naming the key', () => {
    const simulated = controlConfigSchema.safeParse({ interlocks: [{ ...phRule, sources: undefined }] })
    expect(simulated.success).toBe(false)
    expect(simulated.error?.issues[0]).toMatchObject({
      path: ['interlocks', 0, 'sources'],
      message: expect.stringContaining('the simulation has no pH'),
    })
    expect(
      controlConfigSchema.safeParse({ interlocks: [{ ...phRule, condition: { kind: 'ph', min: 8, max: 7 } }] }),
    ).toMatchObject({ success: false })
    const without = instrumentsConfigSchema.parse({})
    expect(() => checkPhRules(rules([phRule]), { source: 'hardware', instruments: without })).toThrow(
      'control.interlocks[0].condition: a "ph" rule needs a pH channel (instruments.stack.ph)',
    )
    const withPh = instrumentsConfigSchema.parse({
      devices: [{ id: 'ph', uri: 'http-ingest:' }],
      stack: { ph: { device: 'ph', address: 'ph' } },
    })
    expect(() => checkPhRules(rules([phRule]), { source: 'hardware', instruments: withPh })).not.toThrow()
    expect(() => checkPhRules(rules([phRule]), { source: 'simulation', instruments: without })).not.toThrow()
  })
})
