import type { CoulombicResult, PolarizationAnalysisView } from '../../../../server/contract/analyses'

/*
 * The analyses' results as CSV with their metadata (docs/twin.md "UI"): `#` lines saying what was
 * analysed, with which inputs and when, then the figures as quantity,value,unit rows, then the data.
 */

export type ResultMeta = { analysis: string; source: string; inputs: Record<string, unknown>; exportedAt: Date }

const cell = (value: string | number | null) => {
  if (value === null) return ''
  const text = String(value)
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
const line = (values: Array<string | number | null>) => values.map(cell).join(',')

function header(meta: ResultMeta): string[] {
  return [
    `# MFC Station ${meta.analysis} analysis (docs/twin.md)`,
    `# source: ${meta.source.replace(/\s+/g, ' ')}`,
    `# inputs: ${JSON.stringify(meta.inputs)}`,
    `# exported: ${meta.exportedAt.toISOString()}`,
  ]
}

/** The polarization analysis: its figures, then the curve as analysed. */
export function polarizationCsv(result: PolarizationAnalysisView, meta: ResultMeta): string {
  const { openCircuit, maximumPower: mpp, internalResistance: rInt, density, overshoot } = result
  const figures: Array<[string, number | string | null, string]> = [
    ['ocv', openCircuit.voltageV, 'V'],
    ['ocv_method', openCircuit.method, ''],
    ['max_power', mpp.powerW, 'W'],
    ['mpp_voltage', mpp.voltageV, 'V'],
    ['mpp_current', mpp.currentA, 'A'],
    ['mpp_r_ext', mpp.rExtOhm, 'ohm'],
    ['r_int_ohmic_slope', rInt.ohmicSlopeOhm, 'ohm'],
    ['r_int_at_max_power', rInt.atMaximumPowerOhm, 'ohm'],
    ['max_power_per_area', density.maxPowerWPerM2, 'W/m2'],
    ['max_power_per_volume', density.maxPowerWPerM3, 'W/m3'],
    ['max_current_per_area', density.maxCurrentAPerM2, 'A/m2'],
    ['max_current_per_volume', density.maxCurrentAPerM3, 'A/m3'],
    ['overshoot', overshoot.detected ? 'yes' : 'no', ''],
    ['overshoot_current_drop', overshoot.currentDropPct, '%'],
  ]
  return [
    ...header(meta),
    'quantity,value,unit',
    ...figures.map((row) => line(row)),
    '',
    'voltage_V,current_A,power_W,r_ext_ohm',
    ...result.curve.map((p) => line([p.voltageV, p.currentA, p.powerW, p.rExtOhm])),
    '',
  ].join('\n')
}

/** The coulombic analysis: one row per cycle (or the period), then the total. */
export function coulombicCsv(result: CoulombicResult, meta: ResultMeta): string {
  const row = (label: string, c: CoulombicResult['total'], startS: number | null, endS: number | null) =>
    line([label, startS, endS, c.chargeC, c.codRemovedMg, c.codRemovalPct, c.coulombicEfficiencyPct])
  return [
    ...header(meta),
    `# mode: ${result.mode}, COD ${result.codSource}`,
    'cycle,start_s,end_s,charge_C,cod_removed_mg,cod_removal_pct,coulombic_efficiency_pct',
    ...result.cycles.map((c, i) => row(String(i + 1), c, c.startS, c.endS)),
    row('total', result.total, null, null),
    '',
  ].join('\n')
}
