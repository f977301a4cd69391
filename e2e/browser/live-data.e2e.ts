import { readFileSync } from 'node:fs'
import { expect, test } from '../support/fixtures.js'
import { openStation, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'

test('the overview shows live cells over HTTPS; a tile opens its cell', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  const response = await openStation(page, station)
  expect((await response?.securityDetails())?.protocol).toMatch(/^TLS 1\.[23]$/)
  // The default stack has a weak cell in reversal: its alarm counts in the title.
  await expect(page).toHaveTitle(/^(\(\d+\) )?MFC Station$/)
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running')
  await expect(page.getByTestId('sim-speed')).toContainText('×')
  const tiles = page.getByTestId('cell-tile')
  await expect(tiles).toHaveCount(5)
  // Simulated time moves: the data is live, not a snapshot.
  const before = await page.getByTestId('sim-time').textContent()
  await expect(page.getByTestId('sim-time')).not.toHaveText(before ?? '')
  await expect(tiles.first().locator('polyline')).toHaveAttribute('points', /,.*,/)
  await page.screenshot({ path: test.info().outputPath('overview.png') })
  // Readable at 1280x720 and at tablet width: nothing runs off the side.
  const overflow = () =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(await overflow()).toBe(0)
  await page.setViewportSize({ width: 820, height: 1180 })
  expect(await overflow()).toBe(0)
  await page.screenshot({ path: test.info().outputPath('overview-tablet.png') })
  await page.setViewportSize({ width: 1280, height: 720 })

  await tiles.nth(2).click()
  await expect(page).toHaveURL(/#\/cell\/2$/)
  await expect(page.getByRole('heading', { name: 'Cell 3', exact: true })).toBeVisible()
  await expect
    .poll(async () => Number(await page.getByTestId('chart-voltageV').getAttribute('data-points')))
    .toBeGreaterThan(2)
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('live charts fill, pause and resume, hover shows units, and export CSV and PNG', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/charts')
  await page.getByTestId('chart-window').selectOption('86400')
  const voltage = page.getByTestId('chart-voltageV')
  const points = async () => Number(await voltage.getAttribute('data-points'))
  await expect.poll(points).toBeGreaterThan(3)
  await expect(page.locator('.recharts-line-curve')).toHaveCount(6)

  // The newest time on the chart: the point count stops growing once the window holds its 160 points.
  const newest = async () => Number((await voltage.getAttribute('data-domain'))!.split(',')[1])
  await page.getByTestId('chart-pause').click()
  const frozen = { points: await points(), newest: await newest() }
  await page.waitForTimeout(1500)
  expect({ points: await points(), newest: await newest() }).toEqual(frozen)
  await page.getByTestId('chart-pause').click()
  await expect.poll(newest).toBeGreaterThan(frozen.newest)

  const box = await voltage.locator('.recharts-surface').boundingBox()
  await page.mouse.move(box!.x + box!.width * 0.6, box!.y + box!.height / 2)
  await expect(voltage.locator('.recharts-tooltip-item')).toContainText(/\d\.\d{3} V/)

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-csv').click()])
  const csvText = readFileSync(await csv.path(), 'utf8')
  const csvLines = csvText.trim().split('\n')
  expect(csvLines[0]).toMatch(/^# MFC Station \d+\.\d+\.\d+/)
  expect(csvLines.find((line) => !line.startsWith('#'))).toBe(
    'sim_time_s,stack_voltage_V,stack_current_A,stack_power_W,stack_substrate_mg_per_L,stack_load_ohm,stack_feed_L_per_day',
  )
  expect(csvLines.filter((line) => !line.startsWith('#')).length).toBeGreaterThan(3)

  const [png] = await Promise.all([page.waitForEvent('download'), voltage.getByRole('button', { name: 'PNG' }).click()])
  expect(png.suggestedFilename()).toMatch(/Stack_Voltage\.png$/)
  expect(
    readFileSync(await png.path())
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG')
  await page.screenshot({ path: test.info().outputPath('charts.png') })
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('a page opened mid-run shows the whole window at once, from the recorded history', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  // Let the run record a few simulated hours first (600x: 10 s of wall time).
  await expect
    .poll(
      async () => ((await stationApi(station, 'GET', '/api/v1/simulation')).body as { simTimeS: number }).simTimeS,
      { timeout: 20_000 },
    )
    .toBeGreaterThan(3 * 3600)
  const openedAt = ((await stationApi(station, 'GET', '/api/v1/simulation')).body as { simTimeS: number }).simTimeS
  await openStation(page, station, '#/charts')
  await page.getByTestId('chart-window').selectOption('86400')
  // The stream only brings frames from now on: anything an hour older came from the history API.
  await expect
    .poll(async () => Number(await page.getByTestId('chart-powerW').getAttribute('data-from')))
    .toBeLessThan(openedAt - 3600)
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('the Runs page lists the current run, newest first, and downloads its CSV', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  const current = (
    (await stationApi(station, 'GET', '/api/v1/runs?limit=1')).body as { runs: Array<{ runId: string; name: string }> }
  ).runs[0]!
  await openStation(page, station, '#/runs')
  const row = page.getByTestId('run-row').first()
  await expect(row).toHaveAttribute('data-run-id', current.runId)
  await expect(row).toContainText(current.name)
  await expect(row.getByTestId('run-end')).toHaveText('recording')
  const [csv] = await Promise.all([page.waitForEvent('download'), row.getByTestId('run-csv').click()])
  expect(csv.suggestedFilename()).toMatch(new RegExp(`-${current.runId}\\.csv$`))
  const lines = readFileSync(await csv.path(), 'utf8')
    .trim()
    .split('\n')
  // The run CSV: metadata lines, then the UI's naming (cells from 1, SI units), actual beside commanded, events.
  expect(lines[0]).toMatch(/^# MFC Station \d+\.\d+\.\d+/)
  const { seed } = (await stationApi(station, 'GET', `/api/v1/runs/${current.runId}`)).body as { seed: number }
  expect(lines).toContain(`# seed: ${seed}`)
  const header = lines.find((line) => !line.startsWith('#'))!.split(',')
  expect(header.slice(0, 3)).toEqual(['seq', 'sim_time_s', 'wall_time'])
  expect(header).toEqual(
    expect.arrayContaining(['cell1_voltage_V', 'stack_feed_L_per_day', 'stack_feed_actual_L_per_day', 'events']),
  )
  expect(header.some((name) => name.startsWith('cell0'))).toBe(false)
  expect(lines.filter((line) => /^\d/.test(line)).length).toBeGreaterThan(1)
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})
