import { join } from 'node:path'
import type { Server as TlsServer } from 'node:tls'
import type { Clock } from '../clock.js'
import type { TlsConfig } from '../config/tls-schema.js'
import type {
  AcmeOrderRequest,
  GenerateSelfSignedRequest,
  ImportFilesRequest,
  ImportPemRequest,
  ImportPfxRequest,
  TlsAlert,
  TlsBackup,
  TlsStatus,
} from '../contract/tls.js'
import type { Logger } from '../logger.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { AcmeIssuer } from './acme.js'
import { configuredAcmeIssuer, createAcmeSource } from './acme-source.js'
import { createAlertCenter } from './alert-center.js'
import { createBackupActions } from './backup.js'
import { notifiersFromConfig, type AlertNotifier } from './alert-notifiers.js'
import type { ServerCertificate } from './certificate.js'
import { createCertificateInstaller } from './certificate-installer.js'
import { createChangeLock } from './change-lock.js'
import { createGeneratedSource } from './generated-source.js'
import { createImportedSource } from './imported-source.js'
import { createImportedWatch } from './imported-watch.js'
import { createRenewal } from './renewal.js'
import { serveAtStart } from './startup.js'
import { createTlsFiles } from './tls-files.js'
import { createFileStateStore, loadState, servedImport, type TlsStateStore } from './tls-state.js'
import { certificateHealth, describeStatus, type CertificateHealth } from './tls-status.js'
import { createFileWatcher, type WatchFiles } from './watch-files.js'

export type TlsManagerDeps = {
  dataDir: string
  config: TlsConfig
  secrets: SecretStore
  log: Logger
  clock: Clock
  // Seams for tests; the defaults are the real ones (tls.acme, tls.alerts, fs.watch, state.json, os.hostname).
  acmeIssuer?: AcmeIssuer
  notifiers?: AlertNotifier[]
  watchFiles?: WatchFiles
  stateStore?: TlsStateStore
  hostName?: string
}

export type TlsManager = {
  /** The certificate served right now. */
  current(): ServerCertificate
  status(): TlsStatus
  /** `ok`, or `degraded` with the reason (expired, not valid yet, renewal failing, expiring within 7 days). */
  health(): CertificateHealth
  /** Installs every future certificate on `server` for new connections; open ones keep theirs. */
  attach(server: TlsServer): void
  onChange(listener: (certificate: ServerCertificate) => void): () => void
  onAlert(listener: (alert: TlsAlert) => void): () => void
  generateSelfSigned(request: GenerateSelfSignedRequest): Promise<TlsStatus>
  importPem(request: ImportPemRequest): Promise<TlsStatus>
  importPfx(request: ImportPfxRequest): Promise<TlsStatus>
  importFiles(request: ImportFilesRequest): Promise<TlsStatus>
  orderAcme(request: AcmeOrderRequest): Promise<TlsStatus>
  /** Renews now (self-signed, local CA, ACME); imported certificates cannot be renewed by the station. */
  renew(): Promise<TlsStatus>
  localCaPem(): string | undefined
  exportBackup(passphrase: string): TlsBackup
  restoreBackup(backup: TlsBackup, passphrase: string): Promise<TlsStatus>
  close(): Promise<void>
}

/**
 * Owns the station's certificate (docs/architecture.md "TLS module"): loads or creates it, applies the
 * configured source, renews it on schedule, hot-swaps it into attached servers, watches imported files
 * and raises alerts. A bad certificate (corrupt file, failed renewal, invalid import) never replaces the
 * one being served. This facade only composes the parts; each part says what it owns.
 */
export async function createTlsManager(deps: TlsManagerDeps): Promise<TlsManager> {
  const { log, secrets, config, clock } = deps
  const files = createTlsFiles(join(deps.dataDir, 'tls'))
  const store = deps.stateStore ?? createFileStateStore(files.dir, (message) => log.warn(message))
  const state = await loadState({ store, config, log })
  const installer = createCertificateInstaller({ files, secrets, state, log })
  const notifiers = deps.notifiers ?? notifiersFromConfig(config.alerts, secrets)
  const alerts = createAlertCenter({ log, notifiers, clock, record: state.recordAlert, served: installer.info })
  const lock = createChangeLock()
  const host = deps.hostName ? { hostName: deps.hostName } : {}
  const generated = await createGeneratedSource({ files, state, clock, log, config, ...host })
  const imported = createImportedSource({ installer, secrets, clock, config, log })
  const issue = deps.acmeIssuer ?? (await configuredAcmeIssuer(config, secrets, log))
  const acme = createAcmeSource({ issue, installer, state, clock, config })
  const backups = createBackupActions({ installer, generated, state, clock, config })
  const watch = createImportedWatch({
    ...{ watchFiles: deps.watchFiles ?? createFileWatcher(clock), clock, alerts },
    reload: (changed) => lock.exclusive(() => imported.serveFiles(changed)),
  })
  installer.onChange(() => watch.follow(servedImport(state.get())))
  const renewal = createRenewal({ state, clock, alerts, lock, installer, generated, acme, days: config.alerts.days })

  await serveAtStart({ files, secrets, log, clock, config, state, installer, watch, alerts, generated, imported, acme })
  const scheduler = renewal.start()

  const status = () => {
    const current = { state: state.get(), info: installer.info(), localCa: generated.localCa() }
    return describeStatus({ ...current, inProgress: lock.busy(), now: clock.now() })
  }
  /** An operator's change: exclusive, and a success also clears a failing renewal's backoff. */
  const operatorChange = (operation: () => Promise<unknown>) =>
    lock.exclusive(async () => {
      await operation()
      const { renewal: last } = state.get()
      state.update({ renewal: { ...last, lastError: null, consecutiveFailures: 0, nextAttemptAt: null } })
      await state.save()
      return status()
    })

  return {
    current: installer.current,
    status,
    health: () => certificateHealth(state.get(), installer.info(), clock.now()),
    attach: installer.attach,
    onChange: installer.onChange,
    onAlert: alerts.subscribe,
    generateSelfSigned: (request) =>
      operatorChange(async () => {
        generated.configure(request)
        const kind = request.localCa ? 'local-ca' : 'self-signed'
        await installer.install(await generated.generate(kind), kind, { imported: null })
      }),
    importPem: (request) => operatorChange(() => imported.importPem(request)),
    importPfx: (request) => operatorChange(() => imported.importPfx(request)),
    importFiles: (request) => operatorChange(() => imported.importFiles(request)),
    orderAcme: (request) => operatorChange(() => acme.order(acme.settingsFor(request))),
    renew: () => operatorChange(renewal.renewOnce),
    localCaPem: () => generated.localCa()?.certPem,
    exportBackup: backups.exportBackup,
    restoreBackup: (backup, passphrase) => operatorChange(() => backups.restore(backup, passphrase)),
    async close() {
      scheduler.close()
      watch.close()
      installer.close()
      await alerts.close()
      await state.save() // also waits for saves still under way, so the data dir can go right after
    },
  }
}
