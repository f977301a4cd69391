import { createHash } from 'node:crypto'
import type { SecretName, SecretStore } from './secret-store.js'

/** The service name every station entry is filed under in the OS keychain. */
export const KEYCHAIN_SERVICE = 'mfc-station'

/** The part of keytar the station uses; injectable so selection logic is testable without a keychain. */
export type KeychainApi = {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

/**
 * Accounts are scoped by data dir, so two stations of one OS user (or a test run next to a real
 * station) never share secrets: "<sha256(dataDir) prefix>/<secret name>".
 */
export function keychainAccount(dataDir: string, name: SecretName | 'probe'): string {
  const scope = createHash('sha256').update(dataDir).digest('hex').slice(0, 16)
  return `${scope}/${name}`
}

export function createKeychainSecretStore(api: KeychainApi, dataDir: string): SecretStore {
  return {
    backend: 'keychain',
    get: async (name) => (await api.getPassword(KEYCHAIN_SERVICE, keychainAccount(dataDir, name))) ?? undefined,
    set: (name, value) => api.setPassword(KEYCHAIN_SERVICE, keychainAccount(dataDir, name), value),
    delete: async (name) => {
      await api.deletePassword(KEYCHAIN_SERVICE, keychainAccount(dataDir, name))
    },
  }
}

/** Loads the native keytar module; fails (rather than crashing the process) where it cannot load. */
export async function loadKeytar(): Promise<KeychainApi> {
  const module = (await import('@github/keytar')) as KeychainApi & { default?: KeychainApi }
  return module.default ?? module
}
