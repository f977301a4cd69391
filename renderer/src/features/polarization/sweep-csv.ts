import { csvColumnName, type CsvQuantity } from '../../../../server/contract/telemetry'
import { formatDateTime, formatSimTime } from '../../app/time-format'
import type { SweepRecord } from '../../store/simulation'

const QUANTITIES: readonly CsvQuantity[] = ['currentA', 'voltageV', 'powerW']

/**
 * CSV of a sweep with its metadata header (SI units; lines starting with "#" are metadata): the stack's
 * columns, then every cell's in the one naming of the exports (`cell1_voltage_V`, docs/operator-ui.md "Exports").
 */
export function sweepCsv(record: SweepRecord, stationVersion: string | undefined, runName: string | undefined): string {
  const { request, result } = record
  const meta = [
    `# MFC Station ${stationVersion ?? '(version unknown)'}`,
    `# polarization sweep of run ${record.runId ?? '–'}${runName ? ` (${runName})` : ''}`,
    `# taken: ${formatDateTime(record.atMs)} (wall)${record.simTimeS === undefined ? '' : `, ${formatSimTime(record.simTimeS)}`}`,
    `# R_ext ${request.minOhm} .. ${request.maxOhm} ohm, ${request.points} points, steady state at each point`,
    `# maximum power point: ${result.mpp.powerW} W at ${result.mpp.rExtOhm} ohm`,
    `# open-circuit voltage (load disconnected): stack ${result.openCircuitV} V${result.cells
      .map((c, i) => `; ${csvColumnName(i, 'voltageV')} ${c.openCircuitV}`)
      .join('')}`,
    '# units: SI as in each column name; cell columns at the same R_ext as the stack columns',
  ]
  const header = [
    'r_ext_ohm,current_A,voltage_V,power_W',
    ...result.cells.flatMap((_, i) => QUANTITIES.map((q) => csvColumnName(i, q))),
  ].join(',')
  const order = result.points.map((p, k) => ({ p, k })).sort((a, b) => b.p.rExtOhm - a.p.rExtOhm)
  const rows = order.map(({ p, k }) =>
    [
      p.rExtOhm,
      p.currentA,
      p.voltageV,
      p.powerW,
      ...result.cells.flatMap((c): Array<number | string> => {
        const cell = c.points[k]
        return cell ? [cell.currentA, cell.voltageV, cell.powerW] : ['', '', '']
      }),
    ].join(','),
  )
  return `${[...meta, header, ...rows].join('\n')}\n`
}
