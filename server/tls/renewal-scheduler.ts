import { CHECK_INTERVAL_MS } from './renewal-policy.js'

/** The timer functions the scheduler uses; injected so tests drive time without sleeping. */
export type Timers = {
  /** The callback's promise (when it returns one) lets test timers wait for the work a tick started. */
  setTimeout(callback: () => unknown, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** Real timers that never keep the process alive on their own (the HTTPS server does that). */
export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

export type RenewalScheduler = { close(): void }

/**
 * Runs `check` at start and then every CHECK_INTERVAL_MS, or sooner when `nextWakeAt` (a retry
 * after a failure) is earlier. One check at a time: the next one is planned only after the
 * previous finished, so two renewals never overlap.
 */
export function startRenewalScheduler(deps: {
  timers: Timers
  now: () => number
  nextWakeAt: () => number | undefined
  check: () => Promise<void>
  intervalMs?: number
}): RenewalScheduler {
  const interval = deps.intervalMs ?? CHECK_INTERVAL_MS
  let handle: unknown
  let closed = false
  const plan = (delay: number) => {
    if (closed) return
    handle = deps.timers.setTimeout(
      () =>
        deps.check().finally(() => {
          const wake = deps.nextWakeAt()
          // At least a second apart: a retry that is due while another change runs must not spin.
          plan(Math.max(1000, Math.min(interval, wake === undefined ? interval : wake - deps.now())))
        }),
      delay,
    )
  }
  plan(0)
  return {
    close() {
      closed = true
      deps.timers.clearTimeout(handle)
    },
  }
}
