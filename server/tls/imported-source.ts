import type { Clock } from '../clock.js'
import type { TlsConfig } from '../config/tls-schema.js'
import type { ImportFilesRequest, ImportPemRequest, ImportPfxRequest } from '../contract/tls.js'
import type { Logger } from '../logger.js'
import type { SecretStore } from '../secrets/secret-store.js'
import { CertificateRejected, validateMaterial, type CertificateMaterial } from './certificate-checks.js'
import type { CertificateInstaller } from './certificate-installer.js'
import { readImportedFiles, type Imported } from './imported-files.js'
import { unpackPfx } from './pfx.js'
import { errorMessage } from './tls-errors.js'

/** Certificates the operator brings: PEM or PFX in a request, or files on this machine that are watched. */
export type ImportedSource = {
  importPem(request: ImportPemRequest): Promise<void>
  importPfx(request: ImportPfxRequest): Promise<void>
  /** Keeps the files' secrets in the SecretStore, then reads and serves the files. */
  importFiles(request: ImportFilesRequest): Promise<void>
  /** Reads the files of a path import again and serves them (the watch and the configured source). */
  serveFiles(imported: Imported): Promise<void>
}

/** The files `tls.source: imported` names, or null for any other source. */
export function importedFromConfig(config: TlsConfig): Imported | null {
  if (config.source !== 'imported') return null
  if (config.pfxFile) return { pfxFile: config.pfxFile }
  // The config schema refuses source "imported" without certFile and keyFile or pfxFile.
  return {
    certFile: config.certFile!,
    keyFile: config.keyFile!,
    ...(config.chainFile ? { chainFile: config.chainFile } : {}),
  }
}

function importedFromRequest(request: ImportFilesRequest): Imported {
  if ('pfxFile' in request) return { pfxFile: request.pfxFile }
  return {
    certFile: request.certFile,
    keyFile: request.keyFile,
    ...(request.chainFile ? { chainFile: request.chainFile } : {}),
  }
}

/** Every import is validated (certificate-checks.ts) before it replaces the served certificate. */
export function createImportedSource(deps: {
  installer: CertificateInstaller
  secrets: SecretStore
  clock: Clock
  config: TlsConfig
  log: Logger
}): ImportedSource {
  const { installer, secrets } = deps

  async function serveMaterial(
    material: CertificateMaterial,
    imported: Imported | null,
    keyPassphrase: string | undefined,
  ): Promise<void> {
    const { certificate, warnings } = validateMaterial(material, {
      now: deps.clock.now(),
      expectedNames: deps.config.names,
    })
    for (const warning of warnings) deps.log.warn(`TLS import: ${warning}`)
    await installer.install(certificate, 'imported', { imported }, keyPassphrase)
  }

  async function serveFiles(imported: Imported): Promise<void> {
    const material = await readImportedFiles(imported, secrets)
    await serveMaterial(material, imported, material.passphrase)
  }

  return {
    importPem: (request) => serveMaterial(request, null, request.keyPassphrase),
    importPfx: (request) =>
      serveMaterial(
        unpackPfx(Buffer.from(request.pfxBase64, 'base64'), request.password),
        null,
        request.password || undefined,
      ),
    async importFiles(request) {
      if ('pfxFile' in request) await secrets.set('pfx-password', request.password)
      else if (request.keyPassphrase) await secrets.set('tls-key-passphrase', request.keyPassphrase)
      const imported = importedFromRequest(request)
      const material = await readImportedFiles(imported, secrets).catch((error: unknown) => {
        throw error instanceof CertificateRejected
          ? error
          : new CertificateRejected([`cannot read the files: ${errorMessage(error)}`])
      })
      await serveMaterial(material, imported, material.passphrase)
    },
    serveFiles,
  }
}
