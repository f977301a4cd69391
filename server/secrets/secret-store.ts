/** Names of the secrets the station keeps; one entry each in the keychain (service "mfc-station"). */
export const secretNames = [
  'session-signing-key',
  'token-pepper',
  'tls-key-passphrase',
  'pfx-password',
  'smtp-password',
  'acme-account-key',
  // The audit log's head, kept outside the database so a cut tail is noticed (not secret, but tamper-evident here).
  'audit-anchor',
  'mqtt-password',
  'mqtt-key-passphrase',
] as const

/** The station's own secrets, and instrument credentials named in the configuration (`instrument.<name>`). */
export type SecretName = (typeof secretNames)[number] | `instrument.${string}`

/** Whether a stored name is an instrument credential (docs/instruments.md "Credentials"). */
export const isInstrumentSecret = (name: string): name is `instrument.${string}` =>
  /^instrument\.[\w.-]{1,200}$/.test(name)

/**
 * Where secrets live: the OS keychain in production, a visible 0600 file only as an accepted fallback.
 * Implementations never log or echo values.
 */
export type SecretStore = {
  /** "keychain" or "file"; shown on health detail and the UI security page. */
  readonly backend: 'keychain' | 'file' | 'memory'
  /** Why the store is not the keychain, when it fell back; shown loudly (console, log, health, UI). */
  readonly warning?: string
  get(name: SecretName): Promise<string | undefined>
  set(name: SecretName, value: string): Promise<void>
  delete(name: SecretName): Promise<void>
}

/** A process-local store for tests and tools; nothing persists. */
export function createMemorySecretStore(initial: Partial<Record<SecretName, string>> = {}): SecretStore {
  const values = new Map<SecretName, string>(Object.entries(initial) as Array<[SecretName, string]>)
  return {
    backend: 'memory',
    get: async (name) => values.get(name),
    set: async (name, value) => {
      values.set(name, value)
    },
    delete: async (name) => {
      values.delete(name)
    },
  }
}
