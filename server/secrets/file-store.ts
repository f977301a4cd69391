import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isInstrumentSecret, secretNames, type SecretName, type SecretStore } from './secret-store.js'

/** The visible fallback: one JSON file, mode 0600, in the data dir. */
export const SECRETS_FILE = 'secrets.json'

export function secretsFilePath(dataDir: string): string {
  return join(dataDir, SECRETS_FILE)
}

function readAll(path: string): Map<SecretName, string> {
  if (!existsSync(path)) return new Map()
  // Another user could have widened the mode by hand; put it back before reading.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  const values = new Map<SecretName, string>()
  for (const [name, value] of Object.entries(parsed))
    if (typeof value === 'string' && (isInstrumentSecret(name) || (secretNames as readonly string[]).includes(name)))
      values.set(name as SecretName, value)
  return values
}

/** File backend: every write replaces the file atomically (temp file created 0600, then renamed). */
export function createFileSecretStore(dataDir: string, warning?: string): SecretStore & { remove(): void } {
  const path = secretsFilePath(dataDir)
  let values = readAll(path)
  const persist = () => {
    const temp = `${path}.${process.pid}.tmp`
    writeFileSync(temp, JSON.stringify(Object.fromEntries(values), null, 2), { mode: 0o600 })
    renameSync(temp, path)
  }
  return {
    backend: 'file',
    ...(warning === undefined ? {} : { warning }),
    get: async (name) => values.get(name),
    set: async (name, value) => {
      values.set(name, value)
      persist()
    },
    delete: async (name) => {
      if (values.delete(name)) persist()
    },
    remove() {
      values = new Map()
      rmSync(path, { force: true })
    },
  }
}
