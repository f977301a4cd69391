import { describe, expect, it } from 'vitest'
import { rowsToCsv } from './export'

describe('CSV export', () => {
  it('writes one SI column per channel with a unit in the header', () => {
    const rows = [{ t: 60, cell2_voltageV: 0.5, cell2_currentA: 0.001, cell2_powerW: 0.0005, cell2_substrateMgL: 120 }]
    expect(rowsToCsv(rows, 'cell2')).toBe(
      'sim_time_s,voltage_V,current_A,power_W,substrate_mg_per_L\n60,0.5,0.001,0.0005,120\n',
    )
  })
})
