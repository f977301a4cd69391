import type { Clock } from '../clock.js'
import type { CertificateInfo, TlsAlert } from '../contract/tls.js'
import type { Logger } from '../logger.js'
import type { AlertNotifier } from './alert-notifiers.js'
import { daysLeft } from './certificate.js'
import { dueExpiryAlert } from './renewal-policy.js'

export type AlertInput = Omit<TlsAlert, 'type' | 'at'>
type ExpiryAlertsSent = { fingerprint256: string; days: number[] }

export type AlertCenter = {
  /** Logs the alert, records it, tells the listeners (stream, UI) and sends it through every notifier. */
  raise(alert: AlertInput): void
  /** raise() about the certificate served right now: its fingerprint and days left are filled in. */
  raiseForServed(alert: Omit<AlertInput, 'fingerprint256' | 'daysLeft'>): void
  /** Raises the expiry alert due for `info` (30/14/7/1 days...) and returns the updated "already sent" record. */
  checkExpiry(
    info: CertificateInfo,
    daysLeft: number,
    thresholds: readonly number[],
    sent: ExpiryAlertsSent,
  ): ExpiryAlertsSent
  subscribe(listener: (alert: TlsAlert) => void): () => void
  /** Stops new deliveries and waits for those under way (each bounded by its notifier's timeout). */
  close(): Promise<void>
}

/** The alerts of the TLS manager, delivered in the background; close() waits for deliveries under way. */
export function createAlertCenter(deps: {
  log: Logger
  notifiers: readonly AlertNotifier[]
  clock: Clock
  record: (alert: TlsAlert) => void
  /** The certificate served right now. */
  served: () => CertificateInfo
}): AlertCenter {
  const listeners = new Set<(alert: TlsAlert) => void>()
  const deliveries = new Set<Promise<void>>()
  let closed = false

  const raise = (input: AlertInput) => {
    const alert: TlsAlert = { type: 'tls.alert', ...input, at: new Date(deps.clock.now()).toISOString() }
    const logAt =
      alert.severity === 'critical' ? deps.log.error : alert.severity === 'warning' ? deps.log.warn : deps.log.info
    logAt(`TLS alert (${alert.kind}): ${alert.message}`)
    deps.record(alert)
    for (const listener of listeners) listener(alert)
    if (closed) return
    for (const notifier of deps.notifiers) {
      const delivery = notifier
        .notify(alert)
        .catch((error: unknown) =>
          deps.log.warn(`TLS alert not delivered by ${notifier.name}: ${(error as Error).message}`),
        )
      deliveries.add(delivery)
      void delivery.finally(() => deliveries.delete(delivery))
    }
  }

  return {
    raise,
    raiseForServed(alert) {
      const { fingerprint256, notAfter } = deps.served()
      raise({ ...alert, fingerprint256, daysLeft: daysLeft(notAfter, deps.clock.now()) })
    },
    checkExpiry(info, daysLeft, thresholds, sent) {
      const alreadySent = sent.fingerprint256 === info.fingerprint256 ? sent.days : []
      const due = dueExpiryAlert(daysLeft, thresholds, alreadySent)
      if (due === undefined) return { fingerprint256: info.fingerprint256, days: alreadySent }
      const severity = daysLeft <= 1 ? 'critical' : daysLeft <= 7 ? 'warning' : 'info'
      const message =
        daysLeft < 0
          ? `the certificate expired on ${info.notAfter}`
          : `the certificate expires in ${daysLeft} days (${info.notAfter})`
      raise({ kind: 'expiry', severity, message, fingerprint256: info.fingerprint256, daysLeft })
      return { fingerprint256: info.fingerprint256, days: [...alreadySent, due] }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      closed = true
      listeners.clear()
      await Promise.all(deliveries)
    },
  }
}
