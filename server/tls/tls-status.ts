import type { CertificateInfo, TlsStatus } from '../contract/tls.js'
import { isNotYetValid } from './certificate-checks.js'
import { daysLeft, inspectCertificate } from './certificate.js'
import { importedPaths } from './imported-files.js'
import { renewalDueAt } from './renewal-policy.js'
import type { PemPair } from './self-signed.js'
import type { TlsState } from './tls-state.js'

/** The certificate's share of the station's health. */
export type CertificateHealth = { status: 'ok' | 'degraded'; detail: string }

/** What `GET /api/v1/tls/status` answers, from the state and the served certificate. */
export function describeStatus(input: {
  state: TlsState
  info: CertificateInfo
  localCa: PemPair | undefined
  inProgress: boolean
  now: number
}): TlsStatus {
  const { state, info, localCa } = input
  const ca = localCa ? inspectCertificate(localCa.certPem) : undefined
  return {
    source: state.source,
    certificate: info,
    daysLeft: daysLeft(info.notAfter, input.now),
    renewal: {
      automatic: state.source !== 'imported',
      dueAt: renewalDueAt(new Date(info.notBefore), new Date(info.notAfter)).toISOString(),
      ...state.renewal,
      inProgress: input.inProgress,
    },
    watchedFiles: state.source === 'imported' && state.imported ? importedPaths(state.imported) : [],
    localCa: ca ? { fingerprint256: ca.fingerprint256, notAfter: ca.notAfter } : null,
    acme: state.acme
      ? { directoryUrl: state.acme.directoryUrl, domains: state.acme.domains, email: state.acme.email }
      : null,
    alerts: state.recentAlerts,
  }
}

/** `ok`, or `degraded` with the reason (expired, not valid yet, renewal failing, expiring within 7 days). */
export function certificateHealth(state: TlsState, info: CertificateInfo, now: number): CertificateHealth {
  const days = daysLeft(info.notAfter, now)
  if (days < 0) return { status: 'degraded', detail: `certificate expired on ${info.notAfter}` }
  if (isNotYetValid(info.notBefore, now))
    return { status: 'degraded', detail: `certificate not valid before ${info.notBefore}` }
  if (state.renewal.consecutiveFailures > 0)
    return { status: 'degraded', detail: `renewal failing: ${state.renewal.lastError}` }
  if (days <= 7) return { status: 'degraded', detail: `certificate expires in ${days} days` }
  return { status: 'ok', detail: `${state.source} certificate valid for ${days} more days` }
}
