import type { MeasuredPoint } from './fit-polarization.js'

/*
 * Steady-state polarization points as `mfc-station twin fit --polarization` reads them (docs/twin.md
 * "Points file"): a header row naming r_ext_ohm, voltage_V and current_A (any order, any case; further
 * columns are ignored), then one point per row in the order measured. `inf` (or `open`) as r_ext_ohm is
 * an open-circuit point.
 */

export const POINT_COLUMNS = ['r_ext_ohm', 'voltage_V', 'current_A'] as const

/** A points file that cannot be read; the message names the row or column. */
export class PointsFileError extends Error {
  override name = 'PointsFileError'
}

export function parsePointsCsv(text: string): MeasuredPoint[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  const [headerLine, ...rows] = lines
  const delimiter = headerLine?.includes(';') && !headerLine.includes(',') ? ';' : ','
  const header = (headerLine ?? '').split(delimiter).map((name) => name.trim().toLowerCase())
  const index = POINT_COLUMNS.map((column) => {
    const at = header.indexOf(column.toLowerCase())
    if (at < 0)
      throw new PointsFileError(`the header row has no ${column} column (it needs ${POINT_COLUMNS.join(',')})`)
    return at
  })
  return rows.map((line, row) => {
    const cells = line.split(delimiter).map((cell) => cell.trim())
    const [rText, vText, iText] = index.map((at) => cells[at] ?? '')
    const rExtOhm = /^(inf|infinity|open)$/i.test(rText ?? '') ? Infinity : Number(rText)
    const voltageV = Number(vText)
    const currentA = Number(iText)
    if (!(rExtOhm > 0) || vText === '' || iText === '' || !Number.isFinite(voltageV) || !Number.isFinite(currentA))
      throw new PointsFileError(
        `row ${row + 2}: expected r_ext_ohm > 0, voltage_V and current_A as numbers, got "${line}"`,
      )
    return { rExtOhm, voltageV, currentA }
  })
}
