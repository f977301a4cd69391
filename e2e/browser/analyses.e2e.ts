import { readFileSync } from 'node:fs'
import { expectAxeClean } from '../support/axe.js'
import { expect, test } from '../support/fixtures.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'

test.afterEach(({ stationPage: page }) => signOut(page))

// A curve as potentiostat software exports it, whose current doubles back at the lowest loads (overshoot).
const curve = [
  'Rext_ohm,E/mV,I/mA',
  '5000,700,0.14',
  '1000,620,0.62',
  '500,540,1.08',
  '200,400,2.0',
  '100,230,2.3',
  '50,100,2.0',
].join('\n')
// Three fed-batch cycles of 24 h: 0.6 mA at 0.6 V for 18 h after each feed, then spent.
const hours = Array.from({ length: 3 * 48 + 1 }, (_, k) => k / 2)
const fed = (h: number) => h % 24 > 0.1 && h % 24 < 18
const series = ['time_h,I (mA),voltage_V', ...hours.map((h) => `${h},${fed(h) ? 0.6 : 0.05},${fed(h) ? 0.6 : 0.05}`)]

test('analyses an imported curve and a run’s coulombic efficiency, with definitions and CSV export', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/analyses')
  await expect(page.getByRole('link', { name: 'Polarization' }).last()).toHaveAttribute('href', '#/polarization')
  const form = page.getByTestId('polarization-analysis-form')
  await form
    .getByLabel('Curve file')
    .setInputFiles({ name: 'lsv.csv', mimeType: 'text/csv', buffer: Buffer.from(curve) })
  await form.getByLabel('Anode area (cm²)').fill('10')
  await form.getByRole('button', { name: 'Analyse curve' }).click()
  const figures = page.getByTestId('polarization-figures')
  await expect(figures.getByRole('row', { name: /^Maximum power point/ })).toContainText('0.8000 mW at 0.4000 V')
  await expect(figures.getByRole('row', { name: /^R_int as R_ext at P_max/ })).toContainText('200.0 Ω')
  await expect(figures.getByRole('row', { name: /^Power density \(area\)/ })).toContainText('0.8000 W/m²')
  await expect(figures.getByRole('row', { name: /^Overshoot/ })).toContainText(/yes: the current falls back 13\.0 %/)
  await expect(page.getByTitle(/^Maximum power point: the point of largest P/)).toBeVisible()
  await expect(page.getByTestId('polarization-chart')).toHaveAttribute('data-points', '6')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export polarization CSV' }).click(),
  ])
  expect(download.suggestedFilename()).toBe('lsv-polarization.csv')
  const lines = readFileSync(await download.path(), 'utf8').split('\n')
  expect(lines[0]).toBe('# MFC Station polarization analysis (docs/twin.md)')
  expect(lines.find((line) => line.startsWith('# inputs: '))).toContain('"anodeAreaCm2":10')
  expect(lines).toContain('overshoot,yes,')

  // The running simulation's run: its feed gives the COD.
  const coulombic = page.getByTestId('coulombic-form')
  const cycles = page.getByTestId('coulombic-cycles')
  await expect(async () => {
    await coulombic.getByRole('button', { name: 'Analyse' }).click()
    await expect(cycles).toContainText('Continuous period, COD feed', { timeout: 2000 })
  }).toPass({ timeout: 15_000 })
  await expect(cycles.getByRole('row', { name: /^Total/ })).toContainText(/\d+\.\d$/)

  await coulombic.getByLabel('Data').selectOption('file')
  await coulombic.getByLabel('Series file', { exact: true }).setInputFiles({
    ...{ name: 'cycles.csv', mimeType: 'text/csv' },
    buffer: Buffer.from(series.join('\n')),
  })
  await coulombic.getByLabel('Operation').selectOption('batch')
  await coulombic.getByLabel('COD in (mg/L)').fill('1000')
  await coulombic.getByLabel('COD out (mg/L)').fill('200')
  await coulombic.getByLabel('Anode volume (L)').fill('0.028')
  await coulombic.getByRole('button', { name: 'Analyse' }).click()
  await expect(cycles).toContainText('3 cycle(s), COD entered')
  await expect(cycles.locator('tbody tr')).toHaveCount(4)
  await expect(page.getByTitle(/^Coulombic efficiency: the charge passed/)).toBeVisible()
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export coulombic CSV' }).click(),
  ])
  const rows = readFileSync(await csv.path(), 'utf8').split('\n')
  expect(rows).toContain('# mode: batch, COD entered')
  expect(rows.filter((row) => /^\d,/.test(row))).toHaveLength(3)
  await expectAxeClean(page, 'the Analyses page with results')
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})
