import type { Clock, TimerHandle } from '../clock.js'

/**
 * The simulation's output timer: calls `tick` once per output period (docs/simulation.md "Pacing"). A
 * tick that throws stops the timer and is reported to the supervisor, which restarts it with backoff.
 */
export function createTicker(deps: { clock: Clock; tick: () => void; periodMs: () => number }) {
  const { clock } = deps
  let timer: TimerHandle | undefined
  let onError: ((error: unknown) => void) | undefined
  const stop = () => {
    if (timer) clock.clearInterval(timer)
    timer = undefined
  }
  const guarded = () => {
    try {
      deps.tick()
    } catch (error) {
      // Without a supervisor the exception propagates as it would from any timer.
      if (!onError) throw error
      stop()
      onError(error)
    }
  }
  const schedule = () => {
    stop()
    timer = clock.setInterval(guarded, deps.periodMs())
  }
  return {
    /** Starts ticking; `fail` hears about a tick that throws. */
    start(fail?: (error: unknown) => void): void {
      onError = fail
      if (!timer) schedule()
    },
    /** Picks up a changed output rate. */
    reschedule(): void {
      if (timer) schedule()
    },
    stop,
  }
}
