import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { expectAxeClean } from '../support/axe.js'
import { expect, test } from '../support/fixtures.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'

test.afterEach(({ stationPage: page }) => signOut(page))

test('signed out: the sign-in page is axe-clean, names the first user, and the console has no error', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await page.goto(`${station.url}/#/overview`)
  await expect(page.getByTestId('login-form')).toBeVisible()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to MFC Station')
  await expect(page.getByTestId('first-user-hint')).toContainText('The first user is admin;')
  await expectAxeClean(page, 'sign-in')
  // The session probe answers 200 signed out: not even a 401 in the console.
  expect(consoleProblems).toEqual([])
})

/**
 * Every page's picture in the test output; with MFC_UPDATE_SCREENSHOTS=1 also the docs' copy in
 * resources/screenshots (docs/operator-ui.md "Pages"), so a plain test run leaves the tree clean.
 */
async function screenshot(page: Page, hash: string): Promise<void> {
  const name = hash.replace(/^#\//, '').split('/')[0]!
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) })
  if (process.env['MFC_UPDATE_SCREENSHOTS'] === '1')
    await page.screenshot({ path: fileURLToPath(new URL(`../../resources/screenshots/${name}.png`, import.meta.url)) })
}

test('every signed-in page is axe-clean (WCAG 2.1 AA)', async ({ station, stationPage: page, consoleProblems }) => {
  test.setTimeout(120_000)
  const { runs } = (await stationApi(station, 'GET', '/api/v1/runs?limit=1')).body as { runs: Array<{ runId: string }> }
  await openStation(page, station)
  const pages: Array<[string, string]> = [
    ['#/overview', 'cell-grid'],
    ['#/alarms', 'alarms'],
    ['#/cell/2', 'cell-detail'],
    ['#/charts', 'chart-grid'],
    ['#/polarization', 'sweep-form'],
    ['#/twin', 'twin-controls'],
    ['#/analyses', 'polarization-analysis-form'],
    ['#/runs', 'runs'],
    [`#/history/${runs[0]!.runId}`, 'history-grid'],
    ['#/instruments', 'instruments-page'],
    ['#/procedures', 'procedures'],
    ['#/control', 'run-controls'],
    ['#/certificate', 'certificate-panel'],
    ['#/security', 'tokens'],
  ]
  for (const [hash, ready] of pages) {
    await page.goto(`${station.url}/${hash}`)
    await expect(page.getByTestId(ready)).toBeVisible()
    if (hash === '#/polarization') {
      await page.getByTestId('sweep-form').getByRole('button', { name: 'Run sweep' }).click()
      await expect(page.getByTestId('mpp')).toBeVisible()
    }
    await expectAxeClean(page, hash)
    await screenshot(page, hash)
  }
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})
