import type { ConfigLayer } from '../config/schema.js'
import { UsageError } from './usage-error.js'

/** The flags that say which station a command means (serve, doctor): its address, data and configuration file. */
export const locationOptions = {
  host: { type: 'string' },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  config: { type: 'string' },
} as const

/** A numeric flag's value; the configuration's schema then checks its range (docs/configuration.md). */
export function numberFlag(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} expects a number, got "${raw}"`)
  return value
}

/** The configuration layer of the location flags (the strongest layer, docs/configuration.md). */
export function locationFlags(values: { host?: string; port?: string; 'data-dir'?: string }): ConfigLayer {
  const flags: ConfigLayer = {}
  if (values.host !== undefined) flags.host = values.host
  const port = numberFlag('port', values.port)
  if (port !== undefined) flags.port = port
  if (values['data-dir'] !== undefined) flags.dataDir = values['data-dir']
  return flags
}
