import { z } from 'zod'
import { telemetrySources } from './stream.js'

/*
 * The lab metrics of a run (docs/lab-metrics.md): the figures MFC papers report, per stack and per cell,
 * each with its unit and the definition the UI shows on hover. A figure the run cannot give (no COD data
 * on hardware, no model) is null with the reason.
 */

export const labMetricIds = [
  'powerDensityAreaWPerM2',
  'powerDensityVolumeWPerM3',
  'meanPowerW',
  'energyJ',
  'energyWh',
  'coulombicEfficiencyPct',
  'codRemovalPct',
  'codRemovalRateGPerLDay',
  'internalResistanceOhm',
  'trackingEfficiencyPct',
  'methaneMl',
] as const
export type LabMetricId = (typeof labMetricIds)[number]

export type LabMetricDefinition = { label: string; unit: string; definition: string }

/** One text per figure: the API answers it, the UI shows it on hover and focus, docs/lab-metrics.md lists it. */
export const labMetricDefinitions: Record<LabMetricId, LabMetricDefinition> = {
  powerDensityAreaWPerM2: {
    label: 'Power density (area)',
    unit: 'W/m²',
    definition: 'Mean power over the run divided by the projected anode area: P / A_an (Logan et al. 2006).',
  },
  powerDensityVolumeWPerM3: {
    label: 'Power density (volume)',
    unit: 'W/m³',
    definition: 'Mean power over the run divided by the anode liquid volume: P / V_an (Logan et al. 2006).',
  },
  meanPowerW: {
    label: 'Mean power',
    unit: 'W',
    definition: 'Energy harvested divided by the run time covered by recorded frames: E / t.',
  },
  energyJ: {
    label: 'Energy',
    unit: 'J',
    definition: 'Power integrated over the run by the trapezoid rule on the recorded frames: E = ∫ P dt.',
  },
  energyWh: { label: 'Energy', unit: 'Wh', definition: 'The same energy in watt-hours: E / 3600.' },
  coulombicEfficiencyPct: {
    label: 'Coulombic efficiency',
    unit: '%',
    definition:
      'Charge through the anode against the charge in the COD removed: CE = 8 ∫ I dt / (F ∫ q ΔCOD dt), COD in g O₂ (Logan et al. 2006).',
  },
  codRemovalPct: {
    label: 'COD removal',
    unit: '%',
    definition:
      'COD removed over COD fed, from influent vs anode (effluent) substrate and the actual flow: ΔCOD / COD_in.',
  },
  codRemovalRateGPerLDay: {
    label: 'COD removal rate',
    unit: 'g/L/d',
    definition: 'COD removed per litre of anode volume and day of run: ∫ q ΔCOD dt / (V_an t).',
  },
  internalResistanceOhm: {
    label: 'Internal resistance',
    unit: 'Ω',
    definition:
      "The model's R_int at the newest frame on a simulation; on hardware the online estimate r = −ΔV/ΔI over load steps (median of the last 9).",
  },
  trackingEfficiencyPct: {
    label: 'MPPT tracking efficiency',
    unit: '%',
    definition: "Energy harvested over the energy at the model's own maximum power point, after warm-up.",
  },
  methaneMl: {
    label: 'Methane',
    unit: 'mL',
    definition: 'Methane the methanogens produced over the run (the model: yield times methanogenic uptake).',
  },
}

/** Each figure's name in CSV metadata headers (the run CSV and the UI's Charts CSV), unit in the name. */
export const labMetricCsvNames: Record<LabMetricId, string> = {
  powerDensityAreaWPerM2: 'power_density_area_W_per_m2',
  powerDensityVolumeWPerM3: 'power_density_volume_W_per_m3',
  meanPowerW: 'mean_power_W',
  energyJ: 'energy_J',
  energyWh: 'energy_Wh',
  coulombicEfficiencyPct: 'coulombic_efficiency_pct',
  codRemovalPct: 'cod_removal_pct',
  codRemovalRateGPerLDay: 'cod_removal_rate_g_per_L_day',
  internalResistanceOhm: 'internal_resistance_ohm',
  trackingEfficiencyPct: 'tracking_efficiency_pct',
  methaneMl: 'methane_mL',
}

export const labMetricValueSchema = z.object({
  value: z.number().nullable(),
  /** Why the value is null (undefined for this run); null when there is a value. */
  reason: z.string().nullable(),
})
export type LabMetricValue = z.infer<typeof labMetricValueSchema>

export const labMetricsRowSchema = z.object({
  /** Cells are numbered from 1 as on screen; null for the stack. */
  cell: z.number().int().positive().nullable(),
  values: z.record(z.enum(labMetricIds), labMetricValueSchema),
})
export type LabMetricsRow = z.infer<typeof labMetricsRowSchema>

/** `GET /api/v1/telemetry/metrics` and `GET /api/v1/runs/:runId/metrics`. */
export const labMetricsSchema = z.object({
  runId: z.string(),
  source: z.enum(telemetrySources),
  /** Run time the figures cover, seconds (simulated, or wall time on hardware). */
  coveredS: z.number(),
  /** raw: from every recorded frame; rollup: from the recorder's 5 s or 60 s buckets. */
  basis: z.enum(['raw', 'rollup']),
  definitions: z.array(
    z.object({ id: z.enum(labMetricIds), label: z.string(), unit: z.string(), definition: z.string() }),
  ),
  stack: labMetricsRowSchema,
  cells: z.array(labMetricsRowSchema),
})
export type LabMetrics = z.infer<typeof labMetricsSchema>

/** A figure as CSV metadata says it: 4 significant digits, or n/a with the reason. */
const csvValue = ({ value, reason }: LabMetricValue): string =>
  value === null ? `n/a (${reason ?? 'undefined'})` : String(Number(value.toPrecision(4)))

/** One `#` line of a row's figures: `# lab metrics stack: energy_J=12.3; ...`. */
export function labMetricsCsvLine(row: LabMetricsRow, ids: readonly LabMetricId[] = labMetricIds): string {
  const name = row.cell === null ? 'stack' : `cell${row.cell}`
  return `# lab metrics ${name}: ${ids.map((id) => `${labMetricCsvNames[id]}=${csvValue(row.values[id])}`).join('; ')}`
}

/** The `#` lines of a run's lab metrics in a CSV header (docs/operator-ui.md "Exports"): what they cover, then stack and cells. */
export function labMetricsCsvLines(metrics: LabMetrics): string[] {
  return [
    `# lab metrics: over ${Number(metrics.coveredS.toFixed(1))} s of run from ${metrics.basis} frames; definitions in docs/lab-metrics.md`,
    labMetricsCsvLine(metrics.stack),
    ...metrics.cells.map((row) => labMetricsCsvLine(row)),
  ]
}
