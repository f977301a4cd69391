import { describe, expect, it } from 'vitest'
import { trainQPolicy } from './control/q-training.js'
import { qPolicySchema } from './control/q-policy.js'
import { createSimulationEngine } from './engine.js'
import { parameterRanges } from './parameter-bounds.js'
import { nominalCellParameters } from './parameters.js'
import { isPrintableText } from './printable-text.js'
import { parseRunConfig } from './run-config.js'
import { issuePaths } from './testing/config-issues.js'

const manyEntries = (count: number) => Array.from({ length: count }, (_, k) => ({ atS: k, influentMgL: 300 }))

const rejectsWithPath = (_name: string, input: unknown, path: string) => {
  expect(issuePaths(input)).toContain(path)
}

describe('bounds of times, sizes, flows and loads', () => {
  it.each([
    ['a step below 0.1 ms (the freeze: 1e-300)', { stepS: 1e-300 }, 'stepS'],
    ['a run shorter than a second', { durationS: 0.5 }, 'durationS'],
    ['an output interval below a second', { outputIntervalS: 1e-6 }, 'outputIntervalS'],
    ['a sample period below a second', { sensors: { samplePeriodS: 1e-9 } }, 'sensors.samplePeriodS'],
    ['more than 512 cells', { stack: { cells: 513 } }, 'stack.cells'],
    ['a string longer than the stack can be', { stack: { cellsPerString: 1e6 } }, 'stack.cellsPerString'],
    ['a feed beyond 100 L/d', { feed: { flowLPerDay: 1e9 } }, 'feed.flowLPerDay'],
    ['influent beyond 100 g/L', { feed: { influentMgL: 1e300 } }, 'feed.influentMgL'],
    ['dosing beyond 1 kg/d', { feed: { dosingMgPerDay: 1e7 } }, 'feed.dosingMgPerDay'],
    ['boiling water', { feed: { temperatureK: 400 } }, 'feed.temperatureK'],
    ['a schedule of over 1000 entries', { feed: { influentSchedule: manyEntries(1001) } }, 'feed.influentSchedule'],
    [
      'a schedule entry beyond ten years',
      { feed: { influentSchedule: [{ atS: 1e12, influentMgL: 1 }] } },
      'feed.influentSchedule[0].atS',
    ],
    ['a load below a milliohm', { load: { rExtOhm: 1e-300 } }, 'load.rExtOhm'],
    [
      'a per-cell load beyond 10 Mohm',
      { stack: { cells: 2, wiring: 'independent' }, load: { cellRExtOhm: [50, 1e300] } },
      'load.cellRExtOhm[1]',
    ],
  ])('rejects %s, naming the field', rejectsWithPath)
})

