import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { silentLogger, type Logger } from '../logger.js'
import { createFileSecretStore, secretsFilePath } from './file-store.js'
import {
  createKeychainSecretStore,
  KEYCHAIN_SERVICE,
  keychainAccount,
  loadKeytar,
  type KeychainApi,
} from './keychain-store.js'
import { secretNames, type SecretName, type SecretStore } from './secret-store.js'

/** auto: keychain when reachable, else the file (loudly); keychain: no keychain is a hard error; file: always the file. */
export const secretBackendModes = ['auto', 'keychain', 'file'] as const
export type SecretBackendMode = (typeof secretBackendModes)[number]

/** The keychain was required (`--secrets keychain`) but cannot be used. */
export class SecretStoreError extends Error {
  override name = 'SecretStoreError'
}

export type OpenSecretStoreOptions = {
  mode: SecretBackendMode
  dataDir: string
  log: Logger
  /** keytar by default; tests inject a fake or a real Secret Service via DBUS_SESSION_BUS_ADDRESS. */
  loadKeychain?: () => Promise<KeychainApi>
  /** A keychain that does not answer within this long counts as unreachable (a locked, hung daemon). */
  probeTimeoutMs?: number
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** A write-read-delete round trip: the only reliable proof that a Secret Service is there and unlocked. */
export async function probeKeychain(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const api = await (options.loadKeychain ?? loadKeytar)()
  const account = keychainAccount(options.dataDir, 'probe')
  const probe = randomBytes(8).toString('hex')
  await withTimeout(
    (async () => {
      await api.setPassword(KEYCHAIN_SERVICE, account, probe)
      if ((await api.getPassword(KEYCHAIN_SERVICE, account)) !== probe)
        throw new Error('keychain returned a different value')
      await api.deletePassword(KEYCHAIN_SERVICE, account)
    })(),
    options.probeTimeoutMs ?? 5000,
    'the keychain',
  )
  return createKeychainSecretStore(api, options.dataDir)
}

/** Copies every secret `to` lacks from `from`, then deletes it from `from`. Returns the names moved. */
export async function migrateSecrets(from: SecretStore, to: SecretStore): Promise<SecretName[]> {
  const moved: SecretName[] = []
  for (const name of secretNames) {
    const value = await from.get(name)
    if (value === undefined) continue
    if ((await to.get(name)) === undefined) await to.set(name, value)
    await from.delete(name)
    moved.push(name)
  }
  return moved
}

/**
 * Chooses the secret backend for this start and migrates secrets left in the other one, so switching
 * between keychain and file (or a keychain appearing later) never loses the session key or pepper.
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const { log, dataDir, mode } = options
  let keychain: SecretStore | undefined
  let reason = ''
  try {
    keychain = await probeKeychain(options)
  } catch (error) {
    reason = (error as Error).message
  }

  if (mode === 'file') {
    const file = createFileSecretStore(
      dataDir,
      `secrets are kept in the file ${secretsFilePath(dataDir)} (chosen in the configuration)`,
    )
    if (keychain) {
      const moved = await migrateSecrets(keychain, file)
      if (moved.length > 0)
        log.warn(`secrets: moved ${moved.length} secret(s) from the OS keychain to ${secretsFilePath(dataDir)}`)
    }
    log.warn(`secrets: using the file backend ${secretsFilePath(dataDir)} (mode 0600) as configured`)
    return file
  }

  if (keychain) {
    if (existsSync(secretsFilePath(dataDir))) {
      const file = createFileSecretStore(dataDir)
      const moved = await migrateSecrets(file, keychain)
      file.remove()
      log.info(
        `secrets: moved ${moved.length} secret(s) from the file fallback into the OS keychain and deleted the file`,
      )
    }
    log.info('secrets: using the OS keychain (service "mfc-station")')
    return keychain
  }

  if (mode === 'keychain')
    throw new SecretStoreError(`the OS keychain is required (--secrets keychain) but not usable: ${reason}`)
  const warning = `no OS keychain reachable (${reason}); secrets are kept in the file ${secretsFilePath(dataDir)} (mode 0600). Start a Secret Service (e.g. gnome-keyring) or run with --secrets keychain to refuse this.`
  log.warn(`SECURITY WARNING: ${warning}`)
  return createFileSecretStore(dataDir, warning)
}

/** Reads a secret, creating it from 32 random bytes on first start. */
export async function ensureSecret(
  store: SecretStore,
  name: SecretName,
  random: (size: number) => Buffer = randomBytes,
): Promise<string> {
  const existing = await store.get(name)
  if (existing !== undefined) return existing
  const value = random(32).toString('base64url')
  await store.set(name, value)
  return value
}

/**
 * The secret store a running or stopped station uses, for tools that read or write one entry
 * (`mfc-station audit`, `restore`), without moving secrets between backends: the file when the
 * configuration says so or when it exists (a station that can reach a keychain moves the file into it at
 * start, so an existing file is the one in use), else the keychain; undefined when neither is there.
 */
export async function openSecretStoreForTools(
  options: Omit<OpenSecretStoreOptions, 'log'>,
): Promise<SecretStore | undefined> {
  const file = existsSync(secretsFilePath(options.dataDir))
  if (options.mode === 'file' || (options.mode === 'auto' && file))
    return file ? createFileSecretStore(options.dataDir) : undefined
  try {
    return await probeKeychain({ ...options, log: silentLogger })
  } catch {
    return undefined
  }
}
