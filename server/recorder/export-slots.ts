import { AppError } from '../errors.js'

/**
 * How many CSV exports run at once, per caller and in total (config `telemetry.maxExportsPerCaller`,
 * `telemetry.maxExports`): each one reads the database page by page, so a handful of parallel exports
 * by one viewer must not crowd out health checks, the stream and everyone else's requests.
 */
export function createExportSlots(limits: { perCaller: number; total: number }) {
  const running = new Map<string, number>()
  let total = 0
  return {
    /** Takes a slot for `caller` or refuses with 429; the returned release must be called exactly once. */
    take(caller: string): () => void {
      const mine = running.get(caller) ?? 0
      if (mine >= limits.perCaller)
        throw new AppError('rate_limited', `${mine} of your exports are still running; wait for one to finish`)
      if (total >= limits.total) throw new AppError('rate_limited', 'the station is busy with other exports; try again')
      running.set(caller, mine + 1)
      total += 1
      let released = false
      return () => {
        if (released) return
        released = true
        total -= 1
        const left = (running.get(caller) ?? 1) - 1
        if (left > 0) running.set(caller, left)
        else running.delete(caller)
      }
    },
  }
}
