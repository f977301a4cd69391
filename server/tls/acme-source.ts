import { readFile } from 'node:fs/promises'
import type { Clock } from '../clock.js'
import type { TlsConfig } from '../config/tls-schema.js'
import type { AcmeOrderRequest } from '../contract/tls.js'
import type { Logger } from '../logger.js'
import type { SecretStore } from '../secrets/secret-store.js'
import { createAcmeIssuer, type AcmeIssuer } from './acme.js'
import { validateMaterial } from './certificate-checks.js'
import type { CertificateInstaller } from './certificate-installer.js'
import { errorMessage, TlsOperationError } from './tls-errors.js'
import type { StateKeeper, TlsState } from './tls-state.js'

export type AcmeSettings = NonNullable<TlsState['acme']>

/** Certificates ordered from an RFC 8555 server, renewed by ordering again with the same settings. */
export type AcmeSource = {
  /** Orders and serves a certificate; a failed order leaves the served certificate in place. */
  order(settings: AcmeSettings): Promise<void>
  /** An operator's order: the request's fields, else the configured ones, with the account of the same directory. */
  settingsFor(request: AcmeOrderRequest): AcmeSettings
  /** Switches to the configured ACME settings unless already on them; the order itself runs in the background. */
  adoptConfigured(): void
}

/** The issuer for `tls.acme`, trusting its caFile (a private ACME server) on top of Node's roots. */
export async function configuredAcmeIssuer(config: TlsConfig, secrets: SecretStore, log: Logger): Promise<AcmeIssuer> {
  return createAcmeIssuer({
    secrets,
    log,
    challengePort: config.acme.challengePort,
    challengeHost: config.acme.challengeHost,
    ...(config.acme.caFile ? { directoryCaPem: await readFile(config.acme.caFile, 'utf8') } : {}),
  })
}

/** ACME as a certificate source: orders validated like imports, then served as source "acme". */
export function createAcmeSource(deps: {
  issue: AcmeIssuer
  installer: CertificateInstaller
  state: StateKeeper
  clock: Clock
  config: TlsConfig
}): AcmeSource {
  const { state, config } = deps
  return {
    async order(settings) {
      let issued
      try {
        issued = await deps.issue({
          directoryUrl: settings.directoryUrl,
          domains: settings.domains,
          email: settings.email,
          keyType: state.get().selfSigned.keyType,
          accountUrl: settings.accountUrl,
        })
      } catch (error) {
        throw new TlsOperationError(`ACME order from ${settings.directoryUrl} failed: ${errorMessage(error)}`)
      }
      const { certificate } = validateMaterial(issued, { now: deps.clock.now(), expectedNames: settings.domains })
      await deps.installer.install(certificate, 'acme', { acme: { ...settings, accountUrl: issued.accountUrl } })
    },
    settingsFor(request) {
      const directoryUrl = request.directoryUrl ?? config.acme.directoryUrl
      const known = state.get().acme
      return {
        directoryUrl,
        domains: request.domains,
        email: request.email ?? config.acme.email ?? null,
        accountUrl: known?.directoryUrl === directoryUrl ? known.accountUrl : null,
      }
    },
    adoptConfigured() {
      const { directoryUrl, domains } = config.acme
      const current = state.get()
      const same =
        current.source === 'acme' &&
        current.acme &&
        current.acme.directoryUrl === directoryUrl &&
        current.acme.domains.join() === domains.join()
      if (same) return
      // The order runs in the background (the scheduler's first check): a slow or failing CA must not hold the station's start.
      state.update({
        source: 'acme',
        acme: { directoryUrl, domains, email: config.acme.email ?? null, accountUrl: null },
        renewal: { ...current.renewal, nextAttemptAt: new Date(deps.clock.now()).toISOString() },
      })
    },
  }
}
