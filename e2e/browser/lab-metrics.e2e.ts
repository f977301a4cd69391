import { expectAxeClean } from '../support/axe.js'
import { expect, test } from '../support/fixtures.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'

test.beforeEach(async ({ station }) => {
  const { state } = (await stationApi(station, 'GET', '/api/v1/simulation')).body as { state: string }
  if (state !== 'running') {
    await stationApi(station, 'POST', `/api/v1/simulation/${state === 'paused' ? 'resume' : 'start'}`)
    await stationApi(station, 'POST', '/api/v1/control/release')
  }
})
test.afterEach(({ stationPage: page }) => signOut(page))

test('the Overview shows the lab metrics with units and each definition on hover and focus', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station)
  const panel = page.getByTestId('lab-metrics')
  await expect(panel.getByRole('heading', { name: 'Lab metrics' })).toBeVisible()
  const density = panel.getByTestId('lab-metric-powerDensityAreaWPerM2')
  await expect(density).toContainText('(W/m²)')
  await expect(density.getByTestId('lab-metric-stack')).toHaveText(/^-?\d/)
  await expect(density.getByTestId('lab-metric-cell')).toHaveText(/^-?\d/)
  // Energy grows while the run goes on: the panel refreshes by itself.
  const energy = panel.getByTestId('lab-metric-energyJ').getByTestId('lab-metric-stack')
  const first = Number(await energy.textContent())
  await expect.poll(async () => Number(await energy.textContent()), { timeout: 15_000 }).toBeGreaterThan(first)

  const name = density.getByText('Power density (area)')
  await name.hover()
  const tip = page.getByRole('tooltip')
  await expect(tip).toBeVisible()
  await expect(tip).toContainText('projected anode area')
  await page.mouse.move(0, 0)
  await expect(tip).toBeHidden()
  await name.focus()
  await expect(page.getByRole('tooltip')).toContainText('Logan et al. 2006')
  await expect(name).toHaveAccessibleDescription(/projected anode area/)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('tooltip')).toBeHidden()

  await panel.getByLabel('Cell').selectOption('3')
  await expect(panel.getByRole('columnheader', { name: 'Cell 3' })).toBeVisible()
  await expect(panel.getByTestId('lab-metric-methaneMl').getByTestId('lab-metric-cell')).toContainText('a stack figure')
  await expectAxeClean(page, 'the Overview with the lab metrics')
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})
