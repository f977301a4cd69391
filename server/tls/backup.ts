import { createPrivateKey } from 'node:crypto'
import type { CertificateSource, TlsBackup } from '../contract/tls.js'
import type { PemPair } from './self-signed.js'
import { CertificateRejected } from './certificate-checks.js'

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
