import { expect, test } from '../support/fixtures.js'
import { openStation, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'

test('the page reconnects by itself after the station restarts', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station)
  const status = page.getByTestId('connection-status')
  await expect(page.getByTestId('cell-tile')).toHaveCount(5)

  const stopped = station.stop()
  await expect(status).toHaveAttribute('data-status', /reconnecting|offline|stale/)
  await stopped
  await expect(status).toContainText(/last data \d+ s ago/)
  await station.restart()
  // Right away, while the page still waits out its reconnect delay: an event it can only learn of by
  // reading the new station's recent events once it is back (no other test injects this kind).
  const injected = await stationApi(station, 'POST', '/api/v1/simulation/faults', {
    kind: 'temperature-step',
    deltaK: 1,
    durationS: 60,
  })
  expect(injected.status).toBe(201)
  await stationApi(station, 'POST', '/api/v1/control/release')

  await expect(status).toHaveAttribute('data-status', 'live', { timeout: 20_000 })
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running')
  await expect(page.getByTestId('cell-tile')).toHaveCount(5)
  await expect(page.getByTestId('event-log')).toContainText(
    `Fault #${(injected.body as { id: number }).id} injected: Temperature step`,
  )
  // While the station was down the browser reports failed requests and WebSocket attempts; anything else is a defect.
  expect(
    unexpectedProblems(consoleProblems, [
      /WebSocket connection to .* failed/,
      /net::ERR_CONNECTION_REFUSED/,
      /Failed to load resource/,
    ]),
  ).toEqual([])
})
