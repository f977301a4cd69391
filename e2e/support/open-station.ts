import { expect, type Browser, type Page, type Response } from '@playwright/test'
import { launchChromiumTrusting } from './chromium.js'
import { E2E_ADMIN, type StationProcess } from './station-process.js'

/** Opens the UI at `hash` and signs in (as the first admin unless told) when the station asks for it. */
export async function openStation(
  page: Page,
  station: Pick<StationProcess, 'url'>,
  hash = '#/overview',
  user = E2E_ADMIN,
): Promise<Response | null> {
  const response = await page.goto(`${station.url}/${hash}`)
  expect(response?.status()).toBe(200)
  const login = page.getByTestId('login-form')
  const header = page.getByRole('heading', { name: 'MFC Station', exact: true })
  await expect(login.or(header)).toBeVisible()
  if (await login.isVisible()) {
    await login.getByLabel('User name').fill(user.username)
    await login.getByLabel('Password').fill(user.password)
    await login.getByRole('button', { name: 'Sign in' }).click()
    await expect(header).toBeVisible()
  }
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'live', { timeout: 15_000 })
  return response
}

/**
 * A page of a Chromium of its own (trusting only this station's key) on the station, signed in, with the
 * console's errors collected; the caller closes the browser. It is closed here if the station never opens.
 */
export async function openStationInOwnBrowser(
  station: Pick<StationProcess, 'url' | 'certificatePem'>,
): Promise<{ browser: Browser; page: Page; problems: string[] }> {
  const browser = await launchChromiumTrusting(station.certificatePem)
  try {
    const page = await (await browser.newContext()).newPage()
    const problems: string[] = []
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
    await openStation(page, station)
    return { browser, page, problems }
  } catch (error) {
    await browser.close()
    throw error
  }
}

/**
 * Console problems other than the `allowed` patterns a test expects. A signed-out load has none: the
 * session probe answers 200 (`GET /api/v1/auth/session`), and Chromium logs every failed fetch.
 */
export function unexpectedProblems(problems: readonly string[], allowed: readonly RegExp[] = []): string[] {
  return problems.filter((p) => !allowed.some((pattern) => pattern.test(p)))
}

/** Signs out when signed in: the session hands back the station's control lock for the next test. */
export async function signOut(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Sign out' })
  if (await button.isVisible()) {
    await button.click()
    await expect(page.getByTestId('login-form')).toBeVisible()
  }
}
