import { describe, expect, it } from 'vitest'
import { mergeConfig, parseRunConfig } from './run-config.js'
import { issuePaths } from './testing/config-issues.js'

describe('run config defaults', () => {
  it('defaults to the literature single cell', () => {
    const config = parseRunConfig({})
    expect(config.stack).toMatchObject({ cells: 1, wiring: 'series', feeding: 'parallel', spread: 0 })
    expect(config.feed.flowLPerDay).toBe(0.1527)
    expect(config.cell.initial.anodophilicMgL).toBe(498.2432)
    expect(config.controller).toEqual({ kind: 'fixed', periodS: 60 })
  })
})

describe('run config validation', () => {
  it.each([
    ['unknown top-level key', { speed: 3 }, ''],
    ['wrong type', { seed: 'one' }, 'seed'],
    ['negative duration', { durationS: -1 }, 'durationS'],
    ['step too long', { stepS: 3600 }, 'stepS'],
    ['unknown model', { model: 'big' }, 'model'],
    ['too many cells', { stack: { cells: 1000 } }, 'stack.cells'],
    ['fractional cells', { stack: { cells: 2.5 } }, 'stack.cells'],
    ['unknown wiring', { stack: { wiring: 'mesh' } }, 'stack.wiring'],
    [
      'series-parallel without string length',
      { stack: { cells: 4, wiring: 'series-parallel' } },
      'stack.cellsPerString',
    ],
    [
      'string length not dividing',
      { stack: { cells: 5, wiring: 'series-parallel', cellsPerString: 2 } },
      'stack.cellsPerString',
    ],
    ['spread too wide', { stack: { spread: 0.9 } }, 'stack.spread'],
    ['unknown parameter', { cell: { parameters: { qMax: 1 } } }, 'cell.parameters'],
    ['negative parameter', { cell: { parameters: { rMinOhm: -5 } } }, 'cell.parameters.rMinOhm'],
    [
      'mediator above total',
      { cell: { initial: { oxidisedMediatorMgMPerMgX: 0.5 } } },
      'cell.initial.oxidisedMediatorMgMPerMgX',
    ],
    ['cell override out of range', { stack: { cells: 2 }, cells: [{ index: 2 }] }, 'cells[0].index'],
    ['cell configured twice', { stack: { cells: 2 }, cells: [{ index: 1 }, { index: 1 }] }, 'cells[1].index'],
    ['negative feed', { feed: { flowLPerDay: -1 } }, 'feed.flowLPerDay'],
    ['frozen anode', { feed: { temperatureK: 200 } }, 'feed.temperatureK'],
    ['bad schedule entry', { feed: { influentSchedule: [{ atS: 0 }] } }, 'feed.influentSchedule[0].influentMgL'],
    ['zero load', { load: { rExtOhm: 0 } }, 'load.rExtOhm'],
    [
      'per-cell loads of wrong length',
      { stack: { cells: 3, wiring: 'independent' }, load: { cellRExtOhm: [10, 20] } },
      'load.cellRExtOhm',
    ],
    ['unknown controller', { controller: { kind: 'fuzzy' } }, 'controller.kind'],
    ['pid limits inverted', { controller: { kind: 'pid', outputMin: 2, outputMax: 1 } }, 'controller.outputMin'],
    ['mppt step too big', { controller: { kind: 'mppt', stepFraction: 2 } }, 'controller.stepFraction'],
    [
      'per-cell mppt on a series stack',
      { stack: { cells: 3 }, controller: { kind: 'mppt', scope: 'cell' } },
      'controller.scope',
    ],
    ['q-learning without a policy', { controller: { kind: 'qlearning' } }, 'controller.policy'],
    ['unknown fault', { faults: [{ kind: 'meteor', atS: 0 }] }, 'faults[0].kind'],
    ['fault on a missing cell', { faults: [{ kind: 'starvation', atS: 0, cell: 3 }] }, 'faults[0].cell'],
    ['biofilm loss above 100 %', { faults: [{ kind: 'biofilm-loss', atS: 0, fraction: 1.5 }] }, 'faults[0].fraction'],
    ['sensor channel unknown', { faults: [{ kind: 'sensor-stuck', atS: 0, channel: 'ph' }] }, 'faults[0].channel'],
    [
      'dropout probability above 1',
      { sensors: { substrate: { dropoutProbability: 2 } } },
      'sensors.substrate.dropoutProbability',
    ],
    ['unknown sensor key', { sensors: { voltage: { gain: 2 } } }, 'sensors.voltage'],
    ['bad metrics window', { metrics: { warmupS: -1 } }, 'metrics.warmupS'],
  ])('rejects %s with the field path', (_name, input, path) => {
    expect(issuePaths(input)).toContain(path)
  })

  it('names the first bad field in the message and counts the rest', () => {
    expect(() => parseRunConfig({ seed: -1, stepS: 0 })).toThrow(/invalid run config: seed: .* \(and 1 more\)/)
  })

  it('merges partial updates deeply, replacing arrays and a controller of another kind', () => {
    const base = parseRunConfig({ controller: { kind: 'pid' }, faults: [{ kind: 'load-disconnect', atS: 5 }] })
    const merged = mergeConfig(base, {
      feed: { flowLPerDay: 0.3 },
      controller: { kind: 'mppt' },
      faults: [],
    }) as typeof base
    expect(parseRunConfig(merged)).toMatchObject({
      feed: { flowLPerDay: 0.3, influentMgL: 300 },
      controller: { kind: 'mppt', stepFraction: 0.03 },
      faults: [],
    })
  })
})
