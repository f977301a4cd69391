import { readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { z } from 'zod'
import { packageRoot } from '../../package-info.js'
import { AddressError } from '../errors.js'

/**
 * A SCPI device profile (docs/instruments.md "SCPI profiles"): data, not code, per instrument model.
 * `channels` name a query per kind of measurement; `{arg}` is replaced by the address's argument (a
 * scanner channel such as 101).
 */
export const scpiProfileSchema = z
  .object({
    model: z.string().min(1),
    identify: z.string().min(1).default('*IDN?'),
    errorQuery: z.string().min(1).default('SYST:ERR?'),
    /** Commands sent once after every connect (no answers expected). */
    setup: z.array(z.string().min(1)).default([]),
    channels: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.string().min(1)),
  })
  .strict()
export type ScpiProfile = z.infer<typeof scpiProfileSchema>

/** Without a profile: SCPI's mandatory queries only, and addresses that are literal queries. */
export const bareProfile: ScpiProfile = {
  model: 'SCPI instrument',
  identify: '*IDN?',
  errorQuery: 'SYST:ERR?',
  setup: [],
  channels: {},
}

/** Where the shipped profiles live. */
export const profilesDir = (root = packageRoot()) => join(root, 'resources', 'instruments', 'profiles')

/** A shipped profile by name (`keithley-2700`) or a profile file by path; errors name the file and field. */
export function loadScpiProfile(nameOrPath: string): ScpiProfile {
  const file =
    isAbsolute(nameOrPath) || nameOrPath.endsWith('.json') ? nameOrPath : join(profilesDir(), `${nameOrPath}.json`)
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new AddressError(`SCPI profile ${file}: ${(error as Error).message}`)
  }
  const parsed = scpiProfileSchema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new AddressError(`SCPI profile ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`)
  }
  return parsed.data
}

/**
 * The query an address stands for: a literal query (`MEAS:VOLT:DC? (@101)`, anything with a `?`), or
 * a profile channel with its argument (`dcv:101`).
 */
export function scpiQuery(address: string, profile: ScpiProfile): string {
  if (address.includes('?')) return address
  const [channel = '', ...rest] = address.split(':')
  const template = profile.channels[channel]
  if (template === undefined) {
    const known = Object.keys(profile.channels)
    throw new AddressError(
      `"${address}": not a query (no "?") and not a channel of ${profile.model}${known.length ? ` (${known.join(', ')})` : ''}`,
    )
  }
  const argument = rest.join(':')
  if (template.includes('{arg}') !== (argument !== ''))
    throw new AddressError(
      `"${address}": ${channel} ${template.includes('{arg}') ? 'needs an argument, e.g. ' + channel + ':101' : 'takes no argument'}`,
    )
  return template.replace('{arg}', argument)
}

/** SCPI-1999 7.2: 9.91E37 is "not a number", 9.9E37 an overflow; neither is a reading. */
const NOT_A_READING = 9.9e37

/** The first number of an answer (`+1.2345E-01`, Keithley's `+1.2345E-01VDC,+12.3SECS`), or undefined. */
export function scpiNumber(answer: string): number | undefined {
  const match = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(answer)
  if (!match) return undefined
  const value = Number(match[0])
  return Number.isFinite(value) && Math.abs(value) < NOT_A_READING ? value : undefined
}
