import { test as base, type Browser, type Page } from '@playwright/test'
import { launchChromiumTrusting } from './chromium.js'
import { startStationProcess, type StationProcess } from './station-process.js'

type WorkerFixtures = { station: StationProcess; trustingBrowser: Browser }
type TestFixtures = { stationPage: Page; consoleProblems: string[] }

/** Records console errors, page errors and CSP violations so a test can assert there were none. */
async function watchConsole(page: Page, problems: string[]): Promise<void> {
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console.${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.push(`csp: ${text}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      ;(window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI}`,
      )
    })
  })
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  station: [
    // Playwright reads the fixture's dependencies from this destructuring pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const station = await startStationProcess()
      await use(station)
      await station.stop()
    },
    { scope: 'worker' },
  ],
  trustingBrowser: [
    async ({ station }, use) => {
      const browser = await launchChromiumTrusting(station.certificatePem)
      await use(browser)
      await browser.close()
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern -- no dependencies (see above)
  consoleProblems: async ({}, use) => {
    await use([])
  },
  stationPage: async ({ trustingBrowser, consoleProblems }, use) => {
    const context = await trustingBrowser.newContext()
    const page = await context.newPage()
    await watchConsole(page, consoleProblems)
    await use(page)
    await context.close()
  },
})

export { expect } from '@playwright/test'
