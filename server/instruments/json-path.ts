import { AddressError } from './errors.js'

type Step = string | number

/**
 * A JSON path of the simple kind devices need, `$.a.b[0]` or `$["key"]`: members and indices only, no
 * filters or wildcards. Compiled once per channel; `read` returns undefined when the value is missing.
 */
export function compileJsonPath(path: string): { read(document: unknown): unknown } {
  if (!path.startsWith('$')) throw new AddressError(`JSON path "${path}" must start with "$"`)
  const steps: Step[] = []
  const pattern = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\["([^"\\]*)"\]/y
  let at = 1
  while (at < path.length) {
    pattern.lastIndex = at
    const match = pattern.exec(path)
    if (!match) throw new AddressError(`JSON path "${path}": cannot read "${path.slice(at)}"`)
    steps.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : match[3]!))
    at = pattern.lastIndex
  }
  return {
    read(document) {
      let value = document
      for (const step of steps) {
        if (typeof value !== 'object' || value === null) return undefined
        value = (value as Record<Step, unknown>)[step]
      }
      return value
    },
  }
}

/** A number from a JSON value: numbers, and numeric strings as microcontrollers often print them. */
export function numberFrom(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value)
    return Number.isFinite(parsed) ? parsed : undefined
  }
  return undefined
}
