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

  await expect(status).toHaveAttribute('data-status', 'live', { timeout: 20_000 })
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running')
  await expect(page.getByTestId('cell-tile')).toHaveCount(5)
  // What the new station logged before the page was back (its run starting) is read again, not lost.
  const { events } = (await stationApi(station, 'GET', '/api/v1/events')).body as {
    events: Array<{ event: { kind: string; state?: string } }>
  }
  expect(events.some((e) => e.event.kind === 'run-state')).toBe(true)
  await expect(page.getByTestId('event-log')).toContainText('Run running')
  // While the station was down the browser reports failed requests and WebSocket attempts; anything else is a defect.
  expect(
    unexpectedProblems(consoleProblems, [
      /WebSocket connection to .* failed/,
      /net::ERR_CONNECTION_REFUSED/,
      /Failed to load resource/,
    ]),
  ).toEqual([])
})
