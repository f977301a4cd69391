import { createPrivateKey } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Server as TlsServer } from 'node:tls'
import type { TlsConfig } from '../config/tls-schema.js'
import type {
  AcmeOrderRequest,
  CertificateInfo,
  CertificateSource,
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
import { createAcmeIssuer, type AcmeIssuer } from './acme.js'
import { createAlertCenter, type AlertCenter } from './alert-center.js'
import { notifiersFromConfig, type AlertNotifier } from './alert-notifiers.js'
import { createBackup, openBackup } from './backup.js'
import { daysLeft, describeCertificate, inspectCertificate, type ServerCertificate } from './certificate.js'
import { readImportedFiles, type Imported } from './imported-files.js'
import { unpackPfx } from './pfx.js'
import { renewalDueAt, retryDelayMs } from './renewal-policy.js'
import { realTimers, startRenewalScheduler, type RenewalScheduler, type Timers } from './renewal-scheduler.js'
import {
  defaultSubjectNames,
  generateLocalCa,
  generateSelfSigned,
  isUsableCa,
  keyTypeOf,
  type PemPair,
} from './self-signed.js'
import { createFileStateStore, createTlsFiles, type TlsState, type TlsStateStore } from './tls-files.js'
import { serverTlsOptions } from './tls-settings.js'
import { CertificateRejected, validateMaterial, type CertificateMaterial } from './certificate-checks.js'
import { createFileWatcher, type FileWatcher, type WatchFiles } from './watch-files.js'

/** Another certificate change is running; the caller may retry when it is done. */
export class TlsBusyError extends Error {
  override name = 'TlsBusyError'
  constructor() {
    super('another certificate change is in progress')
  }
}

/** An operation that cannot be done in the current state (renewing an imported certificate, a failed ACME order). */
export class TlsOperationError extends Error {
  override name = 'TlsOperationError'
}

export type TlsManagerDeps = {
  dataDir: string
  config: TlsConfig
  secrets: SecretStore
  log: Logger
  now?: () => number
  timers?: Timers
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
  /** `ok`, or `degraded` with the reason (expiring within 7 days, renewal failing, expired). */
  health(): { status: 'ok' | 'degraded'; detail: string }
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

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Owns the station's certificate: loads or creates it, applies the configured source, renews it on
 * schedule, hot-swaps it into attached servers, watches imported files and raises alerts. A bad
 * certificate (corrupt file, failed renewal, invalid import) never replaces the one being served.
 */
export async function createTlsManager(deps: TlsManagerDeps): Promise<TlsManager> {
  const now = deps.now ?? Date.now
  const { log, secrets, config } = deps
  const files = createTlsFiles(join(deps.dataDir, 'tls'))
  const stateStore = deps.stateStore ?? createFileStateStore(files.dir, (message) => log.warn(message))
  const issueAcme =
    deps.acmeIssuer ??
    createAcmeIssuer({
      secrets,
      log,
      challengePort: config.acme.challengePort,
      challengeHost: config.acme.challengeHost,
      ...(config.acme.caFile ? { directoryCaPem: await readFile(config.acme.caFile, 'utf8') } : {}),
    })
  const watchFiles = deps.watchFiles ?? createFileWatcher()
  const timers = deps.timers ?? realTimers
  const servers = new Set<TlsServer>()
  const changeListeners = new Set<(certificate: ServerCertificate) => void>()

  let state = (await stateStore.load()) ?? initialState(config)
  let localCa = await files.readPair('ca')
  let current: ServerCertificate
  let info: CertificateInfo
  let busy = false
  let watcher: FileWatcher | undefined
  let reloadRetry: unknown
  let scheduler: RenewalScheduler | undefined

  const save = () => stateStore.save(state)
  const alerts: AlertCenter = createAlertCenter({
    log,
    notifiers: deps.notifiers ?? notifiersFromConfig(config.alerts, secrets),
    now,
    record: (alert) => {
      state = { ...state, recentAlerts: [alert, ...state.recentAlerts].slice(0, 20) }
      void save().catch((error: unknown) => log.error('saving TLS state failed', error))
    },
  })
  const daysRemaining = () => daysLeft(info.notAfter, now())

  /** Generated certificates cover the defaults, the configured names and the names last asked for. */
  const subjectNames = () => defaultSubjectNames([...config.names, ...state.selfSigned.names], deps.hostName)

  async function readServerKey(): Promise<ServerCertificate | undefined> {
    const pair = await files.readPair('server')
    if (!pair) return undefined
    try {
      const passphrase = pair.keyPem.includes('ENCRYPTED') ? await secrets.get('tls-key-passphrase') : undefined
      const keyPem = createPrivateKey(passphrase === undefined ? pair.keyPem : { key: pair.keyPem, passphrase })
        .export({ type: 'pkcs8', format: 'pem' })
        .toString()
      const certificate = describeCertificate(keyPem, pair.certPem)
      if (certificate.notAfter.getTime() <= now()) throw new Error(`expired on ${certificate.notAfter.toISOString()}`)
      return certificate
    } catch (error) {
      log.warn(`TLS certificate in ${files.dir} is unusable (${errorMessage(error)}): replacing it`)
      return undefined
    }
  }

  async function ensureLocalCa(): Promise<PemPair> {
    if (localCa && isUsableCa(localCa, now() + state.selfSigned.validityDays * 86_400_000)) return localCa
    localCa = await generateLocalCa({
      now: new Date(now()),
      keyType: state.selfSigned.keyType,
      ...(deps.hostName ? { host: deps.hostName } : {}),
    })
    await files.writePair('ca', localCa)
    log.info(`created the station's local CA, SHA-256 ${inspectCertificate(localCa.certPem).fingerprint256}`)
    return localCa
  }

  async function generate(source: 'self-signed' | 'local-ca'): Promise<ServerCertificate> {
    const issuer = source === 'local-ca' ? await ensureLocalCa() : undefined
    const pair = await generateSelfSigned({
      names: subjectNames(),
      now: new Date(now()),
      keyType: state.selfSigned.keyType,
      validityDays: state.selfSigned.validityDays,
      ...(issuer ? { issuer } : {}),
    })
    return describeCertificate(pair.keyPem, pair.certPem)
  }

  function applyTo(server: TlsServer): void {
    // A fresh secure context would come with fresh session-ticket keys; carrying the old ones over
    // lets clients resume sessions across the swap instead of paying a full handshake each.
    const ticketKeys = server.getTicketKeys()
    server.setSecureContext(serverTlsOptions(current))
    server.setTicketKeys(ticketKeys)
  }

  /** Makes `certificate` the served one: files first, then memory, then every attached server. */
  async function install(
    certificate: ServerCertificate,
    source: CertificateSource,
    patch: Partial<TlsState> = {},
    keyPassphrase?: string,
  ): Promise<void> {
    if (keyPassphrase) {
      // The key stays as protected at rest as the operator handed it over; its passphrase goes to the SecretStore.
      await secrets.set('tls-key-passphrase', keyPassphrase)
      const encrypted = createPrivateKey(certificate.keyPem)
        .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: keyPassphrase })
        .toString()
      await files.writePair('server', { keyPem: encrypted, certPem: certificate.certPem })
    } else {
      await files.writePair('server', certificate)
      await secrets.delete('tls-key-passphrase')
    }
    current = certificate
    info = inspectCertificate(certificate.certPem)
    state = { ...state, ...patch, source }
    for (const server of servers) applyTo(server)
    await save()
    log.info(
      `serving ${source} ${certificate.keyType} certificate for ${info.subjectAltNames.join(', ')}, SHA-256 ${certificate.fingerprint256}, valid until ${info.notAfter}`,
    )
    for (const listener of changeListeners) listener(certificate)
    rewatch()
  }

  async function importMaterial(
    material: CertificateMaterial,
    imported: Imported | null,
    keyPassphrase: string | undefined,
  ): Promise<void> {
    const { certificate, warnings } = validateMaterial(material, { now: now(), expectedNames: config.names })
    for (const warning of warnings) log.warn(`TLS import: ${warning}`)
    await install(certificate, 'imported', { imported }, keyPassphrase)
  }

  /** Watches the files of a path-imported certificate; a change is validated before it is served. */
  function rewatch(): void {
    watcher?.close()
    watcher = undefined
    const imported = state.source === 'imported' ? state.imported : null
    if (!imported) return
    const paths =
      'pfxFile' in imported
        ? [imported.pfxFile]
        : [imported.certFile, imported.keyFile, ...(imported.chainFile ? [imported.chainFile] : [])]
    const reload = (): Promise<void> =>
      exclusive(async () => {
        const material = await readImportedFiles(imported, secrets)
        await importMaterial(material, imported, material.passphrase)
      }).catch((error: unknown) => {
        // Files that change while another change runs are read again a second later, not dropped.
        if (error instanceof TlsBusyError) reloadRetry = timers.setTimeout(reload, 1000)
        else
          alerts.raise({
            kind: 'reload-failed',
            severity: 'warning',
            message: `changed certificate files were not loaded, the previous certificate stays: ${errorMessage(error)}`,
            fingerprint256: current.fingerprint256,
            daysLeft: daysRemaining(),
          })
      })
    watcher = watchFiles(paths, () => void reload())
  }

  async function orderAcme(settings: NonNullable<TlsState['acme']>): Promise<void> {
    let issued
    try {
      issued = await issueAcme({
        directoryUrl: settings.directoryUrl,
        domains: settings.domains,
        email: settings.email,
        keyType: state.selfSigned.keyType,
        accountUrl: settings.accountUrl,
      })
    } catch (error) {
      throw new TlsOperationError(`ACME order from ${settings.directoryUrl} failed: ${errorMessage(error)}`)
    }
    const { certificate } = validateMaterial(issued, { now: now(), expectedNames: settings.domains })
    await install(certificate, 'acme', { acme: { ...settings, accountUrl: issued.accountUrl } })
  }

  async function renewOnce(): Promise<void> {
    switch (state.source) {
      case 'self-signed':
      case 'local-ca':
        return install(await generate(state.source), state.source)
      case 'acme':
        if (!state.acme) throw new TlsOperationError('no ACME settings: order a certificate first')
        return orderAcme(state.acme)
      case 'imported':
        throw new TlsOperationError('an imported certificate cannot be renewed by the station: import a new one')
    }
  }

  /** Never two certificate changes at once: renewals, imports and watcher reloads all pass here. */
  async function exclusive<T>(operation: () => Promise<T>): Promise<T> {
    if (busy) throw new TlsBusyError()
    busy = true
    try {
      return await operation()
    } finally {
      busy = false
    }
  }

  /** A renewal with its bookkeeping: success clears the backoff, failure schedules a retry and alerts. */
  async function renewRecorded(): Promise<void> {
    const attemptAt = new Date(now()).toISOString()
    try {
      await renewOnce()
      state = {
        ...state,
        renewal: {
          lastAttemptAt: attemptAt,
          lastSuccessAt: new Date(now()).toISOString(),
          lastError: null,
          consecutiveFailures: 0,
          nextAttemptAt: null,
        },
      }
      await save()
    } catch (error) {
      const failures = state.renewal.consecutiveFailures + 1
      const nextAttemptAt = new Date(now() + retryDelayMs(failures)).toISOString()
      state = {
        ...state,
        renewal: {
          ...state.renewal,
          lastAttemptAt: attemptAt,
          lastError: errorMessage(error),
          consecutiveFailures: failures,
          nextAttemptAt,
        },
      }
      await save()
      alerts.raise({
        kind: 'renewal-failed',
        severity: daysRemaining() <= 7 ? 'critical' : 'warning',
        message: `certificate renewal failed (attempt ${failures}, next try ${nextAttemptAt}); the current certificate stays: ${errorMessage(error)}`,
        fingerprint256: current.fingerprint256,
        daysLeft: daysRemaining(),
      })
      throw error
    }
  }

  function renewalDue(): boolean {
    if (state.source === 'imported') return false
    const next = state.renewal.nextAttemptAt
    if (next !== null) return now() >= Date.parse(next)
    return now() >= renewalDueAt(new Date(info.notBefore), new Date(info.notAfter)).getTime()
  }

  async function check(): Promise<void> {
    // checkExpiry records a raised alert into `state`; read state only after it returns.
    const expiryAlerts = alerts.checkExpiry(info, daysRemaining(), config.alerts.days, state.expiryAlerts)
    state = { ...state, expiryAlerts }
    if (!renewalDue() || busy) return
    await exclusive(renewRecorded).catch(() => {
      // Recorded, alerted and retried by renewRecorded; the scheduler goes on.
    })
  }

  // Start: the last good certificate, else a fresh one; then the configured source.
  const existing = await readServerKey()
  if (existing) {
    current = existing
    info = inspectCertificate(existing.certPem)
    rewatch()
  } else {
    const imported = state.source === 'imported' ? state.imported : null
    const material = imported ? await readImportedFiles(imported, secrets).catch(() => undefined) : undefined
    if (imported && material)
      await importMaterial(material, imported, material.passphrase).catch(async () =>
        install(await generate('self-signed'), 'self-signed'),
      )
    else
      await install(
        await generate(state.source === 'local-ca' ? 'local-ca' : 'self-signed'),
        state.source === 'local-ca' ? 'local-ca' : 'self-signed',
      )
  }
  await applyConfiguredSource()

  async function applyConfiguredSource(): Promise<void> {
    if (config.source === 'local-ca' && state.source !== 'local-ca')
      await install(await generate('local-ca'), 'local-ca')
    if (config.source === 'imported') {
      const imported: Imported = config.pfxFile
        ? { pfxFile: config.pfxFile }
        : {
            certFile: config.certFile!,
            keyFile: config.keyFile!,
            ...(config.chainFile ? { chainFile: config.chainFile } : {}),
          }
      try {
        const material = await readImportedFiles(imported, secrets)
        await importMaterial(material, imported, material.passphrase)
      } catch (error) {
        alerts.raise({
          kind: 'reload-failed',
          severity: 'critical',
          message: `configured certificate files were not loaded, serving the previous certificate: ${errorMessage(error)}`,
          fingerprint256: current.fingerprint256,
          daysLeft: daysRemaining(),
        })
      }
    }
    if (config.source === 'acme') {
      const wanted = {
        directoryUrl: config.acme.directoryUrl,
        domains: config.acme.domains,
        email: config.acme.email ?? null,
      }
      const same =
        state.source === 'acme' &&
        state.acme &&
        state.acme.directoryUrl === wanted.directoryUrl &&
        state.acme.domains.join() === wanted.domains.join()
      // The order runs in the background (the scheduler's first check): a slow or failing CA must not hold the station's start.
      if (!same)
        state = {
          ...state,
          source: 'acme',
          acme: { ...wanted, accountUrl: null },
          renewal: { ...state.renewal, nextAttemptAt: new Date(now()).toISOString() },
        }
    }
    await save()
  }

  // eslint-disable-next-line prefer-const -- declared above: close() may run before the scheduler exists
  scheduler = startRenewalScheduler({
    timers,
    now,
    check,
    nextWakeAt: () => (state.renewal.nextAttemptAt ? Date.parse(state.renewal.nextAttemptAt) : undefined),
  })

  const status = (): TlsStatus => ({
    source: state.source,
    certificate: info,
    daysLeft: daysRemaining(),
    renewal: {
      automatic: state.source !== 'imported',
      dueAt: renewalDueAt(new Date(info.notBefore), new Date(info.notAfter)).toISOString(),
      ...state.renewal,
      inProgress: busy,
    },
    watchedFiles: state.source === 'imported' && state.imported ? Object.values(state.imported) : [],
    localCa: localCa
      ? {
          fingerprint256: inspectCertificate(localCa.certPem).fingerprint256,
          notAfter: inspectCertificate(localCa.certPem).notAfter,
        }
      : null,
    acme: state.acme
      ? { directoryUrl: state.acme.directoryUrl, domains: state.acme.domains, email: state.acme.email }
      : null,
    alerts: state.recentAlerts,
  })

  /** An operator's change: exclusive, and a success also clears a failing renewal's backoff. */
  const operatorChange = (operation: () => Promise<unknown>) =>
    exclusive(async () => {
      await operation()
      state = { ...state, renewal: { ...state.renewal, lastError: null, consecutiveFailures: 0, nextAttemptAt: null } }
      await save()
      return status()
    })

  return {
    current: () => current,
    status,
    health() {
      const days = daysRemaining()
      if (days < 0) return { status: 'degraded', detail: `certificate expired on ${info.notAfter}` }
      if (state.renewal.consecutiveFailures > 0)
        return { status: 'degraded', detail: `renewal failing: ${state.renewal.lastError}` }
      if (days <= 7) return { status: 'degraded', detail: `certificate expires in ${days} days` }
      return { status: 'ok', detail: `${state.source} certificate valid for ${days} more days` }
    },
    attach(server) {
      servers.add(server)
      applyTo(server)
      server.once('close', () => servers.delete(server))
    },
    onChange(listener) {
      changeListeners.add(listener)
      return () => changeListeners.delete(listener)
    },
    onAlert: (listener) => alerts.subscribe(listener),
    generateSelfSigned: (request) =>
      operatorChange(async () => {
        const source = request.localCa ? 'local-ca' : 'self-signed'
        if (source === 'local-ca' && localCa && request.keyType && keyTypeOf(localCa.keyPem) !== request.keyType) {
          throw new CertificateRejected([
            `the local CA has a ${keyTypeOf(localCa.keyPem)} key and issues certificates of that type only`,
          ])
        }
        state = {
          ...state,
          selfSigned: {
            keyType: request.keyType ?? state.selfSigned.keyType,
            validityDays: request.validityDays ?? state.selfSigned.validityDays,
            names: request.names ?? state.selfSigned.names,
          },
        }
        await install(await generate(source), source, { imported: null })
      }),
    importPem: (request) => operatorChange(() => importMaterial(request, null, request.keyPassphrase)),
    importPfx: (request) =>
      operatorChange(async () => {
        const material = unpackPfx(Buffer.from(request.pfxBase64, 'base64'), request.password)
        await importMaterial(material, null, request.password || undefined)
      }),
    importFiles: (request) =>
      operatorChange(async () => {
        const imported: Imported =
          'pfxFile' in request
            ? { pfxFile: request.pfxFile }
            : {
                certFile: request.certFile,
                keyFile: request.keyFile,
                ...(request.chainFile ? { chainFile: request.chainFile } : {}),
              }
        if ('pfxFile' in request) await secrets.set('pfx-password', request.password)
        else if (request.keyPassphrase) await secrets.set('tls-key-passphrase', request.keyPassphrase)
        const material = await readImportedFiles(imported, secrets).catch((error: unknown) => {
          throw error instanceof CertificateRejected
            ? error
            : new CertificateRejected([`cannot read the files: ${errorMessage(error)}`])
        })
        await importMaterial(material, imported, material.passphrase)
      }),
    orderAcme: (request) =>
      operatorChange(() => {
        const directoryUrl = request.directoryUrl ?? config.acme.directoryUrl
        const accountUrl = state.acme?.directoryUrl === directoryUrl ? state.acme.accountUrl : null
        return orderAcme({
          directoryUrl,
          domains: request.domains,
          email: request.email ?? config.acme.email ?? null,
          accountUrl,
        })
      }),
    renew: () => operatorChange(renewOnce),
    localCaPem: () => localCa?.certPem,
    exportBackup: (passphrase) =>
      createBackup({ source: state.source, server: current, ...(localCa ? { localCa } : {}), now: now() }, passphrase),
    restoreBackup: (backup, passphrase) =>
      operatorChange(async () => {
        const opened = openBackup(backup, passphrase)
        const { certificate } = validateMaterial(opened.server, { now: now(), expectedNames: config.names })
        if (opened.localCa) {
          if (!isUsableCa(opened.localCa, now()))
            throw new CertificateRejected(['the local CA in the backup is unusable or expired'])
          localCa = opened.localCa
          await files.writePair('ca', localCa)
        }
        // A restored ACME certificate without this station's ACME settings can only be served, not renewed.
        const source = backup.source === 'acme' && !state.acme ? 'imported' : backup.source
        await install(certificate, source, { imported: null })
      }),
    async close() {
      scheduler?.close()
      watcher?.close()
      timers.clearTimeout(reloadRetry)
      servers.clear()
      changeListeners.clear()
      await alerts.close()
      await save() // also waits for saves still under way, so the data dir can go right after
    },
  }
}
