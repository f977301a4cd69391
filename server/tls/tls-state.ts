import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { TlsConfig } from '../config/tls-schema.js'
import { certificateSources, keyTypes, tlsAlertSchema, type TlsAlert } from '../contract/tls.js'
import type { Logger } from '../logger.js'
import { writeAtomically } from './tls-files.js'

/**
 * What the TLS manager remembers across restarts, next to the PEM files in `<dataDir>/tls/`.
 * Passwords and passphrases are never in it: they live in the SecretStore.
 */
export const tlsStateSchema = z.object({
  version: z.literal(1),
  source: z.enum(certificateSources),
  selfSigned: z.object({
    keyType: z.enum(keyTypes),
    validityDays: z.number().int().positive(),
    names: z.array(z.string()),
  }),
  imported: z
    .object({ certFile: z.string(), keyFile: z.string(), chainFile: z.string().optional() })
    .or(z.object({ pfxFile: z.string() }))
    .nullable(),
  acme: z
    .object({
      directoryUrl: z.string(),
      domains: z.array(z.string()),
      email: z.string().nullable(),
      accountUrl: z.string().nullable(),
    })
    .nullable(),
  renewal: z.object({
    lastAttemptAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastError: z.string().nullable(),
    consecutiveFailures: z.number().int().nonnegative(),
    nextAttemptAt: z.string().nullable(),
  }),
  /** Expiry thresholds (days) already alerted for the certificate with this fingerprint. */
  expiryAlerts: z.object({ fingerprint256: z.string(), days: z.array(z.number()) }),
  recentAlerts: z.array(tlsAlertSchema),
})
export type TlsState = z.infer<typeof tlsStateSchema>

/** Where the TLS state is kept; a file by default, swappable for the station's database. */
export type TlsStateStore = {
  load(): Promise<TlsState | undefined>
  save(state: TlsState): Promise<void>
}

/** State kept as `state.json` in the TLS directory; an unreadable file counts as no state (logged by the caller). */
export function createFileStateStore(dir: string, onCorrupt: (message: string) => void): TlsStateStore {
  const path = join(dir, 'state.json')
  // Saves are chained so the file always ends with the newest state, whatever order writes finish in.
  let saving: Promise<void> = Promise.resolve()
  return {
    async load() {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch {
        return undefined
      }
      try {
        return tlsStateSchema.parse(JSON.parse(text))
      } catch (error) {
        onCorrupt(
          `TLS state file ${path} is unreadable (${(error as Error).message.split('\n')[0]}); starting from defaults`,
        )
        return undefined
      }
    },
    save(state) {
      const text = `${JSON.stringify(state, null, 2)}\n`
      saving = saving
        .catch(() => undefined)
        .then(async () => {
          await mkdir(dir, { recursive: true, mode: 0o700 })
          await writeAtomically(path, text, 0o600)
        })
      return saving
    },
  }
}

/** A station that never chose a certificate starts from the configured generated source. */
function initialState(config: TlsConfig): TlsState {
  return {
    version: 1,
    source: config.source === 'local-ca' ? 'local-ca' : 'self-signed',
    selfSigned: { keyType: config.keyType, validityDays: config.validityDays, names: [] },
    imported: null,
    acme: null,
    renewal: { lastAttemptAt: null, lastSuccessAt: null, lastError: null, consecutiveFailures: 0, nextAttemptAt: null },
    expiryAlerts: { fingerprint256: '', days: [] },
    recentAlerts: [],
  }
}

/** How many alerts the status keeps, newest first. */
const RECENT_ALERTS = 20

/** The one copy of the TLS state in memory: every part reads and changes it here, and saves through it. */
export type StateKeeper = {
  get(): TlsState
  /** Replaces the given top-level fields in memory; save() writes them. */
  update(patch: Partial<TlsState>): void
  /** Writes the state; resolves after every save asked for before it (so close() can wait for them). */
  save(): Promise<void>
  /** Keeps the alert among the recent ones and saves in the background (a failed save is logged). */
  recordAlert(alert: TlsAlert): void
}

/** Loads the saved state (or starts from the configured defaults) and keeps it. */
export async function loadState(deps: { store: TlsStateStore; config: TlsConfig; log: Logger }): Promise<StateKeeper> {
  let state = (await deps.store.load()) ?? initialState(deps.config)
  const save = () => deps.store.save(state)
  return {
    get: () => state,
    update(patch) {
      state = { ...state, ...patch }
    },
    save,
    recordAlert(alert) {
      state = { ...state, recentAlerts: [alert, ...state.recentAlerts].slice(0, RECENT_ALERTS) }
      void save().catch((error: unknown) => deps.log.error('saving TLS state failed', error))
    },
  }
}

/** The files of the served certificate when it is a path import (they are watched), else null. */
export function servedImport(state: TlsState): TlsState['imported'] {
  return state.source === 'imported' ? state.imported : null
}
