import { createHash, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium, type Page } from '@playwright/test'
import { stationServeArgs, startReadyProcess, stopProcess } from './processes.js'

// The operator UI's main-thread budget on a pilot-scale stack (docs/operator-ui.md "Pilot-scale
// stacks"): a station with N cells at a frame rate, Debian's Chromium on each page, Long Tasks API.
// A measurement for a quiet machine, not a test: `npm run build && node dist/bench/ui-long-tasks.js`.
const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '256' },
    hz: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '15' },
  },
})
const cells = Number(values.cells)
const hz = Number(values.hz)
const seconds = Number(values.seconds)
const PAGES = ['#/overview', '#/charts', '#/cell/0', '#/alarms']
const LIMIT_MS = 50
const password = 'bench admin password'

const dataDir = mkdtempSync(join(tmpdir(), 'mfc-ui-bench-'))
const scenario = join(dataDir, 'scenario.json')
const stack = cells > 32 ? { cells, wiring: 'series-parallel', cellsPerString: 32 } : { cells, wiring: 'series' }
writeFileSync(
  scenario,
  JSON.stringify({
    version: 1,
    name: `bench-${cells}`,
    seed: 7,
    durationS: 31_536_000,
    stack: { ...stack, spread: 0.03 },
  }),
)
const station = await startReadyProcess(stationServeArgs(dataDir, ['--secrets', 'file']), {
  ...process.env,
  MFC_SIM_SCENARIO: scenario,
  MFC_SIM_TICK_HZ: String(hz),
  MFC_ADMIN_PASSWORD: password,
})
const spki = new X509Certificate(readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8')).publicKey.export({
  type: 'spki',
  format: 'der',
})
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    `--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`,
  ],
})

/** Long tasks since the last call, in ms (the observer is installed before the page's scripts). */
const takeLongTasks = (page: Page) => page.evaluate<number[]>('window.__tasks.splice(0)')

const rows: string[] = []
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  // A script as text: this bench compiles without the DOM library; the page runs it before its own.
  await page.addInitScript({
    content: `window.__tasks = []; new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__tasks.push(e.duration))).observe({ type: 'longtask', buffered: true })`,
  })
  await page.goto(station.url)
  await page.getByLabel('User name').fill('admin')
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByTestId('connection-status').and(page.locator('[data-status="live"]')).waitFor({ timeout: 20_000 })
  for (const hash of PAGES) {
    await page.goto(`${station.url}/${hash}`)
    await page.waitForTimeout(3000)
    await takeLongTasks(page)
    await page.waitForTimeout(seconds * 1000)
    const tasks = await takeLongTasks(page)
    rows.push(
      `| ${hash} | ${tasks.filter((d) => d > LIMIT_MS).length} | ${Math.round(Math.max(0, ...tasks))} ms | ${Math.round(tasks.reduce((a, b) => a + b, 0))} ms |`,
    )
  }
} finally {
  await browser.close()
  await stopProcess(station.child)
  rmSync(dataDir, { recursive: true, force: true })
}

console.log(
  `\nnode dist/bench/ui-long-tasks.js --cells ${cells} --hz ${hz} --seconds ${seconds}   (${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version})\n`,
)
console.log(`| page | long tasks over ${LIMIT_MS} ms | longest | time in long tasks (${seconds} s) |`)
console.log('| --- | ---: | ---: | ---: |')
for (const row of rows) console.log(row)
