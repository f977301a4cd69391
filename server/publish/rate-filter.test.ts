import { describe, expect, it } from 'vitest'
import { mqttConfigSchema } from '../config/publish-schema.js'
import type { TelemetryFrame } from '../contract/stream.js'
import { metricCatalog } from './metric-catalog.js'
import { createRateFilter } from './rate-filter.js'

const frameAt = (wallTimeMs: number, voltageV: number, alarms: TelemetryFrame['cells'][number]['alarms'] = []) =>
  ({
    ...{ type: 'telemetry', runId: 'r', seq: 1, simTimeS: 1, wallTimeMs, state: 'running', controller: 'fixed' },
    cells: [{ voltageV, currentA: 0.001, powerW: 0.0005, substrateMgL: 100, anodeLossV: 0.1, internalOhm: 50, alarms }],
    stack: {
      voltageV,
      currentA: 0.001,
      powerW: 0.0005,
      loadConnected: true,
      loadOhm: 50,
      feedLPerDay: 1,
      temperatureK: 298,
    },
  }) as TelemetryFrame

const catalog = metricCatalog(1)
const keysOf = (samples: Array<{ spec: { key: string } }>) => samples.map((sample) => sample.spec.key)
const filterWith = (rates: unknown) => createRateFilter(mqttConfigSchema.parse({ rates }).rates)

describe('rate filter', () => {
  it('sends everything first, then only what moved past its deadband, no faster than maxHz', () => {
    const filter = filterWith({ maxHz: 2, channels: { voltageV: { deadband: 0.01 } } })
    expect(filter.due(frameAt(0, 0.5), catalog)).toHaveLength(catalog.length)
    // 100 ms later: nothing is due yet (2 Hz), although the voltage moved.
    expect(filter.due(frameAt(100, 0.6), catalog)).toEqual([])
    // 500 ms: the cell voltage moved 0.1 > 0.01; the stack voltage (deadband 0) too; nothing else changed.
    expect(keysOf(filter.due(frameAt(500, 0.6), catalog))).toEqual(['stack.voltageV', 'cells.0.voltageV'])
    // A move inside the cell deadband is held back; the stack voltage (no deadband) is sent.
    expect(keysOf(filter.due(frameAt(1000, 0.605), catalog))).toEqual(['stack.voltageV'])
  })

  it('sends a change held back by the rate with the first frame the rate allows', () => {
    const filter = filterWith({ maxHz: 1 })
    filter.due(frameAt(0, 0.5), catalog)
    expect(filter.due(frameAt(300, 0.5, ['voltage-reversal']), catalog)).toEqual([])
    expect(keysOf(filter.due(frameAt(1000, 0.5, ['voltage-reversal']), catalog))).toEqual([
      'cells.0.alarms.voltage-reversal',
    ])
  })

  it('tolerates timer jitter: maxHz equal to the frame rate sends every frame', () => {
    const filter = filterWith({ maxHz: 10, channels: { 'run.seq': {} } })
    const seq = catalog.filter((spec) => spec.key === 'run.seq')
    filter.due({ ...frameAt(0, 0.5), seq: 1 }, seq)
    expect(filter.due({ ...frameAt(95, 0.5), seq: 2 }, seq)).toHaveLength(1)
    expect(filter.due({ ...frameAt(180, 0.5), seq: 3 }, seq)).toHaveLength(0)
  })

  it('maxHz 0 is no rate limit', () => {
    const filter = filterWith({ maxHz: 0 })
    filter.due(frameAt(0, 0.5), catalog)
    expect(keysOf(filter.due(frameAt(0, 0.6), catalog))).toEqual(['stack.voltageV', 'cells.0.voltageV'])
  })
})
