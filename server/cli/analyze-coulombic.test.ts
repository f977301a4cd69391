import { describe, expect, it } from 'vitest'
import { FARADAY_C_PER_MOL } from '../sim/parameters.js'
import { fileIo } from '../testing/file-io.js'
import { analyzeCommand } from './analyze.js'

/*
 * `mfc-station analyze coulombic` on series files (docs/twin.md "CLI"): the flags become the API's
 * request, so its figures are the analysis's; bad input is refused before anything is computed.
 */

// Three fed-batch cycles of 24 h, sampled every 10 min: fed (0.6 V, 0.6 mA through 1 kohm) for 18 h, then spent.
const samples = Array.from({ length: 3 * 144 + 1 }, (_, k) => k / 6)
const fed = (hours: number) => hours % 24 > 0.05 && hours % 24 < 18
const series = [
  '# a logger export',
  'time_h;I (mA);voltage_V',
  ...samples.map((h) => `${h};${fed(h) ? 0.6 : 0.05};${fed(h) ? 0.6 : 0.05}`),
].join('\n')
/** Coulombs per mg COD: 4 F per 32 g of O2. */
const perMgCod = (4 * FARADAY_C_PER_MOL) / 32_000

type Answer = { codSource: string; cycles: Array<{ startS: number; chargeC: number; coulombicEfficiencyPct: number }> }

describe('analyze coulombic', () => {
  it('marked cycles with COD per cycle: the charge of each against the COD its batch removed', async () => {
    const cli = fileIo({ 'cycles.csv': series })
    const flags = ['--cycle', '3600,39600', '--cycle', '90000,126000', '--anode-volume-l', '0.028']
    const cod = ['--cod-in', '1000', '--cod-in', '1000', '--cod-out', '200', '--cod-out', '600']
    expect(await analyzeCommand(['coulombic', '--csv', 'cycles.csv', ...flags, ...cod, '--json'], cli)).toBe(0)
    const answer = JSON.parse(cli.lines.pop() as string) as Answer
    // 0.6 mA for 10 h inside each marked cycle: 21.6 C.
    expect(answer.cycles.map((c) => c.chargeC)).toEqual([expect.closeTo(21.6, 6), expect.closeTo(21.6, 6)])
    expect(answer.cycles[0]?.coulombicEfficiencyPct).toBeCloseTo((100 * 21.6) / (perMgCod * 800 * 0.028), 6)
    expect(answer.cycles[1]?.coulombicEfficiencyPct).toBeCloseTo((100 * 21.6) / (perMgCod * 400 * 0.028), 6)
    expect(answer.codSource).toBe('entered')
  })

  it('detects the cycles from the voltage trace and prints a table', async () => {
    const cli = fileIo({ 'cycles.csv': series })
    const flags = ['--csv', 'cycles.csv', '--anode-volume-l', '0.028', '--cod-in', '1000', '--cod-out', '200']
    expect(await analyzeCommand(['coulombic', ...flags], cli)).toBe(0)
    expect(cli.lines[0]).toBe('3 cycle(s), COD entered')
    expect(cli.lines.filter((line) => /^\| \d: /.test(line))).toHaveLength(3)
    expect(cli.lines.at(-1)).toMatch(/^\| total \| /)
  })

  it('refuses bad input in one line naming it', async () => {
    const cli = fileIo({ 'cycles.csv': series, 'bad.csv': 'time_s,current_A\n0,1\n60,x\n' })
    const run = (...argv: string[]) => analyzeCommand(['coulombic', ...argv], cli)
    await expect(run('--anode-volume-l', '1')).rejects.toThrow(/either --run ID or --csv FILE/)
    await expect(run('--csv', 'missing.csv')).rejects.toThrow(/cannot read series missing.csv: ENOENT/)
    await expect(run('--csv', 'bad.csv', '--cycle', '0,60', '--anode-volume-l', '1')).rejects.toThrow(/row 2/)
    await expect(run('--csv', 'cycles.csv', '--cycle', '500,100')).rejects.toThrow(/cycles\[0\]\.startS: startS must/)
    await expect(run('--csv', 'cycles.csv', '--cycle', '1-2')).rejects.toThrow(/--cycle expects START,END/)
    await expect(
      run('--csv', 'cycles.csv', '--cycle', '0,60', '--cod-in', '1', '--cod-in', '2', '--cod-in', '3'),
    ).rejects.toThrow(/--cod-in given 3 times/)
    await expect(run('--csv', 'cycles.csv', '--mode', 'weekly')).rejects.toThrow(/^mode: /)
    await expect(run('--csv', 'cycles.csv', '--mode', 'continuous')).rejects.toThrow(/^codInMgL, codOutMgL: give/)
    const cod = ['--cod-in', '900', '--cod-out', '300']
    await expect(run('--csv', 'cycles.csv', '--mode', 'continuous', ...cod)).rejects.toThrow(/^flowLPerDay: /)
    expect(cli.lines).toEqual([])
  })
})
