import { loadConfig } from '../config/load.js'
import { silentLogger } from '../logger.js'
import { openSecretStore, type OpenSecretStoreOptions } from '../secrets/open-secret-store.js'
import { isInstrumentSecret, type SecretName } from '../secrets/secret-store.js'
import { prepareDataDir, runningStationPid } from '../station/data-dir.js'
import { parseCommandLine, UsageError } from './usage-error.js'

/** The secrets an operator brings; the station makes its own keys and never hands them out. */
const operatorSecrets = ['mqtt-password', 'mqtt-key-passphrase', 'smtp-password'] as const satisfies SecretName[]

export const secretUsage = `Usage: mfc-station secret set NAME [--data-dir DIR]     (the value is read from standard input)
       mfc-station secret delete NAME [--data-dir DIR]

Keeps a credential the station needs in its secret store (the OS keychain, or the file fallback the
configuration chose), never in a config file. NAME: ${operatorSecrets.join(', ')}, or
instrument.<name> for an instrument's password (docs/instruments.md "Credentials").
The station must be stopped; it reads the secret when it starts.`

export type SecretIo = {
  env: NodeJS.ProcessEnv
  stdout: (line: string) => void
  /** Standard input as text (the value of `set`). */
  readStdin: () => Promise<string>
  loadKeychain?: OpenSecretStoreOptions['loadKeychain']
}

function parse(argv: string[]) {
  return parseCommandLine({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  })
}

/** A secret an operator may set: a known name, or an instrument credential `instrument.<name>`. */
function operatorSecret(name: string | undefined): SecretName | undefined {
  if (name !== undefined && isInstrumentSecret(name)) return name
  return operatorSecrets.find((known) => known === name)
}

/** `mfc-station secret set|delete NAME` (docs/publishing.md "TLS and credentials"). */
export async function secretCommand(argv: string[], io: SecretIo): Promise<number> {
  const { values, positionals } = parse(argv)
  if (values.help) return (io.stdout(secretUsage), 0)
  const [action, name, ...extra] = positionals
  if ((action !== 'set' && action !== 'delete') || extra.length > 0)
    throw new UsageError('expected "secret set NAME" or "secret delete NAME"')
  const secret = operatorSecret(name)
  if (!secret)
    throw new UsageError(`unknown secret "${name ?? ''}" (one of: ${operatorSecrets.join(', ')}, instrument.<name>)`)
  return changeSecret(action, secret, values['data-dir'], io)
}

/** Sets (from standard input) or deletes one secret of a stopped station's data dir. */
export async function changeSecret(
  action: 'set' | 'delete',
  secret: SecretName,
  dataDir: string | undefined,
  io: SecretIo,
): Promise<number> {
  const config = loadConfig({ env: io.env, ...(dataDir === undefined ? {} : { flags: { dataDir } }) })
  const pid = await runningStationPid(config.dataDir)
  if (pid !== undefined) throw new UsageError(`the station is running (pid ${pid}): stop it first`)
  // A first secret may come before the station ever ran: the data dir is made as the station makes it.
  await prepareDataDir(config.dataDir)
  const store = await openSecretStore({
    ...{ mode: config.security.secrets, dataDir: config.dataDir, log: silentLogger },
    ...(io.loadKeychain ? { loadKeychain: io.loadKeychain } : {}),
  })
  if (action === 'delete') {
    await store.delete(secret)
    io.stdout(`${secret} deleted from the ${store.backend} secret store`)
    return 0
  }
  // One trailing newline is what `echo` and a terminal add; the value itself is kept as given.
  const value = (await io.readStdin()).replace(/\r?\n$/, '')
  if (value === '') throw new UsageError(`no value for ${secret} on standard input`)
  await store.set(secret, value)
  io.stdout(`${secret} stored in the ${store.backend} secret store`)
  return 0
}
