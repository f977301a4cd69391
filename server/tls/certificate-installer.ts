import { createPrivateKey } from 'node:crypto'
import type { Server as TlsServer } from 'node:tls'
import type { CertificateInfo, CertificateSource } from '../contract/tls.js'
import type { Logger } from '../logger.js'
import type { SecretStore } from '../secrets/secret-store.js'
import { inspectCertificate, type ServerCertificate } from './certificate.js'
import { serverTlsOptions } from './https-server.js'
import type { TlsFiles } from './tls-files.js'
import type { StateKeeper, TlsState } from './tls-state.js'

/** The served certificate and the servers it is served on. */
export type CertificateInstaller = {
  current(): ServerCertificate
  /** What the status reports about the served certificate. */
  info(): CertificateInfo
  /** Serves a certificate read back from the data dir at start: nothing is written. */
  serveStored(certificate: ServerCertificate): void
  /** Makes `certificate` the served one: files first, then memory and state, then every attached server. */
  install(
    certificate: ServerCertificate,
    source: CertificateSource,
    patch?: Partial<TlsState>,
    keyPassphrase?: string,
  ): Promise<void>
  /** Installs every future certificate on `server` for new connections; open ones keep theirs. */
  attach(server: TlsServer): void
  onChange(listener: (certificate: ServerCertificate) => void): () => void
  close(): void
}

/** Keeps the served certificate in the data dir, in memory and in every attached server, always the same one. */
export function createCertificateInstaller(deps: {
  files: TlsFiles
  secrets: SecretStore
  state: StateKeeper
  log: Logger
}): CertificateInstaller {
  const { files, secrets, state, log } = deps
  const servers = new Set<TlsServer>()
  const changeListeners = new Set<(certificate: ServerCertificate) => void>()
  let served: { certificate: ServerCertificate; info: CertificateInfo } | undefined

  const servedNow = () => {
    if (!served) throw new Error('no certificate is served yet')
    return served
  }
  const serve = (certificate: ServerCertificate) => {
    served = { certificate, info: inspectCertificate(certificate.certPem) }
  }
  const applyTo = (server: TlsServer) => {
    // A fresh secure context would come with fresh session-ticket keys; carrying the old ones over
    // lets clients resume sessions across the swap instead of paying a full handshake each.
    const ticketKeys = server.getTicketKeys()
    server.setSecureContext(serverTlsOptions(servedNow().certificate))
    server.setTicketKeys(ticketKeys)
  }

  async function writeServerPair(certificate: ServerCertificate, keyPassphrase: string | undefined): Promise<void> {
    if (!keyPassphrase) {
      await files.writePair('server', certificate)
      await secrets.delete('tls-key-passphrase')
      return
    }
    // The key stays as protected at rest as the operator handed it over; its passphrase goes to the SecretStore.
    await secrets.set('tls-key-passphrase', keyPassphrase)
    const encrypted = createPrivateKey(certificate.keyPem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: keyPassphrase })
      .toString()
    await files.writePair('server', { keyPem: encrypted, certPem: certificate.certPem })
  }

  return {
    current: () => servedNow().certificate,
    info: () => servedNow().info,
    serveStored: serve,
    async install(certificate, source, patch = {}, keyPassphrase) {
      await writeServerPair(certificate, keyPassphrase)
      serve(certificate)
      state.update({ ...patch, source })
      for (const server of servers) applyTo(server)
      await state.save()
      const { subjectAltNames, notAfter } = servedNow().info
      log.info(
        `serving ${source} ${certificate.keyType} certificate for ${subjectAltNames.join(', ')}, SHA-256 ${certificate.fingerprint256}, valid until ${notAfter}`,
      )
      for (const listener of changeListeners) listener(certificate)
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
    close() {
      servers.clear()
      changeListeners.clear()
    },
  }
}
