import { describe, expect, it } from 'vitest'
import { parseSeriesFile } from './series-file.js'

describe('time series files for the coulombic analysis', () => {
  it('reads an EC-Lab chronoamperometry export in seconds and mA, decimal comma', () => {
    const text = [
      'EC-Lab ASCII FILE',
      'Nb header lines : 3',
      'mode\ttime/s\tEwe/V\t<I>/mA',
      '2\t0,0\t0,512\t0,25',
      '2\t60,0\t0,508\t0,5',
    ].join('\n')
    expect(parseSeriesFile(text)).toEqual({
      columns: { time: 'time/s', current: '<I>/mA', voltage: 'Ewe/V' },
      series: { timeS: [0, 60], currentA: [0.25e-3, 0.5e-3], voltageV: [0.512, 0.508] },
    })
  })

  it("reads the station's run export by the columns named, skipping its metadata lines", () => {
    const text = [
      '# MFC Station 0.1.0',
      '# run: r1',
      'seq,sim_time_s,cell1_voltage_V,cell1_current_A',
      '1,60,0.4,0.001',
    ]
    const parsed = parseSeriesFile(text.join('\n'), {
      currentColumn: 'cell1_current_A',
      voltageColumn: 'cell1_voltage_V',
    })
    expect(parsed.columns).toEqual({ time: 'sim_time_s', current: 'cell1_current_A', voltage: 'cell1_voltage_V' })
    expect(parsed.series).toEqual({ timeS: [60], currentA: [0.001], voltageV: [0.4] })
  })

  it('converts hours and has no voltage without a voltage column; a missing time column is named', () => {
    const { series } = parseSeriesFile('elapsed (h),current_uA\n1,5\n')
    expect(series).toEqual({ timeS: [3600], currentA: [expect.closeTo(5e-6, 12)] })
    expect(() => parseSeriesFile('when,current_A\n1,2\n')).toThrow(/no time column found among \["when","current_A"\]/)
  })
})
