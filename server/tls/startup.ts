import { createPrivateKey } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { TlsConfig } from '../config/tls-schema.js'
import type { Logger } from '../logger.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { AcmeSource } from './acme-source.js'
import type { AlertCenter } from './alert-center.js'
import { isNotYetValid } from './certificate-checks.js'
import { describeCertificate, inspectCertificate, type ServerCertificate } from './certificate.js'
import type { CertificateInstaller } from './certificate-installer.js'
import { isGenerated, type GeneratedSource } from './generated-source.js'
import { importedFromConfig, type ImportedSource } from './imported-source.js'
import type { ImportedWatch } from './imported-watch.js'
import { errorMessage } from './tls-errors.js'
import type { TlsFiles } from './tls-files.js'
import { servedImport, type StateKeeper } from './tls-state.js'

export type StartupDeps = {
  files: TlsFiles
  secrets: SecretStore
  log: Logger
  clock: Clock
  config: TlsConfig
  state: StateKeeper
  installer: CertificateInstaller
  watch: ImportedWatch
  alerts: AlertCenter
  generated: GeneratedSource
  imported: ImportedSource
  acme: AcmeSource
}

/** The certificate the station served last, if it is still usable; an unusable one is logged and replaced. */
async function readStoredCertificate(deps: StartupDeps): Promise<ServerCertificate | undefined> {
  const pair = await deps.files.readPair('server')
  if (!pair) return undefined
  try {
    const passphrase = pair.keyPem.includes('ENCRYPTED') ? await deps.secrets.get('tls-key-passphrase') : undefined
    const keyPem = createPrivateKey(passphrase === undefined ? pair.keyPem : { key: pair.keyPem, passphrase })
      .export({ type: 'pkcs8', format: 'pem' })
      .toString()
    const certificate = describeCertificate(keyPem, pair.certPem)
    const { notAfter } = certificate
    if (notAfter.getTime() <= deps.clock.now()) throw new Error(`expired on ${notAfter.toISOString()}`)
    // One the station made itself is made again; an imported or ACME one stays, and the first check alerts.
    const { notBefore } = inspectCertificate(pair.certPem)
    if (isGenerated(deps.state.get().source) && isNotYetValid(notBefore, deps.clock.now()))
      throw new Error(`not valid before ${notBefore}`)
    return certificate
  } catch (error) {
    deps.log.warn(`TLS certificate in ${deps.files.dir} is unusable (${errorMessage(error)}): replacing it`)
    return undefined
  }
}

/** No usable stored certificate: the path import's files again if they still pass, else a generated one. */
async function serveReplacement(deps: StartupDeps): Promise<void> {
  const { state, installer, generated } = deps
  const imported = servedImport(state.get())
  if (imported) {
    await deps.imported
      .serveFiles(imported)
      .catch(async () => installer.install(await generated.generate('self-signed'), 'self-signed'))
    return
  }
  const kind = state.get().source === 'local-ca' ? 'local-ca' : 'self-signed'
  await installer.install(await generated.generate(kind), kind)
}

/** Sources other than `self-signed` in the config are applied on every start, over the operator's last choice. */
async function applyConfiguredSource(deps: StartupDeps): Promise<void> {
  const { config, state, installer } = deps
  if (config.source === 'local-ca' && state.get().source !== 'local-ca')
    await installer.install(await deps.generated.generate('local-ca'), 'local-ca')
  const configuredImport = importedFromConfig(config)
  if (configuredImport) {
    await deps.imported.serveFiles(configuredImport).catch((error: unknown) =>
      deps.alerts.raiseForServed({
        kind: 'reload-failed',
        severity: 'critical',
        message: `configured certificate files were not loaded, serving the previous certificate: ${errorMessage(error)}`,
      }),
    )
  }
  if (config.source === 'acme') deps.acme.adoptConfigured()
  await state.save()
}

/** Start: the last good certificate, else a fresh one; then the configured source. */
export async function serveAtStart(deps: StartupDeps): Promise<void> {
  const stored = await readStoredCertificate(deps)
  if (stored) {
    deps.installer.serveStored(stored)
    deps.watch.follow(servedImport(deps.state.get()))
  } else {
    await serveReplacement(deps)
  }
  await applyConfiguredSource(deps)
}
