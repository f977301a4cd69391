import { describe, expect, it } from 'vitest'
import type { SimIo } from './sim-input.js'
import { simCommand } from './sim.js'
import { UsageError } from './usage-error.js'

/** In-memory files and captured output. */
function memoryIo(files: Record<string, string> = {}) {
  const out: string[] = []
  const err: string[] = []
  const io: SimIo = {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    readFile: async (path) => {
      const text = files[path]
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' })
      return text
    },
    writeFile: async (path, data) => {
      files[path] = data
    },
  }
  return { io, out, err, files }
}

const shortRun = JSON.stringify({
  durationS: 7200,
  outputIntervalS: 600,
  stack: { cells: 2 },
  load: { rExtOhm: 100 },
  metrics: { warmupS: 0, optimumPeriodS: 0 },
})

describe('sim CLI', () => {
  it('runs a scenario to completion with JSON on stdout and a CSV time series', async () => {
    const { io, out, files } = memoryIo({ 'run.json': shortRun })
    expect(await simCommand(['run', '--config', 'run.json', '--json', '--csv', 'out.csv'], io)).toBe(0)
    const result = JSON.parse(out.join('')) as { simTimeS: number; cells: unknown[]; metrics: { energyJ: number } }
    expect(result.simTimeS).toBe(7200)
    expect(result.cells).toHaveLength(2)
    expect(result.metrics.energyJ).toBeGreaterThan(0)
    const csv = (files['out.csv'] as string).trim().split('\n')
    expect(csv).toHaveLength(13)
    expect(csv[0]).toMatch(/^timeS,stackVoltageV,.*,s1$/)
  })

  it('sweeps the literature cell and refines the MPP beyond the grid', async () => {
    const { io, out } = memoryIo()
    expect(await simCommand(['sweep', '--s0', '300', '--rext', '10:2000', '--points', '12', '--json'], io)).toBe(0)
    const sweep = JSON.parse(out.join('')) as {
      mpp: { rExtOhm: number; powerW: number; currentA: number; voltageV: number }
      points: Array<{ powerW: number }>
    }
    expect(Object.keys(sweep.mpp).sort()).toEqual(['currentA', 'powerW', 'rExtOhm', 'voltageV'])
    expect(sweep.points).toHaveLength(12)
    expect(sweep.mpp.powerW).toBeGreaterThan(Math.max(...sweep.points.map((p) => p.powerW)))
    expect(sweep.mpp.voltageV).toBeCloseTo(sweep.mpp.currentA * sweep.mpp.rExtOhm, 9)
  })

  it('trains a policy file that `run --policy` accepts', async () => {
    const scenario = JSON.stringify({ name: 'tiny', durationS: 86_400, metrics: { warmupS: 0, optimumPeriodS: 0 } })
    const { io, files, out } = memoryIo({ 's.json': scenario })
    expect(
      await simCommand(['train', '--episodes', '3', '--out', 'p.json', '--seed', '4', '--config', 's.json'], io),
    ).toBe(0)
    expect(JSON.parse(files['p.json'] as string)).toMatchObject({
      format: 'mfc-station/q-policy',
      version: 1,
      training: { seed: 4, episodes: 3, scenario: 'tiny' },
    })
    expect(await simCommand(['run', '--config', 's.json', '--policy', 'p.json', '--json'], io)).toBe(0)
    expect(JSON.parse(out.at(-1) as string)).toMatchObject({ controller: 'qlearning' })
  })

  it.each([
    [['run'], /needs --config/],
    [['run', '--config', 'x.json', '--fast'], /Unknown option '--fast'/],
    [['run', '--config', 'missing.json'], /cannot read config missing.json: ENOENT/],
    [['run', '--config', 'bad.json'], /invalid run config: stack\.cells/],
    [['run', '--config', 'broken.json'], /not valid JSON/],
    [['run', '--config', 'bad.json', '--controller', 'fuzzy'], /--controller expects/],
    [['sweep', '--rext', '100:10'], /--rext expects MIN:MAX/],
    [['sweep', '--points', 'many'], /--points expects/],
    [['train', '--out', 'p.json'], /needs --episodes/],
    [['train', '--episodes=0', '--out', 'p.json'], /--episodes expects/],
    [['compare', '--episodes', '10000000'], /--episodes expects/],
    [['launch'], /unknown sim command "launch"/],
  ])('rejects %j with a one-line usage error', async (argv, message) => {
    const { io } = memoryIo({ 'x.json': '{}', 'bad.json': JSON.stringify({ stack: { cells: 0 } }), 'broken.json': '{' })
    const failure = simCommand(argv, io)
    await expect(failure).rejects.toBeInstanceOf(UsageError)
    await expect(failure).rejects.toThrow(message)
  })
})
