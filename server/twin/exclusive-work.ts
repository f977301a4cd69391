import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { AppError } from '../errors.js'
import { createWorkBudget, proceed, type Work } from '../sim/work.js'

/** Wall time one slice may take before HTTP, the stream and the simulation's timer get their turn. */
const SLICE_MS = 20

/**
 * The twin's heavy computations (a fit, a replay, a what-if) one at a time, each in slices of SLICE_MS
 * with the event loop served in between, as the station's sweeps (docs/twin.md "Limits"): a second
 * request while one runs is a 409, and the station's frames keep flowing meanwhile.
 */
export function createExclusiveWork(now: () => number) {
  let busy: string | undefined
  const claim = (what: string) => {
    if (busy) throw new AppError('conflict', `the twin is busy with a ${busy}; try again when it is done`)
    busy = what
  }
  return {
    /** Runs generator work in slices. */
    async work<T>(what: string, work: () => Work<T>): Promise<T> {
      claim(what)
      try {
        const running = work()
        for (;;) {
          const progress = proceed(running, createWorkBudget(now, SLICE_MS))
          if (progress.done) return progress.value
          await yieldToEventLoop()
        }
      } finally {
        busy = undefined
      }
    },
    /** Runs an async computation that slices itself. */
    async task<T>(what: string, task: () => Promise<T>): Promise<T> {
      claim(what)
      try {
        return await task()
      } finally {
        busy = undefined
      }
    },
  }
}

export type ExclusiveWork = ReturnType<typeof createExclusiveWork>
