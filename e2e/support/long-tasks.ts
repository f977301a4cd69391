import type { Page } from '@playwright/test'
import { availableParallelism, loadavg } from 'node:os'

/** The quality bar: no task over 50 ms (RAIL's budget for a response). */
export const LONG_TASK_LIMIT_MS = 50

/** Long tasks (the Long Tasks API) since the page started, recorded before any page script runs. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: number[] = []
    ;(window as unknown as { __longTasks: number[] }).__longTasks = tasks
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration)
    }).observe({ type: 'longtask', buffered: true })
  })
}

/** The long tasks since the last call, in ms. */
export const takeLongTasks = (page: Page): Promise<number[]> =>
  page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.splice(0))

/** Load average per core now: above 1.5 the machine is saturated by other processes. */
export const loadPerCore = (): number => loadavg()[0]! / availableParallelism()

/**
 * The budget check: none over the limit on a quiet machine. Saturated by other processes (a shared CI
 * machine), Long Tasks are wall-clock, so a renderer waiting for a core shows long tasks whatever the
 * page does; what must still not happen is the systematic case, a long task for a quarter of the redraws.
 */
export function overBudget(
  tasks: readonly number[],
  load: number,
  redraws: number,
): { allowed: number; long: number[] } {
  const long = tasks.filter((d) => d > LONG_TASK_LIMIT_MS)
  return { long, allowed: load <= 1.5 ? 0 : Math.floor(redraws / 4) }
}
