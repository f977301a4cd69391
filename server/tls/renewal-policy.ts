/** How often the scheduler looks at the certificate (certmagic's default maintenance interval). */
export const CHECK_INTERVAL_MS = 10 * 60_000

const MINUTE = 60_000
const DAY = 86_400_000

/**
 * When a certificate is due for renewal, after Caddy's certmagic: when a third of its lifetime is
 * left, or half of it for certificates shorter than 10 days (Let's Encrypt's 6-day certificates
 * would otherwise leave two days to recover from a failed renewal).
 */
export function renewalDueAt(notBefore: Date, notAfter: Date): Date {
  const lifetime = notAfter.getTime() - notBefore.getTime()
  const remainingFraction = lifetime < 10 * DAY ? 1 / 2 : 1 / 3
  return new Date(notAfter.getTime() - lifetime * remainingFraction)
}

/** Retry delays after consecutive renewal failures: 1m, 2m, 5m, 10m ... capped at 6h. */
const RETRY_DELAYS_MS = [1, 2, 5, 10, 20, 30, 60, 120, 240, 360].map((minutes) => minutes * MINUTE)

/** Delay before the next attempt after `consecutiveFailures` failures (1 = the first failure). */
export function retryDelayMs(consecutiveFailures: number): number {
  const index = Math.min(Math.max(consecutiveFailures, 1), RETRY_DELAYS_MS.length) - 1
  return RETRY_DELAYS_MS[index]!
}

/** Days before expiry at which an alert goes out, once each per certificate. */
export const DEFAULT_ALERT_DAYS = [30, 14, 7, 1] as const

/**
 * The alert threshold (in days) that `daysLeft` has reached and that has not been alerted yet for
 * this certificate; the tightest one wins, so a station started 5 days before expiry sends one
 * "7 days" alert rather than three at once.
 */
export function dueExpiryAlert(
  daysLeft: number,
  thresholds: readonly number[],
  alreadySent: readonly number[],
): number | undefined {
  const reached = thresholds.filter((days) => daysLeft <= days)
  if (reached.length === 0) return undefined
  const tightest = Math.min(...reached)
  return alreadySent.includes(tightest) ? undefined : tightest
}
