import type { Clock, TimerHandle } from '../clock.js'
import { CHECK_INTERVAL_MS } from './renewal-policy.js'

export type RenewalScheduler = { close(): void }

/**
 * Runs `check` at start and then every CHECK_INTERVAL_MS, or sooner when `nextWakeAt` (a retry
 * after a failure) is earlier. One check at a time: the next one is planned only after the
 * previous finished, so two renewals never overlap.
 */
export function startRenewalScheduler(deps: {
  clock: Clock
  nextWakeAt: () => number | undefined
  check: () => Promise<void>
  intervalMs?: number
}): RenewalScheduler {
  const interval = deps.intervalMs ?? CHECK_INTERVAL_MS
  let handle: TimerHandle | undefined
  let closed = false
  const tick = () =>
    deps.check().finally(() => {
      const wake = deps.nextWakeAt()
      // At least a second apart: a retry that is due while another change runs must not spin.
      plan(Math.max(1000, Math.min(interval, wake === undefined ? interval : wake - deps.clock.now())))
    })
  const plan = (delay: number) => {
    if (closed) return
    // The tick's promise goes back to the clock: real timers ignore it, and the tests' clock waits for
    // it, so one advance() runs a whole chain of checks (server/tls/testing/fake-time.ts).
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- see above
    handle = deps.clock.setTimeout(tick, delay)
  }
  plan(0)
  return {
    close() {
      closed = true
      if (handle) deps.clock.clearTimeout(handle)
    },
  }
}
