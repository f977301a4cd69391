import type { Browser, Page } from '@playwright/test'

/** The page's main-thread tasks: wall time and thread (CPU) time of each, in ms. */
export type TaskTimes = { wallMs: number[]; cpuMs: number[] }

type TraceEvent = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number }

/**
 * Every task the renderer's main thread ran while `during` ran, from Chromium's trace (`RunTask`
 * with its wall `dur` and thread `tdur`). A task's CPU time is what a loaded machine does not
 * inflate: a 15 ms task descheduled for 60 ms is a 75 ms long task but 15 ms of work.
 */
export async function traceTasks(browser: Browser, page: Page, during: () => Promise<void>): Promise<TaskTimes> {
  await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline', '__metadata'] })
  await during()
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }
  const mains = new Set(
    traceEvents
      .filter(
        (e) =>
          e.ph === 'M' &&
          e.name === 'thread_name' &&
          (e as { args?: { name?: string } }).args?.name === 'CrRendererMain',
      )
      .map((e) => `${e.pid}/${e.tid}`),
  )
  const tasks = traceEvents.filter((e) => e.name === 'RunTask' && e.ph === 'X' && mains.has(`${e.pid}/${e.tid}`))
  // The page's own main thread is the renderer main thread that ran the most.
  const busiest = new Map<string, number>()
  for (const t of tasks) busiest.set(`${t.pid}/${t.tid}`, (busiest.get(`${t.pid}/${t.tid}`) ?? 0) + (t.tdur ?? 0))
  const main = [...busiest].sort((a, b) => b[1] - a[1])[0]?.[0]
  const mine = tasks.filter((t) => `${t.pid}/${t.tid}` === main)
  return { wallMs: mine.map((t) => (t.dur ?? 0) / 1000), cpuMs: mine.map((t) => (t.tdur ?? 0) / 1000) }
}
