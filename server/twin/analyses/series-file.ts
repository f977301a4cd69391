import {
  CurveFileError,
  CURRENT_NAMES,
  currentUnits,
  findColumn,
  numberOf,
  readTable,
  unitOf,
  VOLTAGE_NAMES,
  voltageUnits,
  type CurveFormat,
  type CurrentUnit,
} from './curve-file.js'

/*
 * A current (and voltage) time series from a file, for the coulombic analysis (docs/twin.md "Coulombic
 * efficiency and COD removal"): an EC-Lab or Gamry export of a chronoamperometry or a logger's CSV, or
 * the station's own run export (its `#` metadata lines are skipped; name the cell's columns). Columns
 * are found by name like a curve's (time: `time`, `t`, `T`, `elapsed`, `sim_time`), their units from
 * the name or units row (`time/h`, `I (mA)`).
 */

export type SeriesFileOptions = {
  format?: CurveFormat
  timeColumn?: string
  currentColumn?: string
  voltageColumn?: string
  currentUnit?: CurrentUnit
}

export const timeUnits = { s: 1, min: 60, h: 3600, d: 86_400 } as const

export type ParsedSeries = {
  columns: { time: string; current: string; voltage: string | null }
  series: { timeS: number[]; currentA: number[]; voltageV?: number[] }
}

const TIME_NAMES = /^(time|t|elapsed|sim[ _-]?time)(?![a-z])/i

/** Reads a time series file into seconds, amperes and volts; a row that is not numbers is refused naming it. */
export function parseSeriesFile(text: string, options: SeriesFileOptions = {}): ParsedSeries {
  const withoutComments = text
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('#'))
    .join('\n')
  const table = readTable(withoutComments, options.format)
  const time = findColumn(table, options.timeColumn, TIME_NAMES, 'time')
  const current = findColumn(table, options.currentColumn, CURRENT_NAMES, 'current')
  const voltageNamed = options.voltageColumn !== undefined || table.header.some((name) => VOLTAGE_NAMES.test(name))
  const voltage = voltageNamed ? findColumn(table, options.voltageColumn, VOLTAGE_NAMES, 'voltage') : -1
  const label = (index: number) => `${table.header[index] ?? ''} ${table.units?.[index] ?? ''}`
  const scale = {
    time: timeUnits[unitOf(label(time), ['min', 'h', 'd', 's'] as const, 's')],
    current: currentUnits[options.currentUnit ?? unitOf(label(current), ['mA', 'uA', 'nA', 'A'] as const, 'A')],
    voltage: voltageUnits[unitOf(label(voltage), ['mV', 'V'] as const, 'V')],
  }
  const timeS: number[] = []
  const currentA: number[] = []
  const voltageV: number[] = []
  for (const row of table.rows) {
    if (row.every((cell) => cell.trim() === '')) continue
    const values = [numberOf(row[time]) * scale.time, numberOf(row[current]) * scale.current]
    if (voltage >= 0) values.push(numberOf(row[voltage]) * scale.voltage)
    if (!values.every(Number.isFinite))
      throw new CurveFileError(
        `row ${timeS.length + 1} of the data is not a number in every column: ${row.join(' | ')}`,
      )
    timeS.push(values[0] as number)
    currentA.push(values[1] as number)
    if (voltage >= 0) voltageV.push(values[2] as number)
  }
  return {
    columns: {
      time: table.header[time] as string,
      current: table.header[current] as string,
      voltage: voltage >= 0 ? (table.header[voltage] as string) : null,
    },
    series: { timeS, currentA, ...(voltage >= 0 ? { voltageV } : {}) },
  }
}
