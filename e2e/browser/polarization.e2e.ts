import { readFileSync } from 'node:fs'
import { expect, test } from '../support/fixtures.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'

test.afterEach(({ stationPage: page }) => signOut(page))

test('runs a sweep and plots V-I and P-I with the maximum power point', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/polarization')
  const form = page.getByTestId('sweep-form')
  await form.getByLabel('From (Ω)').fill('50')
  await form.getByLabel('To (Ω)').fill('3000')
  await form.getByLabel('Points').fill('12')
  await form.getByRole('button', { name: 'Run sweep' }).click()
  await expect(page.getByTestId('mpp')).toContainText(/Maximum power point: [\d.]+ mW/)
  for (const chart of ['sweep-vi', 'sweep-pi']) {
    await expect(page.getByTestId(chart).locator('.recharts-line-dot')).toHaveCount(12)
    await expect(page.getByTestId(chart).locator('.mpp-dot')).toHaveCount(1)
  }
  await expect(page.getByTestId('sweep-vi').locator('.ocv-dot')).toHaveCount(1)
  await page.screenshot({ path: test.info().outputPath('polarization.png') })
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test("the form keeps to the API's limits, earlier sweeps overlay, the CSV carries its metadata", async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  const sweeps: string[] = []
  page.on('request', (request) => request.url().endsWith('/simulation/sweep') && sweeps.push(request.method()))
  await openStation(page, station, '#/polarization')
  const form = page.getByTestId('sweep-form')
  await form.getByLabel('Points').fill('101')
  await expect(form.getByTestId('sweep-problem')).toContainText('points')
  await expect(form.getByRole('button', { name: 'Run sweep' })).toBeDisabled()
  expect(sweeps).toEqual([])

  await form.getByLabel('Points').fill('20')
  await form.getByRole('button', { name: 'Run sweep' }).click()
  await expect(page.getByTestId('mpp')).toBeVisible()
  await form.getByLabel('To (Ω)').fill('800')
  await expect(form.getByTestId('sweep-differs')).toBeVisible()
  await form.getByRole('button', { name: 'Run sweep' }).click()
  await expect(page.getByTestId('sweep-history').locator('li')).toHaveCount(2)
  await expect(form.getByTestId('sweep-differs')).toHaveCount(0)
  await page.getByTestId('sweep-history').getByRole('checkbox', { name: 'Overlay' }).check()
  await expect(page.getByTestId('sweep-vi').locator('.recharts-line-curve')).toHaveCount(2)
  await page.getByTestId('sweep-history').getByRole('button', { name: 'Show' }).click()
  await expect(form.getByLabel('To (Ω)')).toHaveValue('2000')

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sweep-csv').click()])
  const lines = readFileSync(await csv.path(), 'utf8')
    .trim()
    .split('\n')
  expect(lines[0]).toMatch(/^# MFC Station /)
  expect(lines).toContain('# R_ext 10 .. 2000 ohm, 20 points, steady state at each point')
  expect(lines.find((line) => !line.startsWith('#'))).toBe('r_ext_ohm,current_A,voltage_V,power_W')
  expect(sweeps).toEqual(['POST', 'POST'])
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})
