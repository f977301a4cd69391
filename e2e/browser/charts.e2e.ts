import type { Page } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'

const CHANNELS = ['voltageV', 'currentA', 'powerW', 'substrateMgL', 'loadOhm', 'feedLPerDay']

/** Every chart's drawn range at one instant. */
const domains = (page: Page) =>
  page.evaluate(
    (ids) => ids.map((id) => document.querySelector(`[data-testid="chart-${id}"]`)?.getAttribute('data-domain')),
    CHANNELS,
  )

test.afterEach(({ stationPage: page }) => signOut(page))

test('at 600x the six charts of the page draw one time range, with axis titles, units and distinct ticks', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/charts')
  await expect(page.getByTestId('sim-speed')).toContainText('600×')
  await page.getByTestId('chart-window').selectOption({ label: '1 min wall (10 h sim)' })
  await expect
    .poll(async () => Number(await page.getByTestId('chart-voltageV').getAttribute('data-points')))
    .toBeGreaterThan(3)
  // Between two ticks of the page's clock all six show the same range; the range keeps moving.
  await expect.poll(async () => new Set(await domains(page)).size).toBe(1)
  const first = (await domains(page))[0]
  await expect.poll(async () => (await domains(page))[0]).not.toBe(first)
  await expect.poll(async () => new Set(await domains(page)).size).toBe(1)
  const voltage = page.getByTestId('chart-voltageV')
  await expect(voltage).toContainText('simulated time')
  await expect(voltage).toContainText('Voltage (V)')
  await expect(page.getByTestId('chart-loadOhm')).toContainText('Load R_ext (commanded) (Ω)')
  for (const id of CHANNELS) {
    const ticks = await page
      .getByTestId(`chart-${id}`)
      .locator('.recharts-yAxis .recharts-cartesian-axis-tick-value')
      .allTextContents()
    expect(new Set(ticks).size, `${id} y ticks ${ticks.join(' ')}`).toBe(ticks.length)
  }
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('chosen cells overlay with a legend or stand as small multiples; a fault is marked on the charts', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/charts')
  await page.getByTestId('chart-source').selectOption(['0', '2'])
  const voltage = page.getByTestId('chart-voltageV')
  await expect(voltage.locator('.recharts-line-curve')).toHaveCount(2)
  await expect(voltage.locator('.recharts-legend-item-text')).toHaveText(['Cell 1', 'Cell 3'])
  await page.getByTestId('chart-layout').selectOption('voltageV')
  await expect(page.getByTestId('chart-voltageV-0')).toBeVisible()
  await expect(page.getByTestId('chart-voltageV-2')).toBeVisible()
  await page.getByTestId('chart-layout').selectOption('overlay')

  const injected = await stationApi(station, 'POST', '/api/v1/simulation/faults', {
    kind: 'load-disconnect',
    durationS: 600,
  })
  await stationApi(station, 'POST', '/api/v1/control/release')
  expect(injected.status).toBe(201)
  await expect(page.getByTestId('chart-powerW').locator('.annotation--fault').first()).toBeAttached()
  await page.screenshot({ path: test.info().outputPath('charts-overlay.png') })
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('a recorded run opens in the same charts, and a second run overlays it', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  // A fault recorded with the older run marks its charts; a reset ends it ("replaced") and starts a new one.
  const fault = await stationApi(station, 'POST', '/api/v1/simulation/faults', {
    kind: 'load-disconnect',
    durationS: 60,
  })
  expect(fault.status).toBe(201)
  await expect
    .poll(async () => {
      const { runId } = (await stationApi(station, 'GET', '/api/v1/simulation')).body as { runId: string }
      return ((await stationApi(station, 'GET', `/api/v1/runs/${runId}/events`)).body as { events: unknown[] }).events
        .length
    })
    .toBeGreaterThan(0)
  await stationApi(station, 'POST', '/api/v1/simulation/reset')
  await stationApi(station, 'POST', '/api/v1/simulation/start')
  await stationApi(station, 'POST', '/api/v1/control/release')
  await openStation(page, station, '#/runs')
  await expect(page.getByTestId('run-row').nth(1)).toBeVisible()
  const older = await page.getByTestId('run-row').nth(1).getAttribute('data-run-id')
  const newer = await page.getByTestId('run-row').first().getAttribute('data-run-id')
  await page.getByTestId('run-row').nth(1).getByTestId('run-open').click()
  await expect(page).toHaveURL(new RegExp(`#/history/${older}$`))
  const voltage = page.getByTestId('history-voltageV')
  await expect.poll(async () => Number(await voltage.getAttribute('data-points'))).toBeGreaterThan(2)
  await expect(voltage).not.toHaveAttribute('data-marks', '0')
  await expect(voltage.locator('.annotation--fault').first()).toBeAttached()
  await page.getByTestId('history-compare').selectOption(newer)
  await expect(voltage.locator('.recharts-line-curve')).toHaveCount(2)
  await expect(voltage.locator('.recharts-legend-item-text')).toHaveCount(2)
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})
