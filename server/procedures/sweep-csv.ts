import type { StoredSweep } from '../contract/procedures.js'

/** A stored sweep as CSV: one row per load (the OCV row has an empty r_ext_ohm), then each cell's columns. */
export function sweepCsv(sweep: StoredSweep): string {
  const cells = sweep.points[0]?.cells.map((entry) => entry.cell) ?? []
  const header = [
    ...['r_ext_ohm', 'voltage_V', 'current_A', 'power_W'],
    ...cells.flatMap((cell) => [`cell_${cell}_voltage_V`, `cell_${cell}_current_A`, `cell_${cell}_power_W`]),
  ]
  const rows = sweep.points.map((point): (number | string)[] => [
    ...[point.rExtOhm ?? '', point.voltageV, point.currentA, point.powerW],
    ...cells.flatMap((cell): (number | string)[] => {
      const entry = point.cells.find((candidate) => candidate.cell === cell)
      return entry ? [entry.voltageV, entry.currentA, entry.powerW] : ['', '', '']
    }),
  ])
  const mpp = sweep.maximumPowerPoint
  const meta = [
    `# run ${sweep.runId}, procedure ${sweep.procedureId}, sweep ${sweep.id}, started ${new Date(sweep.startedAtMs).toISOString()}`,
    `# maximum power point: ${mpp ? `${mpp.powerW} W at ${mpp.rExtOhm} ohm` : 'none'}`,
  ]
  return [...meta, header.join(','), ...rows.map((row) => row.join(','))].join('\n') + '\n'
}
