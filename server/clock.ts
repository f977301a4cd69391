/**
 * Time as the station sees it: wall time and timers, injected into every service so that tests move time
 * instead of sleeping (docs/architecture.md "Clock"). Timers never keep the process alive on their own:
 * the HTTPS server does that, and a stopped station must let the process exit.
 */
export type Clock = {
  /** Wall time in milliseconds since the epoch. */
  now(): number
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
  setInterval(callback: () => void, ms: number): TimerHandle
  clearInterval(handle: TimerHandle): void
}

/** Opaque to callers: only the clock that made a handle can clear it. */
export type TimerHandle = { readonly timer: unknown }

/**
 * The real clock. `now()` is the system's wall time, so a clock the operator corrects is seen at once
 * (certificate validity, session expiry, audit times); timers measure their delays monotonically.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => ({ timer: setTimeout(callback, ms).unref() }),
  clearTimeout: (handle) => clearTimeout(handle.timer as NodeJS.Timeout),
  setInterval: (callback, ms) => ({ timer: setInterval(callback, ms).unref() }),
  clearInterval: (handle) => clearInterval(handle.timer as NodeJS.Timeout),
}
