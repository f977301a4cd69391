import { expectAxeClean } from '../support/axe.js'
import { launchChromiumTrusting } from '../support/chromium.js'
import { expect, test } from '../support/fixtures.js'
import { unexpectedProblems } from '../support/open-station.js'
import { startStationProcess } from '../support/station-process.js'

test('first run: the setup code the station printed creates the first admin from the browser', async () => {
  const station = await startStationProcess({ env: { MFC_ADMIN_PASSWORD: undefined } })
  const browser = await launchChromiumTrusting(station.certificatePem)
  try {
    // --ready-json keeps stdout for JSON: the framed setup code block is on stderr, once.
    const code = /One-time setup code: (\S+)/.exec(station.stderr())?.[1]
    expect(code, 'the station prints a setup code when it has no admin').toBeTruthy()
    expect(station.stderr().split(code!).length - 1, 'the setup code is shown once').toBe(1)
    // axe runs in its own frame context: a page of an explicit context (AxeBuilder needs one).
    const page = await (await browser.newContext()).newPage()
    const problems: string[] = []
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()))
    await page.goto(station.url)
    const form = page.getByTestId('setup-form')
    await expect(form).toBeVisible()
    await expectAxeClean(page, 'first-run setup')
    await form.getByLabel('Setup code').fill('wrong-code')
    await form.getByLabel('Admin user name').fill('ada')
    await form.getByLabel('Password (10+ characters)').fill('first admin password')
    await form.getByLabel('Password again').fill('first admin password')
    await form.getByRole('button', { name: 'Create admin and sign in' }).click()
    await expect(form.getByRole('alert')).toBeVisible()

    await form.getByLabel('Setup code').fill(code!)
    await form.getByRole('button', { name: 'Create admin and sign in' }).click()
    await expect(page.getByTestId('user')).toContainText('ada (admin)')
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'live')
    await expect(page.getByRole('link', { name: 'Security' })).toBeVisible()
    // The wrong code is refused (401); nothing else may reach the console.
    expect(unexpectedProblems(problems, [/status of 401/])).toEqual([])
  } finally {
    await browser.close()
    await station.stop()
  }
})
