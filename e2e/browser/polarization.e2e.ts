import { readFileSync } from 'node:fs'
import type { Browser } from '@playwright/test'
import { launchChromiumTrusting } from '../support/chromium.js'
import { expect, test } from '../support/fixtures.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'
import { writeStackScenario } from '../support/scenarios.js'
import { startStationProcess, type StationProcess } from '../support/station-process.js'

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
    // The 12 loads and the open circuit the curve starts from.
    await expect(page.getByTestId(chart).locator('.recharts-line-dot')).toHaveCount(13)
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
  expect(lines.find((line) => !line.startsWith('#'))).toMatch(
    /^r_ext_ohm,current_A,voltage_V,power_W,cell1_current_A,cell1_voltage_V,cell1_power_W,.*,cell5_power_W$/,
  )
  expect(lines.find((line) => line.startsWith('# open-circuit voltage'))).toMatch(
    /^# open-circuit voltage \(load disconnected\): stack [\d.]+ V(; cell\d_voltage_V [\d.]+){5}$/,
  )
  expect(sweeps).toEqual(['POST', 'POST'])
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test.describe('a stack of four cells', () => {
  let fourCells: StationProcess
  let browser: Browser

  test.beforeAll(async () => {
    const scenario = writeStackScenario(test.info().outputPath('four-cells.json'), 4)
    fourCells = await startStationProcess({ env: { MFC_SIM_SCENARIO: scenario } })
    browser = await launchChromiumTrusting(fourCells.certificatePem)
  })

  test.afterAll(async () => {
    await browser?.close()
    await fourCells?.stop()
  })

  test('chosen cells overlaid from their open circuits, the tooltip, per-cell CSV columns and the PNG', async () => {
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage()
    const problems: string[] = []
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
    await openStation(page, fourCells, '#/polarization')
    const form = page.getByTestId('sweep-form')
    await form.getByLabel('Points').fill('8')
    await form.getByRole('button', { name: 'Run sweep' }).click()
    await expect(page.getByTestId('ocv')).toHaveText(/^\d+\.\d{4} V$/)
    const vi = page.getByTestId('sweep-vi')
    await expect(vi).toHaveAttribute('data-curves', '1')
    await page.getByTestId('chart-source').selectOption(['0', '2'])
    await expect(vi).toHaveAttribute('data-curves', '2')
    await expect(vi.locator('.recharts-line-curve')).toHaveCount(2)
    await expect(vi.locator('.recharts-line-dot')).toHaveCount(2 * 9)
    await expect(vi.locator('.ocv-dot')).toHaveCount(2)
    // The MPP is the stack's: not marked on cell curves.
    await expect(vi.locator('.mpp-dot')).toHaveCount(0)
    await expect(vi.locator('.chart[role="img"]')).toHaveAccessibleName(/Cell 1, Cell 3/)
    const box = (await vi.locator('.chart').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await expect(page.getByTestId('sweep-tooltip')).toContainText(/Cell 1: R_ext [\d.]+ Ω, I [\d.]+ mA, V [\d.]+ V/)

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sweep-csv').click()])
    const lines = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split('\n')
    const header = lines.find((line) => !line.startsWith('#'))!.split(',')
    expect(header).toHaveLength(4 + 4 * 3)
    expect(header.slice(-3)).toEqual(['cell4_current_A', 'cell4_voltage_V', 'cell4_power_W'])
    expect(lines.filter((line) => /^\d/.test(line))).toHaveLength(8)
    const [png] = await Promise.all([page.waitForEvent('download'), vi.getByRole('button', { name: 'PNG' }).click()])
    expect(png.suggestedFilename()).toMatch(/\.png$/)
    expect(problems).toEqual([])
  })
})
