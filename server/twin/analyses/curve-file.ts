import type { CurvePoint } from './polarization.js'

/*
 * Polarization curves exported by potentiostat software (docs/twin.md "Importing curves"): EC-Lab's
 * ASCII export (.mpt: "Nb header lines : N", tab-separated, decimal comma in some locales), Gamry's
 * .DTA (a "CURVE TABLE" block: column names, a units row, tab-separated data) and generic CSV (a header
 * row; comma, semicolon or tab). Columns are detected by name and unit, or named by the user.
 */

export const curveFormats = ['auto', 'ec-lab', 'gamry', 'csv'] as const
export type CurveFormat = (typeof curveFormats)[number]
export const currentUnits = { A: 1, mA: 1e-3, uA: 1e-6, nA: 1e-9 } as const
export const voltageUnits = { V: 1, mV: 1e-3 } as const
export type CurrentUnit = keyof typeof currentUnits
export type VoltageUnit = keyof typeof voltageUnits

export type CurveFileOptions = {
  format?: CurveFormat
  voltageColumn?: string
  currentColumn?: string
  resistanceColumn?: string
  voltageUnit?: VoltageUnit
  currentUnit?: CurrentUnit
}

export type ParsedCurve = {
  format: Exclude<CurveFormat, 'auto'>
  columns: { voltage: string; current: string; resistance: string | null }
  units: { voltage: VoltageUnit; current: CurrentUnit }
  /** Potentiostats count anodic current negative in some set-ups; a curve of mostly negative currents is flipped. */
  currentSignFlipped: boolean
  points: CurvePoint[]
}

/** A file the analyses cannot read: the message says what is missing and where. */
export class CurveFileError extends Error {
  override name = 'CurveFileError'
}

export type Table = { format: ParsedCurve['format']; header: string[]; rows: string[][]; units?: string[] }

// A name, then anything but a letter: "Ewe/V", "<I>/mA", "voltage_V", "R_ext (ohm)"; not "Ece/V" or "I Range".
export const VOLTAGE_NAMES = /^(ewe|ecell|e|vf|v|u|voltage|potential|cell[ _-]?voltage)(?![a-z])/i
export const CURRENT_NAMES = /^(<i>|im|i|current|cell[ _-]?current)(?![a-z])/i
const RESISTANCE_NAMES = /^(r[ _-]?ext|rext|r|resistance|load)(?![a-z])/i

function detectFormat(text: string): Table['format'] {
  if (/^EC-Lab ASCII FILE/i.test(text.trimStart())) return 'ec-lab'
  if (/^CURVE\d*\tTABLE/m.test(text)) return 'gamry'
  return 'csv'
}

function ecLabTable(lines: string[]): Table {
  const count = /Nb header lines\s*:\s*(\d+)/i.exec(lines.slice(0, 5).join('\n'))
  if (!count)
    throw new CurveFileError('EC-Lab file without "Nb header lines": export it as ASCII (.mpt) with its header')
  const headerLine = Number(count[1]) - 1
  const header = (lines[headerLine] ?? '').split('\t').map((name) => name.trim())
  return { format: 'ec-lab', header, rows: lines.slice(headerLine + 1).map((line) => line.split('\t')) }
}

function gamryTable(lines: string[]): Table {
  const start = lines.findIndex((line) => /^CURVE\d*\tTABLE/.test(line))
  const header = (lines[start + 1] ?? '').split('\t').map((name) => name.trim())
  const units = (lines[start + 2] ?? '').split('\t').map((unit) => unit.trim())
  const rows: string[][] = []
  for (const line of lines.slice(start + 3)) {
    if (!line.startsWith('\t')) break
    rows.push(line.split('\t'))
  }
  return { format: 'gamry', header, rows, units }
}

function csvTable(lines: string[]): Table {
  const first = lines[0] ?? ''
  const delimiter = ['\t', ';', ','].reduce(
    (best, d) => (first.split(d).length > first.split(best).length ? d : best),
    ',',
  )
  const split = (line: string) => line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'))
  return { format: 'csv', header: split(first), rows: lines.slice(1).map(split) }
}

