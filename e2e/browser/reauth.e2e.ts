import { expect, test } from '../support/fixtures.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'
import { E2E_ADMIN } from '../support/station-process.js'

test.afterEach(async ({ station, stationPage: page }) => {
  await signOut(page)
  const { state } = (await stationApi(station, 'GET', '/api/v1/simulation')).body as { state: string }
  if (state !== 'running') await stationApi(station, 'POST', '/api/v1/simulation/start')
  await stationApi(station, 'POST', '/api/v1/control/release')
})

test('a hazardous action asks for the password before the request goes out, not after a 403', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await stationApi(station, 'POST', '/api/v1/control/release')
  await openStation(page, station, '#/control')
  // Ten minutes later for the page: its sign-in no longer counts as a recent password entry.
  await page.evaluate(() => {
    const realNow = Date.now.bind(Date)
    Date.now = () => realNow() + 10 * 60_000
  })
  const stops: number[] = []
  page.on('response', (response) => response.url().endsWith('/api/v1/simulation/stop') && stops.push(response.status()))
  await page.getByTestId('run-controls').getByRole('button', { name: 'Stop' }).click()
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Stop' }).click()
  const reauth = page.getByTestId('reauth-dialog')
  await expect(reauth).toBeVisible()
  expect(stops).toEqual([]) // nothing was sent yet
  await reauth.getByLabel('Password').fill(E2E_ADMIN.password)
  await reauth.getByRole('button', { name: 'Confirm' }).click()
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'stopped')
  expect(stops).toEqual([200])
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})
