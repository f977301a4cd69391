import { describe, expect, it } from 'vitest'
import { nominalCellParameters } from '../sim/parameters.js'
import { createRandom } from '../sim/random.js'
import { finish } from '../sim/work.js'
import { createPolarizationModel } from '../twin/fit/polarization-model.js'
import { fileIo } from '../testing/file-io.js'
import { analyzeCommand } from './analyze.js'
import { twinCommand } from './twin.js'
import { UsageError } from './usage-error.js'

/*
 * `mfc-station twin fit` and `mfc-station analyze polarization` (docs/twin.md "CLI") on files: points
 * the engine computed with known parameters plus 1 mV of noise, and a curve as potentiostat software exports it.
 */

const conditions = { influentMgL: 600, flowLPerDay: 0.1527, temperatureK: 298.15 }
const loads = Array.from({ length: 20 }, (_, k) => 10 * (2000 / 10) ** (k / 19))
const truth = { ...nominalCellParameters, eMaxV: 0.55, rMinOhm: 40, qMaxAMgSPerMgXDay: 6 }

function pointsCsv(): string {
  const random = createRandom(7)
  const rows = finish(createPolarizationModel(conditions, { kind: 'steady' }, loads)(truth)).map((point) => {
    const voltageV = point.voltageV + 1e-3 * random.normal()
    return `${point.rExtOhm},${voltageV},${voltageV / point.rExtOhm},ignored`
  })
  return ['r_ext_ohm,voltage_V,current_A,note', ...rows].join('\n')
}

describe('mfc-station twin fit', () => {
  it('answers the issue’s JSON: parameters, ci95, rmse, identifiable, the truth inside the intervals', async () => {
    const cli = fileIo({ 'points.csv': pointsCsv() })
    const argv = [
      'fit',
      '--polarization',
      'points.csv',
      '--s0',
      '600',
      '--flow',
      '0.1527',
      '--fit',
      'eMaxV,rMinOhm,qMaxAMgSPerMgXDay',
    ]
    expect(await twinCommand([...argv, '--json'], cli)).toBe(0)
    const answer = JSON.parse(cli.lines.pop() as string) as {
      parameters: Record<string, number | null>
      ci95: Record<string, [number, number] | null>
      rmse: number
      identifiable: Record<string, boolean>
    }
    for (const name of ['eMaxV', 'rMinOhm', 'qMaxAMgSPerMgXDay'] as const) {
      expect(answer.identifiable[name], name).toBe(true)
      const [low, high] = answer.ci95[name] as [number, number]
      expect(truth[name]).toBeGreaterThanOrEqual(low)
      expect(truth[name]).toBeLessThanOrEqual(high)
    }
    expect(answer.rmse).toBeGreaterThan(0.5e-3)
    expect(answer.rmse).toBeLessThan(1.6e-3)
    expect(await twinCommand(argv, cli)).toBe(0)
    expect(cli.lines.pop()).toMatch(/\| eMaxV \| 0\.5\d+ \| \[0\.\d+, 0\.\d+\] \|[\s\S]*RMSE \d\.\d+ mV over 20 points/)
  }, 60_000)

  it('refuses bad input with one line naming it', async () => {
    const cli = fileIo({ 'points.csv': pointsCsv(), 'bad.csv': 'r_ext_ohm,voltage_V\n10,0.1' })
    const base = ['fit', '--polarization', 'points.csv', '--s0', '600', '--flow', '0.1527']
    await expect(twinCommand([...base, '--fit', 'eMaxV,bogus'], cli)).rejects.toThrow(
      /"bogus" is not a model parameter/,
    )
    await expect(twinCommand(['fit', '--polarization', 'points.csv', '--fit', 'eMaxV'], cli)).rejects.toThrow(/--s0/)
    await expect(twinCommand([...base, '--fit', 'eMaxV', '--biofilm', 'held'], cli)).rejects.toThrow(/--grown-at-ohm/)
    await expect(
      twinCommand([...base.slice(0, 2), 'bad.csv', ...base.slice(3), '--fit', 'eMaxV'], cli),
    ).rejects.toThrow(/current_A/)
    await expect(
      twinCommand([...base.slice(0, 2), 'gone.csv', ...base.slice(3), '--fit', 'eMaxV'], cli),
    ).rejects.toThrow(UsageError)
  })
})

describe('mfc-station analyze polarization', () => {
  // A generic CSV from a resistor-step test: E in mV, I in mA, R_ext; the MPP is at 200 ohm.
  const curve = [
    'Rext_ohm,E/mV,I/mA',
    '5000,700,0.14',
    '1000,620,0.62',
    '500,540,1.08',
    '200,400,2.0',
    '100,230,2.3',
  ].join('\n')

  it('reports the maximum power point, OCV and R_int of a curve file', async () => {
    const cli = fileIo({ 'lsv.csv': curve })
    expect(
      await analyzeCommand(
        ['polarization', 'lsv.csv', '--resistance-column', 'Rext_ohm', '--anode-area-cm2', '10', '--json'],
        cli,
      ),
    ).toBe(0)
    const answer = JSON.parse(cli.lines.pop() as string) as {
      maximumPower: { powerW: number; rExtOhm: number }
      density: { maxPowerWPerM2: number }
      import: { units: { voltage: string; current: string } }
    }
    expect(answer.maximumPower.powerW).toBeCloseTo(0.8e-3, 6)
    expect(answer.maximumPower.rExtOhm).toBeCloseTo(200, 6)
    expect(answer.density.maxPowerWPerM2).toBeCloseTo(0.8, 6)
    expect(answer.import.units).toEqual({ voltage: 'mV', current: 'mA' })
    expect(await analyzeCommand(['polarization', 'lsv.csv'], cli)).toBe(0)
    expect(cli.lines.pop()).toMatch(/maximum power: 0\.8000 mW at 0\.4000 V/)
    await expect(analyzeCommand(['polarization', 'lsv.csv', '--format', 'bogus'], cli)).rejects.toThrow(/--format/)
  })
})
