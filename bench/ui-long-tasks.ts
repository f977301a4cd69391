import { createHash, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium, type Page } from '@playwright/test'
import { profilePage, type ProfileRow } from './cpu-profile.js'
import { writeStackScenario } from './stack-scenario.js'
import { stationServeArgs, startReadyProcess, stopProcess } from './processes.js'
import { traceTasks } from './task-trace.js'

// The operator UI's main-thread budget on a pilot-scale stack (docs/operator-ui.md "Pilot-scale
// stacks"): a station with N cells at a frame rate, Debian's Chromium on each page, Long Tasks API.
// A measurement for a quiet machine, not a test: `npm run build && node dist/bench/ui-long-tasks.js`.
const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '256' },
    hz: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '15' },
    /** Instead of long tasks, where each page's main-thread time goes (V8's sampling profiler). */
    profile: { type: 'boolean', default: false },
    /** Comma-separated pages to measure (default all four). */
    pages: { type: 'string', default: '#/overview,#/charts,#/cell/0,#/alarms' },
    /** Every 10 s the load opens and every cell raises (then clears) an alarm in the same frame. */
    burst: { type: 'boolean', default: false },
  },
})
const cells = Number(values.cells)
const hz = Number(values.hz)
const seconds = Number(values.seconds)
const PAGES = values.pages.split(',')
const LIMIT_MS = 50
const password = 'bench admin password'

/**
 * A burst of alarm changes (docs/benchmarks.md "Alarm bursts"): one rule on every cell's current, and the load
 * opened for 5 s of every 10 s of wall time (at the default 600x), so all cells raise and clear together.
 */
function alarmBursts(dir: string): unknown[] {
  const rule = { id: 'cell-no-current', subject: 'cell', channel: 'currentA', when: 'below', threshold: 1e-6 }
  const config = { alarms: { rules: [{ ...rule, severity: 'high', message: 'no current: the load is open' }] } }
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config))
  return Array.from({ length: 200 }, (_v, k) => ({ kind: 'load-disconnect', atS: 3000 + k * 6000, durationS: 3000 }))
}

const dataDir = mkdtempSync(join(tmpdir(), 'mfc-ui-bench-'))
const scenario = writeStackScenario(dataDir, cells, `bench-${cells}`, values.burst ? alarmBursts(dataDir) : [])
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
/** The long frames' time by what ran in them since the last call, largest first. */
const takeBlame = async (page: Page) =>
  Object.entries(
    await page.evaluate<Record<string, number>>(
      '(() => { const b = window.__blame; window.__blame = {}; return b })()',
    ),
  )
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([what, ms]) => `${what} ${Math.round(ms)} ms`)
    .join('; ')

/** The p-th percentile (nearest rank) of durations; 0 for none. */
const percentile = (values: readonly number[], p: number) =>
  values.length === 0 ? 0 : [...values].sort((a, b) => a - b)[Math.ceil((p / 100) * values.length) - 1]!

const rows: string[] = []
const profiles: Array<{ hash: string; top: ProfileRow[] }> = []
const blame: string[] = []
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  // A script as text: this bench compiles without the DOM library; the page runs it before its own.
  await page.addInitScript({
    content: `window.__tasks = []; new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__tasks.push(e.duration))).observe({ type: 'longtask', buffered: true })`,
  })
  // Where the long frames' time went (Long Animation Frames API): scripts by invoker, and rendering.
  await page.addInitScript({
    content: `window.__blame = {}; new PerformanceObserver((list) => list.getEntries().forEach((e) => { if (e.duration <= ${LIMIT_MS}) return; const add = (k, ms) => (window.__blame[k] = (window.__blame[k] || 0) + ms); add('rendering (style, layout, paint)', e.startTime + e.duration - (e.renderStart || e.startTime + e.duration)); for (const s of e.scripts) add(s.invoker + (s.sourceFunctionName ? ' ' + s.sourceFunctionName : ''), s.duration) })).observe({ type: 'long-animation-frame', buffered: true })`,
  })
  // A 512-cell station on a loaded machine can take long to serve the first page.
  await page.goto(station.url, { timeout: 120_000 })
  await page.getByLabel('User name').fill('admin')
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByTestId('connection-status').and(page.locator('[data-status="live"]')).waitFor({ timeout: 20_000 })
  for (const hash of PAGES) {
    await page.goto(`${station.url}/${hash}`, { timeout: 120_000 })
    await page.waitForTimeout(3000)
    await takeLongTasks(page)
    await takeBlame(page)
    if (values.profile) {
      profiles.push({
        hash,
        top: await profilePage(page, seconds * 1000, 20, fileURLToPath(new URL('../renderer/assets', import.meta.url))),
      })
      continue
    }
    const { cpuMs } = await traceTasks(browser, page, () => page.waitForTimeout(seconds * 1000))
    const tasks = await takeLongTasks(page)
    const listed = await page.getByTestId('alarm-row').count()
    blame.push(
      `${hash}: ${(await takeBlame(page)) || 'no long frame'}${listed > 0 ? ` (${listed} alarm rows shown)` : ''}`,
    )
    const ms = (value: number) => `${Math.round(value)} ms`
    rows.push(
      [
        hash,
        tasks.filter((d) => d > LIMIT_MS).length,
        ms(Math.max(0, ...tasks)),
        ms(percentile(tasks, 95)),
        cpuMs.filter((d) => d > LIMIT_MS).length,
        ms(Math.max(0, ...cpuMs)),
        `${percentile(cpuMs, 95).toFixed(1)} ms`,
        `${((100 * cpuMs.reduce((a, b) => a + b, 0)) / (seconds * 1000)).toFixed(0)} %`,
      ].join(' | '),
    )
  }
} finally {
  await browser.close()
  await stopProcess(station.child)
  rmSync(dataDir, { recursive: true, force: true })
}

console.log(
  `\nnode dist/bench/ui-long-tasks.js --cells ${cells} --hz ${hz} --seconds ${seconds}${values.burst ? ' --burst' : ''}   (${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version})\n`,
)
for (const { hash, top } of profiles) {
  console.log(`\n${hash}: self time by function (${seconds} s)\n`)
  for (const row of top)
    console.log(
      `${row.selfMs.toFixed(0).padStart(7)} ms ${row.pct.toFixed(1).padStart(5)} %  ${row.name}  ${row.where}`,
    )
}
if (rows.length > 0) {
  console.log(
    `| page | long tasks over ${LIMIT_MS} ms (wall) | longest (wall) | p95 of long tasks (wall) | tasks over ${LIMIT_MS} ms of CPU | longest task (CPU) | p95 task (CPU) | main thread CPU |`,
  )
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const row of rows) console.log(`| ${row} |`)
  console.log(`\nTime in frames over ${LIMIT_MS} ms by what ran (Long Animation Frames):`)
  for (const line of blame) console.log(`- ${line}`)
}
