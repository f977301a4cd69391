import type { Clock, TimerHandle } from '../clock.js'

type Pending = { handle: TimerHandle; at: number; every: number | undefined; callback: () => void }

export type ManualClock = Clock & {
  /** Moves time forward, running every timer that falls due on the way, in time order. */
  advance(ms: number): void
  /** Timers still scheduled (a closed service must leave none). */
  pending(): number
}

/** A clock for tests: time stands still until the test moves it (docs/testing.md "Time"). */
export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs
  let timers: Pending[] = []
  const schedule = (callback: () => void, ms: number, every: number | undefined): TimerHandle => {
    const handle: TimerHandle = { timer: Symbol('timer') }
    timers.push({ handle, at: now + Math.max(0, ms), every, callback })
    return handle
  }
  const clear = (handle: TimerHandle) => {
    timers = timers.filter((timer) => timer.handle !== handle)
  }
  return {
    now: () => now,
    setTimeout: (callback, ms) => schedule(callback, ms, undefined),
    setInterval: (callback, ms) => schedule(callback, ms, Math.max(1, ms)),
    clearTimeout: clear,
    clearInterval: clear,
    advance(ms) {
      const target = now + ms
      for (;;) {
        const due = timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at)[0]
        if (!due) break
        now = due.at
        if (due.every === undefined) clear(due.handle)
        else due.at += due.every
        due.callback()
      }
      now = target
    },
    pending: () => timers.length,
  }
}
