import { csvTable, PointsFileError } from './csv-table.js'
import type { MeasuredPoint } from './fit-polarization.js'

/*
 * Steady-state polarization points as `mfc-station twin fit --polarization` reads them (docs/twin.md
 * "Points file"): a header row naming r_ext_ohm, voltage_V and current_A (any order, any case; further
 * columns are ignored), then one point per row in the order measured. `inf` (or `open`) as r_ext_ohm is
 * an open-circuit point.
 */

export { PointsFileError } from './csv-table.js'
export const POINT_COLUMNS = ['r_ext_ohm', 'voltage_V', 'current_A'] as const

export function parsePointsCsv(text: string): MeasuredPoint[] {
  return csvTable(text, POINT_COLUMNS).rows.map(({ line, number, cells }) => {
    const [rText, vText, iText] = cells
    const rExtOhm = /^(inf|infinity|open)$/i.test(rText ?? '') ? Infinity : Number(rText)
    const voltageV = Number(vText)
    const currentA = Number(iText)
    if (!(rExtOhm > 0) || vText === '' || iText === '' || !Number.isFinite(voltageV) || !Number.isFinite(currentA))
      throw new PointsFileError(
        `row ${number}: expected r_ext_ohm > 0, voltage_V and current_A as numbers, got "${line}"`,
      )
    return { rExtOhm, voltageV, currentA }
  })
}
