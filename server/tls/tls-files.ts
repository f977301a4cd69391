import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { certificateSources, keyTypes, tlsAlertSchema } from '../contract/tls.js'
import type { PemPair } from './self-signed.js'

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

let temporaryCount = 0

/** Write-then-rename, so a crash never leaves half a key or certificate behind; concurrent writers never share a temp file. */
export async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  temporaryCount += 1
  const temporary = `${path}.tmp-${process.pid}-${temporaryCount}`
  await writeFile(temporary, content, { mode })
  await chmod(temporary, mode)
  await rename(temporary, path)
}

/** The station's TLS directory: `<name>.key` (0600) and `<name>.crt` pairs plus `state.json`. */
export function createTlsFiles(dir: string) {
  const ensureDir = () => mkdir(dir, { recursive: true, mode: 0o700 })
  return {
    dir,
    /** The pair, or undefined when either file is missing; parsing is the caller's job. */
    async readPair(name: 'server' | 'ca'): Promise<PemPair | undefined> {
      try {
        const [keyPem, certPem] = await Promise.all([
          readFile(join(dir, `${name}.key`), 'utf8'),
          readFile(join(dir, `${name}.crt`), 'utf8'),
        ])
        return { keyPem, certPem }
      } catch {
        return undefined
      }
    },
    async writePair(name: 'server' | 'ca', pair: PemPair): Promise<void> {
      await ensureDir()
      // Key first: a crash between the writes leaves a key whose certificate does not match, which is refused and replaced.
      await writeAtomically(join(dir, `${name}.key`), pair.keyPem, 0o600)
      await writeAtomically(join(dir, `${name}.crt`), pair.certPem, 0o644)
    },
  }
}
export type TlsFiles = ReturnType<typeof createTlsFiles>

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
