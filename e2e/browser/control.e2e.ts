import { expect, test } from '../support/fixtures.js'
import { confirmed, ensureRunning } from '../support/control-steps.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'

test.beforeEach(async ({ station }) => {
  // Each test starts from a running run with the fixed controller, whatever the previous test left.
  await ensureRunning(station)
  await stationApi(station, 'PUT', '/api/v1/simulation/controller', { kind: 'fixed' })
  // Writes take the station's exclusive control lock: hand it back so the browser's session can act.
  await stationApi(station, 'POST', '/api/v1/control/release')
})

test.afterEach(({ stationPage: page }) => signOut(page))

test('pause, stop, reset and start a run; each change is confirmed and logged', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/control')
  const run = page.getByTestId('run-controls')
  const state = page.getByTestId('run-state')
  await expect(state).toHaveAttribute('data-state', 'running')

  // Cancelling changes nothing.
  await run.getByRole('button', { name: 'Pause' }).click()
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click()
  await expect(state).toHaveAttribute('data-state', 'running')

  await expect(page.getByTestId('control-lock')).toHaveAttribute('data-state', 'free')
  await confirmed(page, () => run.getByRole('button', { name: 'Pause' }).click())
  await expect(state).toHaveAttribute('data-state', 'paused')
  await expect(page.getByTestId('control-lock')).toHaveAttribute('data-state', 'mine')
  await confirmed(page, () => run.getByRole('button', { name: 'Stop' }).click())
  await expect(state).toHaveAttribute('data-state', 'stopped')
  await confirmed(page, () => run.getByRole('button', { name: 'Reset' }).click())
  await expect(run.getByRole('button', { name: 'Start' })).toBeEnabled()
  await confirmed(page, () => run.getByRole('button', { name: 'Start' }).click())
  await expect(state).toHaveAttribute('data-state', 'running')
  const log = page.getByTestId('event-log')
  // Each change once: the station's own event records it (the UI does not log it a second time).
  for (const text of ['Run paused', 'Run stopped', 'Run idle', 'Run running']) await expect(log).toContainText(text)
  await expect(log.getByText('Pause run')).toHaveCount(0)
  expect(((await stationApi(station, 'GET', '/api/v1/simulation')).body as { state: string }).state).toBe('running')
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test("switches the controller, and shows the station's reason when it refuses one", async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/control')
  const form = page.getByTestId('controller-form')
  await form.getByLabel('Kind').selectOption('mppt')
  await form.getByLabel('Step fraction').fill('0.05')
  await confirmed(page, () => form.getByRole('button', { name: 'Apply controller' }).click())
  await expect(form.getByTestId('outcome-ok')).toBeVisible()
  await expect(form).toContainText('running: mppt')
  expect(((await stationApi(station, 'GET', '/api/v1/simulation')).body as { controller: string }).controller).toBe(
    'mppt',
  )

  await form.getByLabel('Kind').selectOption('pid')
  await form.getByLabel('Output min').fill('2')
  await form.getByLabel('Output max').fill('1')
  await confirmed(page, () => form.getByRole('button', { name: 'Apply controller' }).click())
  await expect(form.getByTestId('outcome-error')).toContainText('outputMin must be below outputMax')
  await expect(page.getByTestId('event-log').locator('[data-kind="rejected"]').first()).toContainText(
    'Controller pid refused',
  )
  await page.screenshot({ path: test.info().outputPath('control.png'), fullPage: true })
  expect(unexpectedProblems(consoleProblems, [/status of 400/])).toEqual([])
})

test('injects a fault into one cell, lists it, and clears it', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/control')
  const form = page.getByTestId('fault-form')
  await form.getByLabel('Fault').selectOption('starvation')
  await form.getByLabel('Cell').selectOption('2')
  await form.getByLabel(/Duration/).fill('240')
  await confirmed(page, () => form.getByRole('button', { name: 'Inject' }).click())
  await expect(form.getByTestId('outcome-ok')).toBeVisible()
  const active = page.getByTestId('active-fault')
  await expect(active).toHaveCount(1)
  await expect(active).toContainText('Starvation · cell 2')
  await expect(page.getByTestId('event-log')).toContainText(/Fault #\d+ injected: Starvation/)
  await expect(page.getByTestId('banner-fault')).toContainText('Starvation (cell 2)')
  const faults = (
    (await stationApi(station, 'GET', '/api/v1/simulation')).body as {
      activeFaults: Array<{ fault: { kind: string; cell?: number } }>
    }
  ).activeFaults
  expect(faults.map((f) => f.fault)).toEqual([expect.objectContaining({ kind: 'starvation', cell: 1 })])

  await confirmed(page, () => active.getByRole('button', { name: 'Clear' }).click())
  await expect(active).toHaveCount(0)
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('a page opened later shows the events from before it in the log', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  const injected = await stationApi(station, 'POST', '/api/v1/simulation/faults', {
    kind: 'load-disconnect',
    durationS: 60,
  })
  expect(injected.status).toBe(201)
  const { id } = injected.body as { id: number }
  await openStation(page, station)
  await expect(page.getByTestId('event-log')).toContainText(`Fault #${id} injected: Load disconnected`)
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('another client holding control: changes are refused with its name until an admin breaks the lock', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await stationApi(station, 'POST', '/api/v1/control/acquire')
  await openStation(page, station, '#/control')
  const lock = page.getByTestId('control-lock')
  await expect(lock).toHaveAttribute('data-state', 'other')
  const load = page.getByTestId('load-form')
  await load.getByLabel(/External resistance/).fill('450')
  await confirmed(page, () => load.getByRole('button', { name: 'Apply' }).click())
  await expect(load.getByTestId('outcome-error')).toContainText('control is held by')

  await lock.getByRole('button', { name: 'Break lock' }).click()
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Break lock' }).click()
  await expect(lock).toHaveAttribute('data-state', 'free')
  await load.getByLabel(/External resistance/).fill('450')
  await confirmed(page, () => load.getByRole('button', { name: 'Apply' }).click())
  await expect(load.getByTestId('outcome-ok')).toBeVisible()
  expect(
    ((await stationApi(station, 'GET', '/api/v1/simulation/config')).body as { load: { rExtOhm: number } }).load
      .rExtOhm,
  ).toBe(450)
  expect(unexpectedProblems(consoleProblems, [/status of 409/])).toEqual([])
})