/** A column's index: the named one, or the first whose name matches `pattern`. */
export function findColumn(table: Table, named: string | undefined, pattern: RegExp, what: string): number {
  const index = named === undefined ? table.header.findIndex((name) => pattern.test(name)) : table.header.indexOf(named)
  if (index < 0)
    throw new CurveFileError(
      named === undefined
        ? `no ${what} column found among ${JSON.stringify(table.header)}: name it (${what}Column)`
        : `no column "${named}" among ${JSON.stringify(table.header)}`,
    )
  return index
}

/** The unit a column's name or units row declares (e.g. "<I>/mA", "I (uA)", "voltage_mV"), else the default. */
export function unitOf<U extends string>(label: string, units: readonly U[], fallback: U): U {
  const normalised = label.replace('µ', 'u')
  const found = units.find((unit) => new RegExp(`(^|[/(\\[_ ])${unit}([)\\] ]|$)`, 'i').test(normalised))
  return found ?? fallback
}

export function numberOf(cell: string | undefined): number {
  const text = (cell ?? '').trim()
  return Number(/^[-+]?\d+,\d+([eE][-+]?\d+)?$/.test(text) ? text.replace(',', '.') : text)
}

/** A potentiostat export or CSV as a header and rows (the format detected unless given). */
export function readTable(text: string, given: CurveFormat = 'auto'): Table {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const format = given === 'auto' ? detectFormat(text) : given
  return format === 'ec-lab' ? ecLabTable(lines) : format === 'gamry' ? gamryTable(lines) : csvTable(lines)
}

/** Reads a curve file into points (V, A, ohm). */
export function parseCurveFile(text: string, options: CurveFileOptions = {}): ParsedCurve {
  const table = readTable(text, options.format)
  const { format } = table
  const voltage = findColumn(table, options.voltageColumn, VOLTAGE_NAMES, 'voltage')
  const current = findColumn(table, options.currentColumn, CURRENT_NAMES, 'current')
  const resistanceNamed =
    options.resistanceColumn !== undefined || table.header.some((name) => RESISTANCE_NAMES.test(name))
  const resistance = resistanceNamed ? findColumn(table, options.resistanceColumn, RESISTANCE_NAMES, 'resistance') : -1
  const label = (index: number) => `${table.header[index] ?? ''} ${table.units?.[index] ?? ''}`
  const units = {
    voltage: options.voltageUnit ?? unitOf(label(voltage), ['mV', 'V'] as const, 'V'),
    current: options.currentUnit ?? unitOf(label(current), ['mA', 'uA', 'nA', 'A'] as const, 'A'),
  }
  const points: CurvePoint[] = []
  for (const row of table.rows) {
    if (row.every((cell) => cell.trim() === '')) continue
    const voltageV = numberOf(row[voltage]) * voltageUnits[units.voltage]
    const currentA = numberOf(row[current]) * currentUnits[units.current]
    const rExtOhm = resistance >= 0 ? numberOf(row[resistance]) : undefined
    if (!Number.isFinite(voltageV) || !Number.isFinite(currentA) || (rExtOhm !== undefined && !(rExtOhm > 0)))
      throw new CurveFileError(
        `row ${points.length + 1} of the data is not a number in every column: ${row.join(' | ')}`,
      )
    points.push({ voltageV, currentA, ...(rExtOhm === undefined ? {} : { rExtOhm }) })
  }
  const negative = points.filter((p) => p.currentA < 0).length
  const currentSignFlipped = negative > points.length / 2
  return {
    format,
    columns: {
      voltage: table.header[voltage] as string,
      current: table.header[current] as string,
      resistance: resistance >= 0 ? (table.header[resistance] as string) : null,
    },
    units,
    currentSignFlipped,
    points: currentSignFlipped ? points.map((p) => ({ ...p, currentA: -p.currentA })) : points,
  }
}
