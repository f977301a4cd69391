import { describe, expect, it } from 'vitest'
import { labMetricIds, type LabMetrics, type LabMetricValue } from '../../../../server/contract/lab-metrics'
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

  it("adds the run's lab metrics for the stack and the exported cells, only when they are the run's", () => {
    const values: Record<string, LabMetricValue> = Object.fromEntries(
      labMetricIds.map((id) => [id, { value: 1.23456, reason: null }]),
    )
    values['methaneMl'] = { value: null, reason: 'a stack figure' }
    const row = (cell: number | null) => ({ cell, values })
    const labMetrics = {
      ...{ runId: 'run-7', source: 'simulation', coveredS: 7200.4, basis: 'raw', definitions: [] },
      ...{ stack: row(null), cells: [row(1), row(2)] },
    } as LabMetrics
    const series = [{ cell: 1, channel: 'voltageV' }] as const
    const lines = rowsToCsv([], series, { ...meta, labMetrics }, Date.now()).split('\n')
    expect(lines[5]).toBe(
      '# lab metrics: the whole run so far (7200 s), not only this time range; definitions in docs/lab-metrics.md',
    )
    expect(lines[6]).toMatch(/^# lab metrics stack: power_density_area_W_per_m2=1\.235; /)
    expect(lines[7]).toMatch(/^# lab metrics cell2: .*methane_mL=n\/a \(a stack figure\)$/)
    expect(lines[8]).toBe('sim_time_s,cell2_voltage_V')
    const otherRun = rowsToCsv([], series, { ...meta, labMetrics: { ...labMetrics, runId: 'run-6' } }, Date.now())
    expect(otherRun).not.toContain('lab metrics')
  })

  it('makes file names every file system accepts', () => {
    expect(exportFilename({ runName: 'lab run #2', runId: 'x' }, 'Stack: Voltage', 'png')).toBe(
      'mfc-lab_run_2-Stack_Voltage.png',
    )
  })
})
