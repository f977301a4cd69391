import type { DeviceState, DeviceStatus, InstrumentProtocol } from '../contract/instruments.js'

/** Reconnect delays: 0.5 s doubling to 30 s (docs/instruments.md "Links"), reset by a good reading. */
export const BACKOFF_BASE_MS = 500
export const BACKOFF_MAX_MS = 30_000
/** Failed polls in a row after which a polled device counts as offline and is reconnected. */
export const FAILURES_BEFORE_OFFLINE = 3
/** Silence after which a device that sends by itself counts as offline. */
export const PUSH_STALE_MS = 10_000
/** Error events per device: at most one this often (a device printing garbage must not flood the log). */
export const ERROR_EVENT_INTERVAL_MS = 60_000

export function backoffMs(attempt: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt))
}

/** How long a reading counts as current: three polls (or the time a poll with its retries may take). */
export function defaultStaleMs(polled: boolean, pollMs: number, timeoutMs: number): number {
  return polled ? Math.max(3 * pollMs, pollMs + 2 * timeoutMs) : PUSH_STALE_MS
}

/** The counters and state of one link, as the API, health, metrics and the UI show them. */
export function createLinkStatus(id: string, uri: string, protocol: InstrumentProtocol) {
  const status: DeviceStatus = {
    id,
    uri,
    protocol,
    state: 'connecting',
    identity: null,
    lastGoodAtMs: null,
    onlineSinceMs: null,
    polls: 0,
    timeouts: 0,
    errors: 0,
    reconnects: 0,
    missedDeadlines: 0,
    lastError: null,
    lastErrorAtMs: null,
  }
  return {
    status,
    snapshot: (): DeviceStatus => ({ ...status }),
    /** Sets the state at `atMs`; true when it changed. */
    enter(state: DeviceState, atMs: number): boolean {
      if (status.state === state) return false
      status.state = state
      status.onlineSinceMs = state === 'online' ? atMs : null
      return true
    },
    failed(message: string, atMs: number, timeout = false): void {
      if (timeout) status.timeouts += 1
      else status.errors += 1
      status.lastError = message
      status.lastErrorAtMs = atMs
    },
  }
}
