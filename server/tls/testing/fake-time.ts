import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Clock, TimerHandle } from '../../clock.js'

type Pending = { handle: TimerHandle; at: number; every: number | undefined; callback: () => unknown }

/** A Clock under the test's control, for services whose timers start asynchronous work (docs/testing.md "Time"). */
export type FakeTime = {
  clock: Clock
  now(): number
  /**
   * Moves time forward, running each due timer in time order and waiting for the work it started: a
   * callback that returns a promise (the renewal scheduler's does) is awaited before the next timer runs.
   */
  advance(ms: number): Promise<void>
  /** Steps the wall clock as NTP or an operator would; timers stay as far off as they were, like Node's. */
  step(ms: number): void
  pendingCount(): number
}

/** Unlike server/testing/manual-clock.ts, `advance` is async: renewals write files and generate keys between ticks. */
export function createFakeTime(start = Date.now()): FakeTime {
  let current = start
  let timers: Pending[] = []
  const schedule = (callback: () => unknown, ms: number, every: number | undefined): TimerHandle => {
    const handle: TimerHandle = { timer: Symbol('fake timer') }
    timers.push({ handle, at: current + Math.max(0, ms), every, callback })
    return handle
  }
  const clear = (handle: TimerHandle) => {
    timers = timers.filter((timer) => timer.handle !== handle)
  }
  const clock: Clock = {
    now: () => current,
    setTimeout: (callback, ms) => schedule(callback, ms, undefined),
    setInterval: (callback, ms) => schedule(callback, ms, Math.max(1, ms)),
    clearTimeout: clear,
    clearInterval: clear,
  }
  return {
    clock,
    now: clock.now,
    async advance(ms) {
      const end = current + ms
      for (;;) {
        // Work started before this call (a rejected reload that plans its retry) registers its timers first.
        await nextTurn()
        const due = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0]
        if (!due) break
        current = Math.max(current, due.at)
        if (due.every === undefined) clear(due.handle)
        else due.at += due.every
        await due.callback()
      }
      current = end
    },
    step(ms) {
      current += ms
      for (const timer of timers) timer.at += ms
    },
    pendingCount: () => timers.length,
  }
}
