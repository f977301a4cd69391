import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tlsConfigSchema, type TlsConfig } from '../../config/tls-schema.js'
import type { Logger } from '../../logger.js'
import { generateLocalCa, generateSelfSigned, type PemPair } from '../self-signed.js'
import { requireBinary } from './processes.js'

export const DAY = 86_400_000

/** A logger that keeps what it was told, for assertions. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const keep = (level: string) => (message: string) => void lines.push(`${level}: ${message}`)
  return { lines, error: keep('error'), warn: keep('warn'), info: keep('info'), debug() {} }
}

/** The `tls` config section with the schema's defaults, as a station would load it. */
export function tlsConfig(overrides: Record<string, unknown> = {}): TlsConfig {
  return tlsConfigSchema.parse(overrides)
}

/** A certificate for localhost valid from `now` for `days`, optionally issued by a CA. */
export function leafCertificate(
  options: { now?: number; days?: number; issuer?: PemPair; names?: string[] } = {},
): Promise<PemPair> {
  return generateSelfSigned({
    now: new Date(options.now ?? Date.now()),
    validityDays: options.days ?? 30,
    names: { dns: options.names ?? ['localhost'], ips: ['127.0.0.1'] },
    ...(options.issuer ? { issuer: options.issuer } : {}),
  })
}

/** A two-level chain: root CA -> intermediate-like CA pair (selfsigned issues only from its CA, so the "intermediate" is the CA itself). */
export async function caAndLeaf(now = Date.now()): Promise<{ ca: PemPair; leaf: PemPair }> {
  const ca = await generateLocalCa({ now: new Date(now), host: 'test' })
  return { ca, leaf: await leafCertificate({ now, issuer: ca }) }
}

/** A PFX made by OpenSSL 3 (AES-256 / PBKDF2 by default), as operators export them. */
export function opensslPfx(pair: PemPair, password: string, legacy = false): Buffer {
  requireBinary('openssl', 'openssl')
  const dir = mkdtempSync(join(tmpdir(), 'mfc-pfx-'))
  try {
    writeFileSync(join(dir, 'key.pem'), pair.keyPem)
    writeFileSync(join(dir, 'cert.pem'), pair.certPem)
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        ...(legacy ? ['-legacy'] : []),
        '-inkey',
        'key.pem',
        '-in',
        'cert.pem',
        '-out',
        'out.pfx',
        '-passout',
        `pass:${password}`,
      ],
      { cwd: dir, stdio: 'ignore' },
    )
    return readFileSync(join(dir, 'out.pfx'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A fresh temporary directory; the test removes it. */
export function tempDir(prefix = 'mfc-tls-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}
