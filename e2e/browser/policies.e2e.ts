import { expectAxeClean } from '../support/axe.js'
import { expect, test } from '../support/fixtures.js'
import { confirmed } from '../support/control-steps.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'

/*
 * Q-learning policies on the Control page (docs/operator-ui.md "Control"): the bundled policy for the
 * default 5-cell stack runs from the controller form; a policy trained from the form's "Train a policy"
 * panel shows its progress and becomes selectable. The station runs the default 5-cell scenario.
 */

test.beforeEach(async ({ station }) => {
  await stationApi(station, 'PUT', '/api/v1/simulation/controller', { kind: 'fixed' })
  await stationApi(station, 'POST', '/api/v1/control/release')
})

test.afterEach(({ stationPage: page }) => signOut(page))

test('the bundled policy is offered first and runs', async ({ station, stationPage: page, consoleProblems }) => {
  await openStation(page, station, '#/control')
  const form = page.getByTestId('controller-form')
  await form.getByLabel('Kind').selectOption('qlearning')
  // The select's accessible name includes its chosen option ("Policy Bundled policy ..."): found by its name attribute.
  const policy = form.locator('select[name="policySource"]')
  await expect(policy).toHaveValue('default-5-cell')
  await expect(policy.locator('option')).toHaveText(['Bundled policy (default 5-cell stack)', 'From file'])
  await expectAxeClean(page, 'the Control page with Q-learning chosen and the training panel')
  await confirmed(page, () => form.getByRole('button', { name: 'Apply controller' }).click())
  await expect(form.getByTestId('outcome-ok')).toBeVisible()
  await expect(form).toContainText('running: qlearning')
  const status = (await stationApi(station, 'GET', '/api/v1/simulation')).body as { controller: string }
  expect(status.controller).toBe('qlearning')
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('a policy trained from the form shows its progress and becomes selectable', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/control')
  await page.getByTestId('controller-form').getByLabel('Kind').selectOption('qlearning')
  const panel = page.getByTestId('train-policy-form')
  await panel.getByLabel('Policy name').fill('e2e-trained')
  await panel.getByLabel('Episodes').fill('6')
  await panel.getByLabel('Seed').fill('3')
  await panel.getByRole('button', { name: 'Train' }).click()
  const bar = panel.getByRole('progressbar', { name: 'Training e2e-trained' })
  await expect(bar).toHaveAttribute('aria-valuemax', '6')
  // The bar starts at episode 0 and follows the job to its last episode.
  await expect(bar).toHaveAttribute('aria-valuenow', '6', { timeout: 30_000 })
  await expect(panel.getByTestId('training-progress').getByRole('status')).toContainText(
    'Trained e2e-trained: episode 6 of 6',
  )
  await expectAxeClean(page, 'the training panel after a training')

  const form = page.getByTestId('controller-form')
  const label = 'e2e-trained (trained, 6 episodes, 5-cell series)'
  await form.locator('select[name="policySource"]').selectOption({ label })
  await confirmed(page, () => form.getByRole('button', { name: 'Apply controller' }).click())
  await expect(form.getByTestId('outcome-ok')).toBeVisible()
  await expect(form).toContainText('running: qlearning')
  expect(unexpectedProblems(consoleProblems)).toEqual([])
  await stationApi(station, 'DELETE', '/api/v1/simulation/policies/e2e-trained')
})
