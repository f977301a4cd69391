import { describe, expect, it } from 'vitest'
import { controlConfigSchema, type InterlockRule } from '../config/control-schema.js'
import type { TelemetryFrame } from '../contract/stream.js'
import { createInterlocks } from './interlocks.js'

const rules = (input: unknown[]): InterlockRule[] => controlConfigSchema.parse({ interlocks: input }).interlocks

const reversal = {
  id: 'reversal',
  condition: {
    ...{ kind: 'limit', subject: 'cell', channel: 'voltageV', when: 'below', threshold: 0, deadband: 0.05 },
    ...{ onDelayS: 10, offDelayS: 5 },
  },
  actions: ['hold-controller', 'safe-load'],
  message: 'reversal',
}

function frame(timeS: number, volts: Array<number | undefined>): TelemetryFrame {
  return {
    ...{ type: 'telemetry', source: 'hardware', runId: 'r', seq: timeS, simTimeS: timeS, wallTimeMs: timeS * 1000 },
    ...{ state: 'running', controller: 'mppt', stack: {} },
    cells: volts.map((voltageV) => ({ alarms: [], ...(voltageV === undefined ? {} : { voltageV }) })),
  }
}

const none = { mismatched: [], failed: [] }

describe('interlocks', () => {
  it('trip after the on delay, release only past the deadband after the off delay (resume auto)', () => {
    const interlocks = createInterlocks(rules([reversal]), 'hardware')
    expect(interlocks.evaluate(frame(0, [0.3, -0.1]), none)).toEqual([])
    expect(interlocks.evaluate(frame(9, [0.3, -0.1]), none)).toEqual([])
    const [trip] = interlocks.evaluate(frame(10, [0.3, -0.1]), none)
    expect(trip).toMatchObject({ action: 'tripped', state: 'tripped' })
    expect(interlocks.list()[0]).toMatchObject({ state: 'tripped', cause: 'cell 2 voltageV = -0.1', trips: 1 })
    expect(interlocks.holding()).toEqual(['reversal'])
    // 0.02 V is above 0 but inside the deadband: still tripped.
    expect(interlocks.evaluate(frame(20, [0.3, 0.02]), none)).toEqual([])
    expect(interlocks.evaluate(frame(30, [0.3, 0.1]), none)).toEqual([])
    expect(interlocks.evaluate(frame(35, [0.3, 0.1]), none)).toMatchObject([{ action: 'released', state: 'armed' }])
    expect(interlocks.holding()).toEqual([])
  })

  it('resume acknowledge waits for an operator, and an acknowledgement while tripped is kept', () => {
    const interlocks = createInterlocks(rules([{ ...reversal, resume: 'acknowledge' }]), 'hardware')
    interlocks.evaluate(frame(0, [-0.2]), none)
    interlocks.evaluate(frame(10, [-0.2]), none)
    interlocks.evaluate(frame(20, [0.4]), none)
    expect(interlocks.evaluate(frame(25, [0.4]), none)).toMatchObject([{ action: 'cleared' }])
    expect(interlocks.list()[0]!.state).toBe('awaiting-acknowledge')
    expect(interlocks.holding()).toEqual(['reversal'])
    expect(interlocks.acknowledge('reversal', 'ana', 26_000)).toMatchObject({ action: 'released', by: 'ana' })
    expect(interlocks.list()[0]).toMatchObject({ state: 'armed', acknowledgedBy: 'ana' })
    interlocks.evaluate(frame(30, [-0.2]), none)
    interlocks.evaluate(frame(40, [-0.2]), none)
    expect(interlocks.acknowledge('reversal', 'ben', 41_000)).toMatchObject({ action: 'acknowledged' })
    interlocks.evaluate(frame(50, [0.4]), none)
    expect(interlocks.evaluate(frame(55, [0.4]), none)).toMatchObject([{ action: 'released' }])
  })

  it('stale data counts from the first frame; mismatch and failed actuators trip from the facts', () => {
    const interlocks = createInterlocks(
      rules([
        { id: 'stale', condition: { kind: 'stale', afterS: 5 }, actions: ['alarm'], message: 'stale' },
        { id: 'mismatch', condition: { kind: 'read-back-mismatch', onDelayS: 2 }, actions: ['alarm'], message: 'm' },
        { id: 'failed', condition: { kind: 'actuator-failed' }, actions: ['alarm'], message: 'f' },
      ]),
      'hardware',
    )
    interlocks.evaluate(frame(0, [undefined]), none)
    expect(interlocks.evaluate(frame(6, [undefined]), { mismatched: ['pump'], failed: [] })).toMatchObject([
      { rule: { id: 'stale' }, action: 'tripped' },
    ])
    const later = interlocks.evaluate(frame(8, [0.3]), { mismatched: ['pump'], failed: ['cell-1-rext'] })
    expect(later.map((change) => [change.rule.id, change.action])).toEqual([
      ['stale', 'released'],
      ['mismatch', 'tripped'],
      ['failed', 'tripped'],
    ])
    expect(interlocks.list()[2]!.cause).toBe('actuator failed: cell-1-rext')
  })

  it('guards only the sources a rule names; the defaults guard hardware', () => {
    expect(createInterlocks(rules([{ ...reversal, sources: ['hardware'] }]), 'simulation').list()).toEqual([])
    const defaults = controlConfigSchema.parse({}).interlocks
    expect(
      createInterlocks(defaults, 'hardware')
        .list()
        .map((entry) => entry.id),
    ).toEqual(['cell-reversal', 'stale-data', 'actuator-failed'])
  })
})
