import { writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import type { Browser, Page } from '@playwright/test'
import { launchChromiumTrusting } from '../support/chromium.js'
import { expect, test } from '../support/fixtures.js'
import { openStation, unexpectedProblems } from '../support/open-station.js'
import { startStationProcess, type StationProcess } from '../support/station-process.js'

/** The quality bar: 16 cells at 10 Hz on a 10-minute chart window, no task over 50 ms. */
const CELLS = 16
const OUTPUT_HZ = 10
const MEASURE_MS = 30_000
const LONG_TASK_LIMIT_MS = 50
/** Four charts, each redrawing twice a second (features/live-charts). */
const CHART_REDRAWS_PER_S = 8

/** A 16-cell series stack; the station reads it from MFC_SIM_SCENARIO. */
const scenario = {
  version: 1,
  name: 'perf-16-cells',
  seed: 7,
  durationS: 31_536_000,
  stack: { cells: CELLS, wiring: 'series', spread: 0.03 },
  load: { rExtOhm: 1600 },
}

let station: StationProcess
let browser: Browser

test.beforeAll(async () => {
  const scenarioPath = test.info().outputPath('perf-16-cells.json')
  writeFileSync(scenarioPath, JSON.stringify(scenario))
  station = await startStationProcess({ env: { MFC_SIM_SCENARIO: scenarioPath, MFC_SIM_TICK_HZ: String(OUTPUT_HZ) } })
  browser = await launchChromiumTrusting(station.certificatePem)
})

test.afterAll(async () => {
  await browser?.close()
  await station?.stop()
})

/** Long tasks (the Long Tasks API) since the page started, recorded before any page script runs. */
async function recordLongTasks(page: Page) {
  await page.addInitScript(() => {
    const tasks: number[] = []
    ;(window as unknown as { __longTasks: number[] }).__longTasks = tasks
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration)
    }).observe({ type: 'longtask', buffered: true })
  })
}

const longTasks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.splice(0))

/** JS heap in use after a full garbage collection, in MB. */
async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  await cdp.detach()
  return usedSize / 1024 / 1024
}

test('16 cells at 10 Hz: charts and overview without long tasks, memory flat', async () => {
  test.setTimeout(120_000)
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()))
  await recordLongTasks(page)
  const loadPerCore = loadavg()[0]! / availableParallelism()
  await openStation(page, station, '#/charts')
  await page.getByTestId('chart-source').selectOption('5')
  // A chart's work is bounded by its points per line (240), not by the frames in the window: measure
  // with full lines. At the scenario's 600x a 24 h window fills in about 25 s of frames at 10 Hz.
  await page.getByTestId('chart-window').selectOption('86400')
  await expect
    .poll(async () => Number(await page.getByTestId('chart-voltageV').getAttribute('data-points')), { timeout: 40_000 })
    .toBeGreaterThanOrEqual(200)

  await page.waitForTimeout(3000)
  await longTasks(page) // start-up (parsing the bundle, first render) is not the steady state measured here
  const heapStart = await heapAfterGc(page)
  await page.waitForTimeout(MEASURE_MS / 2)
  const chartTasks = await longTasks(page)
  const heapMid = await heapAfterGc(page)
  await page.getByRole('link', { name: 'Overview' }).click()
  await expect(page.getByTestId('cell-tile')).toHaveCount(CELLS)
  const switchTasks = await longTasks(page)
  await page.waitForTimeout(MEASURE_MS / 2)
  const overviewTasks = await longTasks(page)
  const heapEnd = await heapAfterGc(page)
  const tasks = [...chartTasks, ...overviewTasks]
  const tiles = await page.evaluate(() => document.querySelectorAll('[data-testid="cell-tile"]').length)

  const figures = {
    cells: CELLS,
    outputHz: OUTPUT_HZ,
    measuredMs: MEASURE_MS,
    loadPerCore: +loadPerCore.toFixed(2),
    longTasksMs: {
      charts: chartTasks.map(Math.round),
      overview: overviewTasks.map(Math.round),
      pageSwitch: switchTasks.map(Math.round),
    },
    heapMb: { start: +heapStart.toFixed(2), mid: +heapMid.toFixed(2), end: +heapEnd.toFixed(2) },
    tiles,
  }
  writeFileSync(test.info().outputPath('performance.json'), `${JSON.stringify(figures, null, 2)}\n`)
  test.info().annotations.push({ type: 'performance', description: JSON.stringify(figures) })
  console.log(`performance: ${JSON.stringify(figures)}`)
  await page.screenshot({ path: test.info().outputPath('overview-16-cells.png') })

  const long = tasks.filter((d) => d > LONG_TASK_LIMIT_MS)
  if (loadPerCore <= 1.5) {
    expect(long, 'long tasks (ms)').toEqual([])
  } else {
    // Saturated by other processes (shared CI machine): Long Tasks are wall-clock, so a renderer
    // waiting for a core shows long tasks whatever the page does. What must still not happen is the
    // systematic case, a long task for most redraws (all four charts in one task did that: 24 in 15 s).
    const redraws = (CHART_REDRAWS_PER_S * MEASURE_MS) / 2 / 1000
    expect(
      long.length,
      `long tasks at load ${loadPerCore.toFixed(1)} per core: ${long.join(', ')} ms`,
    ).toBeLessThanOrEqual(redraws / 4)
  }
  // The rings are preallocated: what remains is React/recharts churn, collected by the GC.
  expect(heapEnd - heapStart).toBeLessThan(5)
  expect(unexpectedProblems(problems)).toEqual([])
  await context.close()
})