describe('bounds of the cells, sensors, controllers and faults', () => {
  it.each([
    ['a substrate target beyond 100 g/L', { targets: { substrateMgL: 1e9 } }, 'targets.substrateMgL'],
    ['a biomass beyond 100 g/L', { cell: { initial: { anodophilicMgL: 1e9 } } }, 'cell.initial.anodophilicMgL'],
    [
      'a parameter beyond two decades of its value',
      { cell: { parameters: { qMaxAMgSPerMgXDay: 1e6 } } },
      'cell.parameters.qMaxAMgSPerMgXDay',
    ],
    [
      'an open-circuit voltage above 1.2 V',
      { cells: [{ index: 0, parameters: { eMaxV: 5 } }] },
      'cells[0].parameters.eMaxV',
    ],
    [
      'a temperature factor of 2 per kelvin',
      { cell: { parameters: { kineticsThetaPerK: 2 } } },
      'cell.parameters.kineticsThetaPerK',
    ],
    ['sensor noise of a million', { sensors: { voltage: { noiseStd: 1e6 } } }, 'sensors.voltage.noiseStd'],
    [
      'a probe delay of more than 1440 samples',
      { sensors: { samplePeriodS: 1, substrate: { delayS: 3600 } } },
      'sensors.substrate.delayS',
    ],
    ['an optimum every millisecond', { metrics: { optimumPeriodS: 1e-3 } }, 'metrics.optimumPeriodS'],
    ['a warm-up beyond ten years', { metrics: { warmupS: 1e12 } }, 'metrics.warmupS'],
    ['a controller deciding every microsecond', { controller: { kind: 'fixed', periodS: 1e-6 } }, 'controller.periodS'],
    ['a PID gain of 1e9', { controller: { kind: 'pid', kp: 1e9 } }, 'controller.kp'],
    ['a PID feed beyond the feed bound', { controller: { kind: 'pid', outputMax: 500 } }, 'controller.outputMax'],
    ['an MPPT range below a milliohm', { controller: { kind: 'mppt', minOhm: 1e-9 } }, 'controller.minOhm'],
    [
      'a fault lasting a microsecond',
      { faults: [{ kind: 'load-disconnect', atS: 0, durationS: 1e-6 }] },
      'faults[0].durationS',
    ],
    ['a fault after ten years', { faults: [{ kind: 'starvation', atS: 1e12 }] }, 'faults[0].atS'],
    [
      'a drift of 1e6 per day',
      { faults: [{ kind: 'sensor-drift', atS: 0, channel: 'voltage', ratePerDay: 1e6 }] },
      'faults[0].ratePerDay',
    ],
    [
      'over 1000 faults',
      { faults: Array.from({ length: 1001 }, () => ({ kind: 'load-disconnect', atS: 0 })) },
      'faults',
    ],
  ])('rejects %s, naming the field', rejectsWithPath)

  it('accepts the ends of the ranges: 512 cells, a 0.1 ms step, a day of minute samples of dead time', () => {
    const config = parseRunConfig({
      stepS: 1e-4,
      stack: { cells: 512, wiring: 'series-parallel', cellsPerString: 512 },
      sensors: { samplePeriodS: 60, substrate: { delayS: 86_400 } },
      metrics: { optimumPeriodS: 600 },
    })
    expect(config.stack.cells).toBe(512)
    expect(parseRunConfig({ metrics: { optimumPeriodS: 0 } }).metrics.optimumPeriodS).toBe(0)
  })

  it('gives every cell parameter a range around its literature value', () => {
    for (const [key, nominal] of Object.entries(nominalCellParameters)) {
      const [min, max] = parameterRanges[key as keyof typeof nominalCellParameters]
      expect(min).toBeGreaterThan(0)
      expect(min).toBeLessThanOrEqual(nominal)
      expect(max).toBeGreaterThanOrEqual(nominal)
    }
  })
})

describe('printable names', () => {
  it.each([
    ['a control character', 'run\u0007'],
    ['a newline (a forged log line)', 'run\nERROR admin logged in'],
    ['a C1 control', 'run\u0085'],
    ['a right-to-left override', 'run\u202Egnp.exe'],
    ['a bidi isolate', 'run\u2067x\u2069'],
    ['a lone high surrogate', 'run\uD83D'],
    ['a lone low surrogate', '\uDE00run'],
  ])('rejects %s in the run name and in a policy scenario name', (_name, text) => {
    expect(isPrintableText(text)).toBe(false)
    expect(issuePaths({ name: text })).toEqual(['name'])
    const policy = trainQPolicy({ scenario: parseRunConfig({ durationS: 3600 }), episodes: 0, seed: 1 }).policy
    const result = qPolicySchema.safeParse({ ...policy, training: { ...policy.training, scenario: text } })
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['training.scenario'])
  })

  it('accepts any printable text, including characters outside the BMP', () => {
    for (const text of ['Pilot plant 3 (Délft) – ünïcode', '工厂 🧪 stack', ''])
      expect(parseRunConfig({ name: text }).name).toBe(text)
  })
})

describe('bounds on engine commands', () => {
  it('refuses a sweep outside the resistance bounds or of too many points, naming the field', () => {
    const engine = createSimulationEngine({}, { now: () => 0 })
    expect(() => engine.sweep({ minOhm: 1e-9, maxOhm: 100, points: 10 })).toThrow(/sweep\.minOhm/)
    expect(() => engine.startSweep({ minOhm: 10, maxOhm: 100, points: 1e6 })).toThrow(/sweep\.points/)
    expect(() => engine.sweep({ minOhm: 100, maxOhm: 10, points: 10 })).toThrow(/sweep\.minOhm/)
  })

  it('keeps at most 1000 faults active or pending', () => {
    const engine = createSimulationEngine({ metrics: { optimumPeriodS: 0 } }, { now: () => 0 })
    for (let k = 0; k < 1000; k += 1) engine.injectFault({ kind: 'load-disconnect' })
    expect(() => engine.injectFault({ kind: 'load-disconnect' })).toThrow(/at most 1000 faults/)
    engine.clearFault(1)
    expect(engine.injectFault({ kind: 'load-disconnect' })).toBeGreaterThan(1000)
  })
})
