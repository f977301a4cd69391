import { expect, test } from '../support/fixtures.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'

test.afterEach(({ stationPage: page }) => signOut(page))

test('an admin creates an API token (shown once, it works) and revokes it', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/security')
  const tokens = page.getByTestId('tokens')
  const name = `logger-${Date.now()}`
  await tokens.getByLabel('Name').fill(name)
  await tokens.locator('select[name="role"]').selectOption('viewer')
  await tokens.getByRole('button', { name: 'Create token' }).click()
  const plain = (await tokens.getByTestId('new-token-value').textContent()) ?? ''
  expect(plain.length).toBeGreaterThan(20)
  expect((await stationApi(station, 'GET', '/api/v1/simulation', undefined, plain)).status).toBe(200)
  await page.screenshot({ path: test.info().outputPath('security.png'), fullPage: true })
  await page.getByTestId('audit').getByRole('button', { name: 'Verify chain' }).click()
  await expect(page.getByTestId('audit-check')).toContainText('Hash chain intact')
  await expect(
    page.getByTestId('audit').getByTestId('audit-row').filter({ hasText: 'token.create' }).first(),
  ).toBeVisible()

  await tokens.getByRole('button', { name: 'Done' }).click()
  await expect(tokens.getByTestId('new-token')).toHaveCount(0)
  const row = tokens.getByTestId('token-row').filter({ hasText: name })
  await row.getByRole('button', { name: 'Revoke' }).click()
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Revoke' }).click()
  await expect(row).toContainText('revoked')
  expect((await stationApi(station, 'GET', '/api/v1/simulation', undefined, plain)).status).toBe(401)
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('an instrument asks for access, the admin approves it with a role, the instrument collects its token', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  const name = `potentiostat-${Date.now()}`
  const asked = await stationApi(station, 'POST', '/api/v1/access-requests', { name }, null)
  expect(asked.status).toBe(202)
  const { pollUrl } = asked.body as { pollUrl: string }
  expect((await stationApi(station, 'GET', pollUrl, undefined, null)).body).toEqual({ status: 'pending' })

  await openStation(page, station, '#/security')
  const request = page.getByTestId('access-request').filter({ hasText: name })
  await request.getByLabel(`Role for ${name}`).selectOption('operator')
  await request.getByRole('button', { name: 'Approve' }).click()
  await expect(request).toHaveCount(0)

  const collected = (await stationApi(station, 'GET', pollUrl, undefined, null)).body as {
    status: string
    token: string
  }
  expect(collected.status).toBe('approved')
  expect((await stationApi(station, 'GET', '/api/v1/simulation', undefined, collected.token)).status).toBe(200)
  // The token exists once collected; the page re-reads every 5 s.
  await expect(page.getByTestId('tokens').getByTestId('token-row').filter({ hasText: name })).toContainText(
    'operator',
    { timeout: 12_000 },
  )
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test('a token with the metrics:read scope scrapes /metrics; the page gives the Prometheus config for it', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  await openStation(page, station, '#/security')
  const tokens = page.getByTestId('tokens')
  await tokens.getByLabel('Name').fill(`prometheus-${Date.now()}`)
  await tokens.getByLabel('Grants').selectOption('scopes')
  await tokens.getByRole('checkbox', { name: /telemetry:read/ }).uncheck()
  await tokens.getByRole('checkbox', { name: /metrics:read/ }).check()
  await tokens.getByRole('button', { name: 'Create token' }).click()
  const plain = (await tokens.getByTestId('new-token-value').textContent()) ?? ''
  await expect(tokens.getByTestId('snippet-prometheus')).toContainText('credentials_file: mfc-metrics-token')
  await expect(tokens.getByTestId('snippet-curl')).toContainText(plain)
  expect((await stationApi(station, 'GET', '/metrics', undefined, plain)).status).toBe(200)
  expect((await stationApi(station, 'GET', '/api/v1/simulation', undefined, plain)).status).toBe(403)
  await tokens.getByRole('button', { name: 'Done' }).click()
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})
