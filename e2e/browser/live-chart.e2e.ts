import type { Page } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'

async function chartPoints(page: Page): Promise<number> {
  return Number(await page.getByTestId('live-chart').getAttribute('data-points'))
}

test('the page loads over HTTPS from the station and the live chart fills with telemetry', async ({ station, stationPage: page, consoleProblems }) => {
  const response = await page.goto(station.url)
  expect(response?.status()).toBe(200)
  const security = await response?.securityDetails()
  expect(security?.protocol).toMatch(/^TLS 1\.[23]$/)
  await expect(page).toHaveTitle('MFC Station')
  await expect(page.getByRole('heading', { name: 'MFC Station' })).toBeVisible()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'live')

  await expect.poll(() => chartPoints(page)).toBeGreaterThan(3)
  const before = await chartPoints(page)
  await expect.poll(() => chartPoints(page)).toBeGreaterThan(before)
  // recharts drew real lines, not just an empty frame.
  await expect(page.locator('[data-testid="live-chart"] .recharts-line-curve')).toHaveCount(2)
  await page.screenshot({ path: test.info().outputPath('live-chart.png') })
  expect(consoleProblems).toEqual([])
})

test('the page reconnects by itself after the station restarts', async ({ station, stationPage: page, consoleProblems }) => {
  await page.goto(station.url)
  const status = page.getByTestId('connection-status')
  await expect(status).toHaveAttribute('data-status', 'live')
  await expect.poll(() => chartPoints(page)).toBeGreaterThan(0)

  const stopped = station.stop()
  await expect(status).toHaveAttribute('data-status', /reconnecting|offline|stale/)
  await stopped
  await station.restart()

  await expect(status).toHaveAttribute('data-status', 'live', { timeout: 20_000 })
  // A restarted station begins a new run: the chart starts over and fills again.
  await expect.poll(() => chartPoints(page)).toBeGreaterThan(2)
  // While the station was down the browser reports failed WebSocket attempts; anything else is a defect.
  expect(consoleProblems.filter((p) => !/WebSocket connection to .* failed/.test(p))).toEqual([])
})
