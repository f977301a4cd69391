import { createPrivateKey } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { TlsConfig } from '../config/tls-schema.js'
import type { CertificateSource, TlsBackup } from '../contract/tls.js'
import { CertificateRejected, validateMaterial } from './certificate-checks.js'
import type { CertificateInstaller } from './certificate-installer.js'
import type { GeneratedSource } from './generated-source.js'
import { isUsableCa, type PemPair } from './self-signed.js'
import type { StateKeeper } from './tls-state.js'

/** PKCS#8 encrypted with AES-256-CBC; OpenSSL 3 derives the key with PBKDF2-HMAC-SHA256. */
function encryptKey(keyPem: string, passphrase: string): string {
  return createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString()
}

function decryptKey(encryptedKeyPem: string, passphrase: string): string {
  try {
    return createPrivateKey({ key: encryptedKeyPem, passphrase }).export({ type: 'pkcs8', format: 'pem' }).toString()
  } catch {
    throw new CertificateRejected(['wrong backup passphrase or damaged backup'])
  }
}

/** A portable copy of the served certificate (and local CA): certificates in clear, keys encrypted. */
export function createBackup(
  input: { source: CertificateSource; server: PemPair; localCa?: PemPair; now: number },
  passphrase: string,
): TlsBackup {
  return {
    format: 'mfc-station-tls-backup',
    version: 1,
    createdAt: new Date(input.now).toISOString(),
    source: input.source,
    certPem: input.server.certPem,
    encryptedKeyPem: encryptKey(input.server.keyPem, passphrase),
    ...(input.localCa
      ? { localCa: { certPem: input.localCa.certPem, encryptedKeyPem: encryptKey(input.localCa.keyPem, passphrase) } }
      : {}),
  }
}

/** The PEM pairs of a backup; validation of the material is the caller's job. */
export function openBackup(backup: TlsBackup, passphrase: string): { server: PemPair; localCa?: PemPair } {
  return {
    server: { certPem: backup.certPem, keyPem: decryptKey(backup.encryptedKeyPem, passphrase) },
    ...(backup.localCa
      ? { localCa: { certPem: backup.localCa.certPem, keyPem: decryptKey(backup.localCa.encryptedKeyPem, passphrase) } }
      : {}),
  }
}

/** Backup and restore of the served certificate and the local CA, as the operator asks for them. */
export type BackupActions = {
  exportBackup(passphrase: string): TlsBackup
  /** Validates the backup's certificate (and CA) like an import, then serves it. */
  restore(backup: TlsBackup, passphrase: string): Promise<void>
}

/** Backup and restore on the served certificate, the local CA and the state. */
export function createBackupActions(deps: {
  installer: CertificateInstaller
  generated: GeneratedSource
  state: StateKeeper
  clock: Clock
  config: TlsConfig
}): BackupActions {
  const { installer, generated, state, clock } = deps
  return {
    exportBackup(passphrase) {
      const localCa = generated.localCa()
      const input = { source: state.get().source, server: installer.current(), now: clock.now() }
      return createBackup({ ...input, ...(localCa ? { localCa } : {}) }, passphrase)
    },
    async restore(backup, passphrase) {
      const opened = openBackup(backup, passphrase)
      const { certificate } = validateMaterial(opened.server, { now: clock.now(), expectedNames: deps.config.names })
      if (opened.localCa) {
        if (!isUsableCa(opened.localCa, clock.now()))
          throw new CertificateRejected(['the local CA in the backup is unusable or expired'])
        await generated.adoptCa(opened.localCa)
      }
      // A restored ACME certificate without this station's ACME settings can only be served, not renewed.
      const source = backup.source === 'acme' && !state.get().acme ? 'imported' : backup.source
      await installer.install(certificate, source, { imported: null })
    },
  }
}
