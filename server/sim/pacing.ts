/*
 * Pacing: how much simulated time to produce for the wall time that passed. Pure logic over an
 * injected `now()`; the station owns the timer and calls take() from it. Output frames come at a fixed
 * wall rate (default 10 Hz) whatever the integration step is.
 */

/** Simulated seconds per wall second, or 'max': as fast as the work budget allows. */
export type ClockSpeed = number | 'max'

export type PacingPlan = {
  /** Output frames due now. */
  frames: number
  /** Simulated seconds per frame at a set speed; null at 'max' (as far as `wallBudgetMs` goes). */
  simSecondsPerFrame: number | null
  /** Wall time a call may spend computing its frames: most of one output period, the rest is the host's. */
  wallBudgetMs: number
}

/** A host that stalls (sleep, debugger) would otherwise owe a burst of frames; beyond this many, the backlog is dropped. */
const MAX_CATCH_UP_FRAMES = 10

/** The pacing of one engine at `speed` and `outputHz` on the clock `now` (ms); stopped until start(). */
export function createPacing(settings: { speed: ClockSpeed; outputHz: number }, now: () => number) {
  let speed = settings.speed
  let outputHz = settings.outputHz
  let running = false
  let lastMs = 0
  let owedMs = 0
  return {
    get running() {
      return running
    },
    get speed() {
      return speed
    },
    get outputHz() {
      return outputHz
    },
    start(): void {
      running = true
      lastMs = now()
      owedMs = 0
    },
    /** Stops producing time; resume() continues without a jump for the paused interval. */
    pause(): void {
      running = false
    },
    resume(): void {
      if (running) return
      running = true
      lastMs = now()
    },
    set(next: { speed?: ClockSpeed; outputHz?: number }): void {
      if (next.speed !== undefined) speed = next.speed
      if (next.outputHz !== undefined) outputHz = next.outputHz
    },
    /** Frames owed for the wall time since the previous call. */
    take(): PacingPlan {
      const periodMs = 1000 / outputHz
      const plan = {
        frames: 0,
        simSecondsPerFrame: speed === 'max' ? null : speed / outputHz,
        wallBudgetMs: 0.8 * periodMs,
      }
      if (!running) return plan
      const t = now()
      owedMs += Math.max(t - lastMs, 0)
      lastMs = t
      plan.frames = Math.floor(owedMs / periodMs)
      owedMs -= plan.frames * periodMs
      if (plan.frames > MAX_CATCH_UP_FRAMES) {
        plan.frames = MAX_CATCH_UP_FRAMES
        owedMs = 0
      }
      return plan
    },
  }
}

export type Pacing = ReturnType<typeof createPacing>
