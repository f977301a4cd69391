import { explainConfig } from '../../config/explain.js'
import { ConfigError } from '../../config/load.js'
import { UsageError } from '../usage-error.js'
import { CommandFailed, commonUsage, output, parseCommand, table, type OpsIo } from './common.js'

export const configUsage = `Usage: mfc-station config check [--config FILE] [--data-dir DIR] [--json]

Validates the configuration the station would start with (defaults < config file < MFC_* environment <
flags) and prints every key with its value and where it came from: default, file PATH, env NAME or
flag. Secrets (passwords, tokens, passphrases, credentials in URLs) are masked. Exit 1 with the first
problem when the configuration is invalid.

${commonUsage}`

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))

/** `mfc-station config check` (docs/operations.md "Operations CLI"). */
export function configCommand(argv: string[], io: OpsIo): number {
  const { values, positionals } = parseCommand(argv)
  if (values.help) return (io.stdout(configUsage), 0)
  if (positionals.join(' ') !== 'check')
    throw new UsageError(`expected "config check", got "config ${positionals.join(' ')}"`)
  let entries
  try {
    ;({ entries } = explainConfig({
      env: io.env,
      ...(values['data-dir'] === undefined ? {} : { flags: { dataDir: values['data-dir'] } }),
      ...(values.config === undefined ? {} : { configFile: values.config }),
    }))
  } catch (error) {
    // The check ran and the configuration failed it: exit 1, the problem in one line.
    if (error instanceof ConfigError) throw new CommandFailed(`configuration invalid: ${error.message}`)
    throw error
  }
  output(io, values, { ok: true, entries }, () => [
    'configuration valid',
    ...table(entries.map((entry) => [entry.key, `${shown(entry.value)}  (${entry.source})`])),
  ])
  return 0
}
