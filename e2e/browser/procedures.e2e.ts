import { expectAxeClean } from '../support/axe.js'
import { expect, test } from '../support/fixtures.js'
import { confirmed, ensureRunning } from '../support/control-steps.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'
import { adminSession } from '../support/station-api.js'

test.beforeEach(async ({ station }) => {
  await ensureRunning(station)
})

test.afterEach(({ stationPage: page }) => signOut(page))

test('creates a procedure in the editor, starts it and follows its progress to the stored sweep', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/procedures')
  await expect(page.getByTestId('procedures')).toBeVisible()
  const editor = page.getByTestId('procedure-editor')
  await editor.getByLabel('Id', { exact: true }).fill('e2e-sweep')
  await editor.getByLabel('Name', { exact: true }).fill('e2e acclimation and sweep')
  await editor.getByLabel('Step kind').selectOption('wait')
  await editor.getByRole('button', { name: 'Add step' }).click()
  // Simulated time at the station's default 600x: 20 simulated minutes pass in about 2 s.
  await editor.getByLabel('Duration (s)').fill('1200')
  await editor.getByLabel('Step kind').selectOption('polarizationSweep')
  await editor.getByRole('button', { name: 'Add step' }).click()
  await expectAxeClean(page, '#/procedures editor')
  await confirmed(page, () => editor.getByRole('button', { name: 'Save procedure' }).click())
  await expect(editor.getByTestId('outcome-ok')).toBeVisible()
  const saved = page.getByTestId('procedure-e2e-sweep')
  await expect(saved).toContainText('3 steps')

  await confirmed(page, () => saved.getByRole('button', { name: 'Start e2e-sweep' }).click())
  const progress = page.getByTestId('procedure-progress')
  await expect(progress).toContainText('e2e acclimation and sweep')
  await expect(page.getByTestId('procedure-step')).toContainText(/step [23] of 3/)
  await expect(page.getByTestId('procedure-state')).toHaveText('finished', { timeout: 20_000 })
  const sweep = page.getByTestId('procedure-sweep')
  await expect(sweep).toContainText('Maximum power')
  // The header, the OCV and the three resistors; the polarization page's V-I and P-I charts draw the curve.
  await expect(page.getByTestId('procedure-sweep-table').getByRole('row')).toHaveCount(5)
  await expect(page.getByTestId('procedure-sweep-vi')).toBeVisible()
  await expect(page.getByTestId('procedure-sweep-pi')).toBeVisible()
  await expectAxeClean(page, '#/procedures finished')
  // The browser's user (the admin) is who the audit log names for the definition and the start.
  const admin = await adminSession(station)
  for (const action of ['procedure.create', 'procedure.start']) {
    const audit = await admin('GET', `/api/v1/security/audit?action=${action}`)
    expect(audit.body).toContainEqual(expect.objectContaining({ action, target: 'e2e-sweep' }))
  }
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})
