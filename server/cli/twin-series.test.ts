import { describe, expect, it } from 'vitest'
import { nominalCellParameters } from '../sim/parameters.js'
import { finish } from '../sim/work.js'
import { fileIo } from '../testing/file-io.js'
import { createSeriesModel } from '../twin/fit/series-model.js'
import { twinCommand } from './twin.js'
import { UsageError } from './usage-error.js'

/*
 * `mfc-station twin fit --series` (docs/twin.md "Time-series fit") on a file: a rig's log made by the twin's
 * cell with known parameters under two load steps, its influent in a column of its own.
 */

const truth = { ...nominalCellParameters, eMaxV: 0.58 }
function seriesCsv(): string {
  const samples = Array.from({ length: 120 }, (_, k) => ({
    ...{ timeS: k * 180, voltageV: Number.NaN, rExtOhm: k < 60 ? 400 : 120 },
    ...{ flowLPerDay: 0.1527, influentMgL: 500, temperatureK: 298.15 },
  }))
  const voltages = finish(createSeriesModel(samples)(truth))
  const rows = samples.map((s, i) => `${s.timeS},${(voltages[i] as number).toFixed(5)},${s.rExtOhm},0.1527,500`)
  return ['time_s,voltage_V,r_ext_ohm,flow_L_per_day,influent_mg_L', ...rows].join('\n')
}

describe('mfc-station twin fit --series', () => {
  it('fits the file and prints the table, or the JSON answer', async () => {
    const cli = fileIo({ 'log.csv': seriesCsv() })
    const argv = ['fit', '--series', 'log.csv', '--fit', 'eMaxV']
    expect(await twinCommand([...argv, '--json'], cli)).toBe(0)
    const answer = JSON.parse(cli.lines.pop() as string) as { ci95: Record<string, [number, number]> }
    const [low, high] = answer.ci95['eMaxV'] as [number, number]
    expect(truth.eMaxV).toBeGreaterThanOrEqual(low)
    expect(truth.eMaxV).toBeLessThanOrEqual(high)
    expect(await twinCommand(argv, cli)).toBe(0)
    expect(cli.lines.pop()).toMatch(/\| eMaxV \| 0\.58\d* \|[\s\S]*over 120 samples/)
  }, 60_000)

  it('says in one line what is wrong: both inputs, no influent anywhere', async () => {
    const cli = fileIo({ 'log.csv': 'time_s,voltage_V,r_ext_ohm,flow_L_per_day\n0,0.4,500,0.1\n60,0.4,500,0.1' })
    await expect(
      twinCommand(['fit', '--series', 'log.csv', '--polarization', 'log.csv', '--fit', 'eMaxV'], cli),
    ).rejects.toThrow(new UsageError('give --polarization or --series, not both'))
    await expect(twinCommand(['fit', '--series', 'log.csv', '--fit', 'eMaxV'], cli)).rejects.toThrow(/no s0/)
  })
})
