import { expect, test } from '../support/fixtures.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'

/** Runs a command as the test's token, then hands the control lock back for the browser. */
async function asToken(station: Parameters<typeof stationApi>[0], method: string, path: string, body?: unknown) {
  const answer = await stationApi(station, method, path, body)
  await stationApi(station, 'POST', '/api/v1/control/release')
  return answer
}

test.beforeEach(async ({ station }) => {
  const { state } = (await stationApi(station, 'GET', '/api/v1/simulation')).body as { state: string }
  if (state !== 'running')
    await asToken(station, 'POST', `/api/v1/simulation/${state === 'paused' ? 'resume' : 'start'}`)
})
test.afterEach(({ stationPage: page }) => signOut(page))

test('a feed pump failure is in the banner on every page; the feed shows commanded and actual (0)', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  // Every cell's pump: the stack's actual feed is 0 while the commanded one stays.
  const injected = await asToken(station, 'POST', '/api/v1/simulation/faults', {
    kind: 'feed-pump-failure',
    durationS: 36_000,
  })
  expect(injected.status).toBe(201)
  await openStation(page, station)
  await expect(page.getByTestId('banner-fault')).toContainText(/Feed pump failure.* since sim (\d+ d )?\d\d:\d\d:\d\d/)
  await expect(page.getByTestId('summary-feed-actual')).toHaveText('0.000 L/d')
  await expect(page.getByTestId('summary-feed')).not.toHaveText('0.000 L/d')
  await expect(page.getByTestId('stack-summary')).toContainText('Load R_ext (commanded)')
  await expect(page.getByTestId('summary-load-actual')).toHaveText(/^\d+ Ω$/)
  await page.getByRole('link', { name: 'Charts' }).click()
  await expect(page.getByTestId('banner-fault')).toContainText('Feed pump failure')
  await asToken(station, 'DELETE', `/api/v1/simulation/faults/${(injected.body as { id: number }).id}`)
  await expect(page.getByTestId('status-banner')).not.toContainText('Feed pump failure')
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('a stopped run greys its last values with their age; a reset clears tiles, alarms and charts', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station)
  await expect(page.getByTestId('cell-tile')).toHaveCount(5)
  await expect(page.getByTestId('overview-values')).toHaveAttribute('data-stale', 'false')
  await asToken(station, 'POST', '/api/v1/simulation/stop')
  await expect(page.getByTestId('overview-values')).toHaveAttribute('data-stale', 'true')
  await expect(page.getByTestId('stale-note')).toContainText(/Last data \d+ s ago \(sim .*\): run stopped/)
  await asToken(station, 'POST', '/api/v1/simulation/reset')
  // The new run has sent no frame: nothing of the discarded run may stay on screen.
  await expect(page.getByTestId('cell-tile')).toHaveCount(0)
  await expect(page.getByText('Waiting for telemetry…')).toBeVisible()
  await expect(page.getByTestId('alarm-count-badge')).toHaveAttribute('data-count', '0')
  await page.getByRole('link', { name: 'Charts' }).click()
  await expect(page.getByTestId('chart-voltageV')).toHaveAttribute('data-points', '0')
  await asToken(station, 'POST', '/api/v1/simulation/start')
  await expect
    .poll(async () => Number(await page.getByTestId('chart-voltageV').getAttribute('data-points')))
    .toBeGreaterThan(0)
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('simulated time and wall time read differently, in one format on every page', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station)
  await expect(page.getByTestId('sim-time')).toHaveText(/^sim (\d+ d )?\d\d:\d\d:\d\d$/)
  await expect(page.getByTestId('wall-time')).toHaveText(/^\d\d:\d\d:\d\d wall$/)
  await expect(page.getByTestId('event-log').locator('time').first()).toHaveText(/^\d\d:\d\d:\d\d wall$/)
  await page.getByRole('link', { name: 'Runs' }).click()
  await expect(page.getByTestId('run-row').first().locator('td').nth(1)).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})
