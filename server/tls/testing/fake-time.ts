import type { Timers } from '../renewal-scheduler.js'

/** A clock and timers under the test's control; `advance` runs due callbacks in order and awaits their work. */
export function createFakeTime(start = Date.now()) {
  let current = start
  let nextId = 0
  const pending = new Map<number, { at: number; callback: () => unknown }>()
  const timers: Timers = {
    setTimeout(callback, ms) {
      nextId += 1
      pending.set(nextId, { at: current + ms, callback })
      return nextId
    },
    clearTimeout(handle) {
      pending.delete(handle as number)
    },
  }
  return {
    now: () => current,
    timers,
    pendingCount: () => pending.size,
    async advance(ms: number): Promise<void> {
      const end = current + ms
      for (;;) {
        const due = [...pending].filter(([, timer]) => timer.at <= end).sort(([, a], [, b]) => a.at - b.at)[0]
        if (!due) break
        pending.delete(due[0])
        current = Math.max(current, due[1].at)
        await due[1].callback()
      }
      current = end
    },
  }
}
