import type { Clock } from '../clock.js'
import type { AcmeSource } from './acme-source.js'
import type { AlertCenter } from './alert-center.js'
import { isNotYetValid } from './certificate-checks.js'
import { daysLeft } from './certificate.js'
import type { CertificateInstaller } from './certificate-installer.js'
import type { ChangeLock } from './change-lock.js'
import { isGenerated, type GeneratedSource } from './generated-source.js'
import { renewalDueAt, retryDelayMs } from './renewal-policy.js'
import { startRenewalScheduler, type RenewalScheduler } from './renewal-scheduler.js'
import { errorMessage, TlsOperationError } from './tls-errors.js'
import type { StateKeeper } from './tls-state.js'

/** Renewal of the served certificate, by the scheduler and on the operator's request. */
export type Renewal = {
  /** Renews now, by the source's own means; an imported certificate cannot be renewed by the station. */
  renewOnce(): Promise<void>
  /** Starts the periodic checks: expiry and not-yet-valid alerts, and a renewal when one is due. */
  start(): RenewalScheduler
}

type RenewalDeps = {
  state: StateKeeper
  clock: Clock
  alerts: AlertCenter
  lock: ChangeLock
  installer: CertificateInstaller
  generated: GeneratedSource
  acme: AcmeSource
  /** Days before expiry at which to alert (`tls.alerts.days`). */
  days: readonly number[]
}

/**
 * Alerts once per certificate (and run) that is not valid yet and that the station cannot make again:
 * an imported or ACME one stays served, since replacing it with a self-signed one would break every
 * client that trusts it.
 */
function notYetValidAlerter(deps: Pick<RenewalDeps, 'state' | 'clock' | 'alerts' | 'installer'>): () => void {
  let alerted: string | undefined
  return () => {
    const { notBefore, fingerprint256 } = deps.installer.info()
    if (isGenerated(deps.state.get().source) || !isNotYetValid(notBefore, deps.clock.now())) return
    if (alerted === fingerprint256) return
    alerted = fingerprint256
    deps.alerts.raiseForServed({
      kind: 'expiry',
      severity: 'critical',
      message: `the certificate is not valid before ${notBefore}: clients whose clocks agree with this machine's refuse it until then (check this machine's clock)`,
    })
  }
}

/** The renewal part of the TLS manager: bookkeeping of attempts, backoff after failures, periodic checks. */
export function createRenewal(deps: RenewalDeps): Renewal {
  const { state, clock, alerts, installer } = deps
  const daysRemaining = () => daysLeft(installer.info().notAfter, clock.now())
  const isoNow = () => new Date(clock.now()).toISOString()
  const alertIfNotYetValid = notYetValidAlerter(deps)

  async function renewOnce(): Promise<void> {
    const { source, acme } = state.get()
    switch (source) {
      case 'self-signed':
      case 'local-ca':
        return installer.install(await deps.generated.generate(source), source)
      case 'acme':
        if (!acme) throw new TlsOperationError('no ACME settings: order a certificate first')
        return deps.acme.order(acme)
      case 'imported':
        throw new TlsOperationError('an imported certificate cannot be renewed by the station: import a new one')
    }
  }

  /** A renewal with its bookkeeping: success clears the backoff, failure schedules a retry and alerts. */
  async function renewRecorded(): Promise<void> {
    const lastAttemptAt = isoNow()
    try {
      await renewOnce()
      const renewal = { lastAttemptAt, lastSuccessAt: isoNow(), lastError: null, consecutiveFailures: 0 }
      state.update({ renewal: { ...renewal, nextAttemptAt: null } })
      await state.save()
    } catch (error) {
      const consecutiveFailures = state.get().renewal.consecutiveFailures + 1
      const nextAttemptAt = new Date(clock.now() + retryDelayMs(consecutiveFailures)).toISOString()
      const lastError = errorMessage(error)
      state.update({
        renewal: { ...state.get().renewal, lastAttemptAt, lastError, consecutiveFailures, nextAttemptAt },
      })
      await state.save()
      alerts.raiseForServed({
        kind: 'renewal-failed',
        severity: daysRemaining() <= 7 ? 'critical' : 'warning',
        message: `certificate renewal failed (attempt ${consecutiveFailures}, next try ${nextAttemptAt}); the current certificate stays: ${lastError}`,
      })
      throw error
    }
  }

  function renewalDue(): boolean {
    const { source, renewal } = state.get()
    if (source === 'imported') return false
    // A certificate the station made itself while the clock ran ahead is made again at once.
    if (isGenerated(source) && isNotYetValid(installer.info().notBefore, clock.now())) return true
    if (renewal.nextAttemptAt !== null) return clock.now() >= Date.parse(renewal.nextAttemptAt)
    const { notBefore, notAfter } = installer.info()
    return clock.now() >= renewalDueAt(new Date(notBefore), new Date(notAfter)).getTime()
  }

  async function check(): Promise<void> {
    // checkExpiry records a raised alert into the state; read the state only after it returns.
    const expiryAlerts = alerts.checkExpiry(installer.info(), daysRemaining(), deps.days, state.get().expiryAlerts)
    state.update({ expiryAlerts })
    alertIfNotYetValid()
    if (!renewalDue() || deps.lock.busy()) return
    await deps.lock.exclusive(renewRecorded).catch(() => {
      // Recorded, alerted and retried by renewRecorded; the scheduler goes on.
    })
  }

  return {
    renewOnce,
    start: () =>
      startRenewalScheduler({
        clock,
        check,
        nextWakeAt: () => {
          const next = state.get().renewal.nextAttemptAt
          return next ? Date.parse(next) : undefined
        },
      }),
  }
}
