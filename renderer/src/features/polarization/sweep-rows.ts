import type { PolarizationSweep } from '../../../../server/contract/simulation'
import { formatDateTime, formatSimTime } from '../../app/time-format'
import type { SweepRecord } from '../../store/simulation'

/** A sweep point in display units: current in mA, voltage in V, power in mW, and the R_ext that gave it. */
export type SweepRow = { iMa: number; v: number; pMw: number; r: number }

/** The sweep's points in display units, by increasing current. */
export function sweepRows(sweep: PolarizationSweep): SweepRow[] {
  return sweep.points
    .map((p) => ({ iMa: p.currentA * 1000, v: p.voltageV, pMw: p.powerW * 1000, r: p.rExtOhm }))
    .sort((a, b) => a.iMa - b.iMa)
}

/**
 * The open-circuit point: V at I = 0, extrapolated along the line through the two lowest-current
 * points (the sweep's highest R_ext), since the sweep itself never opens the circuit.
 */
export function openCircuitPoint(rows: readonly SweepRow[]): SweepRow | undefined {
  const [a, b] = rows
  if (!a || !b || b.iMa === a.iMa) return a && { iMa: 0, v: a.v, pMw: 0, r: Infinity }
  const v = a.v - (a.iMa * (b.v - a.v)) / (b.iMa - a.iMa)
  return { iMa: 0, v, pMw: 0, r: Infinity }
}

/** How a sweep is named in legends and exports: "14:05:12 wall, sim 3 d 04:12:10, 10..2000 Ω". */
export function sweepLabel(record: SweepRecord): string {
  const when = formatDateTime(record.atMs).slice(11)
  const sim = record.simTimeS === undefined ? '' : `, ${formatSimTime(record.simTimeS)}`
  return `${when} wall${sim}, ${record.request.minOhm}..${record.request.maxOhm} Ω`
}

/** CSV of a sweep with its metadata header (SI units; lines starting with "#" are metadata). */
export function sweepCsv(record: SweepRecord, stationVersion: string | undefined, runName: string | undefined): string {
  const { request, result } = record
  const meta = [
    `# MFC Station ${stationVersion ?? '(version unknown)'}`,
    `# polarization sweep of run ${record.runId ?? '–'}${runName ? ` (${runName})` : ''}`,
    `# taken: ${formatDateTime(record.atMs)} (wall)${record.simTimeS === undefined ? '' : `, ${formatSimTime(record.simTimeS)}`}`,
    `# R_ext ${request.minOhm} .. ${request.maxOhm} ohm, ${request.points} points, steady state at each point`,
    `# maximum power point: ${result.mpp.powerW} W at ${result.mpp.rExtOhm} ohm`,
    '# units: SI as in each column name',
  ]
  const rows = [...result.points]
    .sort((a, b) => b.rExtOhm - a.rExtOhm)
    .map((p) => [p.rExtOhm, p.currentA, p.voltageV, p.powerW].join(','))
  return `${[...meta, 'r_ext_ohm,current_A,voltage_V,power_W', ...rows].join('\n')}\n`
}
