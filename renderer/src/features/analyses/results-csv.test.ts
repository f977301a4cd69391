import { describe, expect, it } from 'vitest'
import type { CoulombicResult, PolarizationAnalysisView } from '../../../../server/contract/analyses'
import { coulombicCsv, polarizationCsv } from './results-csv'

const meta = { source: 'lsv, "run 3".csv', inputs: { anodeAreaCm2: 10 }, exportedAt: new Date(Date.UTC(2026, 0, 2)) }

describe('analysis results as CSV', () => {
  it('writes the polarization figures and curve under their metadata', () => {
    const result: PolarizationAnalysisView = {
      points: 2,
      order: 'voltage',
      openCircuit: { voltageV: 0.7, method: 'measured' },
      maximumPower: { powerW: 8e-4, voltageV: 0.4, currentA: 2e-3, rExtOhm: 200 },
      internalResistance: { ohmicSlopeOhm: null, ohmicRegion: null, atMaximumPowerOhm: 200 },
      density: { maxPowerWPerM2: 0.8, maxPowerWPerM3: null, maxCurrentAPerM2: 2.3, maxCurrentAPerM3: null },
      overshoot: { detected: true, currentDropPct: 12.5, atIndex: 4 },
      curve: [{ voltageV: 0.7, currentA: 0, powerW: 0, rExtOhm: null }],
    }
    const lines = polarizationCsv(result, { analysis: 'polarization', ...meta }).split('\n')
    expect(lines.slice(0, 4)).toEqual([
      '# MFC Station polarization analysis (docs/twin.md)',
      '# source: lsv, "run 3".csv',
      '# inputs: {"anodeAreaCm2":10}',
      '# exported: 2026-01-02T00:00:00.000Z',
    ])
    expect(lines).toContain('r_int_ohmic_slope,,ohm')
    expect(lines).toContain('overshoot,yes,')
    expect(lines).toContain('max_power_per_area,0.8,W/m2')
    expect(lines.slice(-3)).toEqual(['voltage_V,current_A,power_W,r_ext_ohm', '0.7,0,0,', ''])
  })

  it('writes one row per cycle and the total', () => {
    const cycle = { chargeC: 21.6, codRemovedMg: 22.4, codRemovalPct: 80, coulombicEfficiencyPct: 8 }
    const result: CoulombicResult = {
      mode: 'batch',
      codSource: 'entered',
      cycles: [{ startS: 0, endS: 3600, ...cycle }],
      total: { ...cycle, codRemovedMg: null, coulombicEfficiencyPct: null },
    }
    const lines = coulombicCsv(result, { analysis: 'coulombic', ...meta }).split('\n')
    expect(lines[4]).toBe('# mode: batch, COD entered')
    expect(lines.slice(5)).toEqual([
      'cycle,start_s,end_s,charge_C,cod_removed_mg,cod_removal_pct,coulombic_efficiency_pct',
      '1,0,3600,21.6,22.4,80,8',
      'total,,,21.6,,80,',
      '',
    ])
  })
})
