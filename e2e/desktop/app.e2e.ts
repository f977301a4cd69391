import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { _electron as electron, expect, test } from '@playwright/test'
import { resolveElectronBinary } from '../../electron/electron-binary.js'
import { chooseLaunchMode } from '../../electron/launch-mode.js'

// The real desktop app, driven through Playwright's Electron support. It runs where `npm start` would
// run Electron (a display, a binary that exists or can be fetched); elsewhere it is skipped with the reason.
const root = fileURLToPath(new URL('../..', import.meta.url))

const launch = await chooseLaunchMode({
  resolveElectronBinary: () => resolveElectronBinary((line) => console.log(`desktop e2e: ${line}`)),
  env: process.env,
  platform: process.platform,
})
const skipped = launch.mode === 'headless' ? launch.reason : undefined
// One explicit line in the run's output, not a silent skip.
if (skipped) console.log(`desktop e2e skipped: ${skipped}`)
test.skip(skipped !== undefined, skipped ?? '')

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
  })
}

test('launches, signs the local operator in, and shuts the station down on quit', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mfc-desktop-'))
  const app = await electron.launch({
    executablePath: launch.mode === 'electron' ? launch.binary : '',
    args: [root],
    env: { ...process.env, MFC_DATA_DIR: dataDir, MFC_PORT: '0' },
  })
  try {
    const window = await app.firstWindow()
    await expect(window).toHaveTitle('MFC Station')
    const url = new URL(window.url())
    expect(url.protocol).toBe('https:')
    const me = await window.evaluate(async () => (await fetch('/api/v1/auth/me')).json())
    expect(me).toMatchObject({ user: { role: 'operator' } })
    const bridge = await window.evaluate(
      () => (window as unknown as { mfcDesktop: { version: string } }).mfcDesktop.version,
    )
    expect(bridge).toMatch(/^\d+\.\d+\.\d+/)
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
    const port = Number(url.port)
    await app.close()
    expect(await portOpen(port)).toBe(false)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
