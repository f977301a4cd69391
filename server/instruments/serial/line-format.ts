import { AddressError } from '../errors.js'
import { compileJsonPath, numberFrom } from '../json-path.js'

/** `csv:<column>` (0-based) or `json:<path>` (docs/instruments.md "Serial line devices"). */
export type LineAddress = { text: string; read: (fields: LineFields) => number | undefined }
export type LineFields = { kind: 'csv'; columns: string[] } | { kind: 'json'; document: unknown }

export function parseLineAddress(text: string, format: 'csv' | 'json'): LineAddress {
  const [kind, ...rest] = text.split(':')
  const argument = rest.join(':')
  if (kind !== format) throw new AddressError(`"${text}": this device prints ${format} lines: use ${format}:...`)
  if (kind === 'csv') {
    if (!/^\d{1,4}$/.test(argument)) throw new AddressError(`"${text}": a CSV column is a 0-based index, e.g. csv:1`)
    const column = Number(argument)
    return {
      text,
      read: (fields) => (fields.kind === 'csv' ? numberFrom(fields.columns[column]?.trim()) : undefined),
    }
  }
  const path = compileJsonPath(argument)
  return { text, read: (fields) => (fields.kind === 'json' ? numberFrom(path.read(fields.document)) : undefined) }
}

/** One printed line as fields, or why it is garbage. */
export function splitLine(line: string, format: 'csv' | 'json', delimiter: string): LineFields | { garbage: string } {
  const text = line.trim()
  const excerpt = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)
  if (format === 'json') {
    try {
      return { kind: 'json', document: JSON.parse(text) as unknown }
    } catch {
      return { garbage: `not a JSON line: ${excerpt}` }
    }
  }
  const columns = text.split(delimiter)
  if (!columns.some((column) => numberFrom(column.trim()) !== undefined))
    return { garbage: `not a CSV line of numbers: ${excerpt}` }
  return { kind: 'csv', columns }
}

/**
 * A serial write address is a command template, `cmd:R {value}`: the line sent is the template with the
 * value in place (`R 470`), the way lab rigs take settings (docs/control.md "Actuators").
 */
export function serialCommand(address: string, value: number): string {
  if (!address.startsWith('cmd:') || !address.includes('{value}'))
    throw new AddressError(`"${address}": a serial write is a command template such as cmd:R {value}`)
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(9)))
  return address.slice('cmd:'.length).replaceAll('{value}', text)
}
