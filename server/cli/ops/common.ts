import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from '../usage-error.js'

/** A command that ran and failed (the station refused, is unreachable, a check failed): one line, exit 1. */
export class CommandFailed extends Error {
  override name = 'CommandFailed'
}

/** What the operations commands get from the entry point. */
export type OpsIo = {
  env: NodeJS.ProcessEnv
  stdout: (line: string) => void
  /** A secret typed by the operator (a password): stdin when piped, else a prompt without echo. */
  readSecret: (prompt: string) => Promise<string>
  now: () => number
}

/** Options every operations command takes (docs/operations.md "Operations CLI"). */
const commonOptions = {
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  ca: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options']

export const commonUsage = `Common options:
  --data-dir DIR   the station's data dir (default: the configured one)
  --config FILE    JSON config file
  --url URL        work through the API of the station at URL (default: the station running on the data
                   dir, else the data dir itself while no station runs)
  --token TOKEN    API token for the API (or MFC_TOKEN)
  --ca FILE        certificate (or CA) to trust for --url; default the data dir's, else the system's CAs
  --json           machine-readable output
  -h, --help       show this help`

export type Parsed = {
  values: CommonValues & { help: boolean } & Record<string, string | boolean | undefined>
  positionals: string[]
}

/** parseArgs with the common options and a command's own (strings unless said); a mistake is a UsageError. */
export function parseCommand(argv: string[], options: NonNullable<ParseArgsConfig['options']> = {}): Parsed {
  try {
    const parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { ...commonOptions, ...options },
    })
    return parsed
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? String(error))
  }
}

/** A string option's value (parseArgs typed it, the table of options is per command). */
export const stringOption = (values: Parsed['values'], name: string): string | undefined => {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

export type CommonValues = {
  'data-dir'?: string | undefined
  config?: string | undefined
  url?: string | undefined
  token?: string | undefined
  ca?: string | undefined
  json: boolean
}

/** A table of label/value rows as aligned text lines. */
export function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length))
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`)
}

/** Prints `value` as JSON, or its text lines. */
export function output(io: OpsIo, values: { json: boolean }, value: unknown, lines: () => string[]): void {
  if (values.json) io.stdout(JSON.stringify(value))
  else lines().forEach(io.stdout)
}
