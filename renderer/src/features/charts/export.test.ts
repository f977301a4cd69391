import { describe, expect, it } from 'vitest'
import { csvColumn, exportFilename, rowsToCsv } from './export'

const meta = { stationVersion: '0.1.0', runId: 'run-7', runName: 'pilot', fromS: 3600, toS: 7200 }

describe('chart exports', () => {
  it('names columns as the UI names cells (Cell 1..N) with SI units', () => {
    expect(csvColumn({ cell: 0, channel: 'voltageV' })).toBe('cell1_voltage_V')
    expect(csvColumn({ cell: 'stack', channel: 'loadOhm' })).toBe('stack_load_ohm')
    expect(csvColumn({ cell: 'stack', channel: 'feedLPerDay' })).toBe('stack_feed_L_per_day')
  })

  it('writes a metadata header (station, run, range, units) above the columns', () => {
    const csv = rowsToCsv(
      [{ t: 3600, cell0_voltageV: 0.5, stack_loadOhm: 600 }],
      [
        { cell: 0, channel: 'voltageV' },
        { cell: 'stack', channel: 'loadOhm' },
      ],
      meta,
      Date.now(),
    )
    const lines = csv.trim().split('\n')
    expect(lines[0]).toBe('# MFC Station 0.1.0')
    expect(lines[1]).toBe('# run: run-7 (pilot)')
    expect(lines[2]).toBe('# time range: sim 01:00:00 .. sim 02:00:00 (sim_time_s 3600 .. 7200)')
    expect(lines.filter((l) => l.startsWith('#'))).toHaveLength(5)
    expect(lines.slice(-2)).toEqual(['sim_time_s,cell1_voltage_V,stack_load_ohm', '3600,0.5,600'])
  })

  it('makes file names every file system accepts', () => {
    expect(exportFilename({ runName: 'lab run #2', runId: 'x' }, 'Stack: Voltage', 'png')).toBe(
      'mfc-lab_run_2-Stack_Voltage.png',
    )
  })
})
