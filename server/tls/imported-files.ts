import { readFile } from 'node:fs/promises'
import type { SecretStore } from '../secrets/secret-store.js'
import { unpackPfx } from './pfx.js'
import type { TlsState } from './tls-state.js'
import type { CertificateMaterial } from './certificate-checks.js'

/** Where a path-imported certificate lives: PEM files or one PFX. */
export type Imported = NonNullable<TlsState['imported']>

/** The files a path import reads, in the order the status lists them. */
export function importedPaths(imported: Imported): string[] {
  return 'pfxFile' in imported
    ? [imported.pfxFile]
    : [imported.certFile, imported.keyFile, ...(imported.chainFile ? [imported.chainFile] : [])]
}

/**
 * Reads an imported certificate's files with the secrets that open them (PFX password, key
 * passphrase from the SecretStore). `passphrase` is what keeps the station's copy of the key
 * encrypted at rest, as protected as the operator's original.
 */
export async function readImportedFiles(
  imported: Imported,
  secrets: SecretStore,
): Promise<CertificateMaterial & { passphrase?: string }> {
  if ('pfxFile' in imported) {
    const password = (await secrets.get('pfx-password')) ?? ''
    return { ...unpackPfx(await readFile(imported.pfxFile), password), ...(password ? { passphrase: password } : {}) }
  }
  const [certPem, keyPem, chainPem] = await Promise.all([
    readFile(imported.certFile, 'utf8'),
    readFile(imported.keyFile, 'utf8'),
    imported.chainFile ? readFile(imported.chainFile, 'utf8') : undefined,
  ])
  const keyPassphrase = await secrets.get('tls-key-passphrase')
  return {
    certPem,
    keyPem,
    ...(chainPem ? { chainPem } : {}),
    ...(keyPassphrase ? { keyPassphrase, passphrase: keyPassphrase } : {}),
  }
}
