import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { get } from 'node:https'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import type { TLSSocket } from 'node:tls'
import { packageRoot } from '../../server/index.js'
import { freeLoopbackPort } from '../../server/tls/testing/processes.js'

// The README's first command on a fresh clone of this commit, on a machine that cannot reach Electron's
// download and has no display (docs/architecture-desktop.md "Launch"). npm may use its cache, never
// this checkout's node_modules.
const work = mkdtempSync(join(tmpdir(), 'mfc-first-run-'))
const clone = join(work, 'clone')
const running = new Set<ChildProcess>()
const INSTALL_AND_START_MS = 15 * 60_000
const START_MS = 3 * 60_000

afterEach(async () => {
  for (const child of running) await stopGroup(child)
}, 30_000)
// The clone holds a full node_modules: removing it takes a while on a busy machine.
afterAll(() => rm(work, { recursive: true, force: true }), 120_000)

/** This environment minus what would let the clone borrow from this checkout or reach Electron's download. */
function freshMachineEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|INIT_CWD$|NODE_PATH$|DISPLAY$|WAYLAND_DISPLAY$|ELECTRON_)/.test(name)) continue
    env[name] = value
  }
  env['PATH'] = (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter)
  return {
    ...env,
    npm_config_prefer_offline: 'true',
    ELECTRON_MIRROR: 'http://127.0.0.1:9/',
    electron_config_cache: join(work, 'electron-cache'),
    MFC_DATA_DIR: join(work, 'data'),
    // The station keeps its secrets in its data dir, never in this machine's keychain.
    MFC_SECRETS: 'file',
    ...extra,
  }
}

type Started = { child: ChildProcess; url: string; fingerprint: string; output: () => string }

/** Runs a shell command in the clone, in its own process group, until the station prints where it listens. */
function startInClone(command: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Started> {
  const child = spawn('sh', ['-c', command], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  running.add(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no station within ${timeoutMs} ms:\n${output}`)), timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const ready = /MFC Station \S+ at (https:\/\/\S+)\s+certificate SHA-256 ([0-9A-F:]+)/.exec(output)
      if (!ready) return
      clearTimeout(timer)
      resolve({ child, url: ready[1]!, fingerprint: ready[2]!, output: () => output })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`"${command}" ended with ${code} before the station was up:\n${output}`))
    })
  })
}

/** Stops the command's whole process group (sh, npm, the launcher, the station) by its PID, as Ctrl+C would. */
async function stopGroup(child: ChildProcess): Promise<void> {
  running.delete(child)
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  process.kill(-child.pid!, 'SIGTERM')
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

/** GET /api/v1/health, trusting only the certificate whose fingerprint the station printed. */
function health(started: Started): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = get(new URL('/api/v1/health', started.url), { rejectUnauthorized: false }, (response) => {
      const peer = (response.socket as TLSSocket).getPeerCertificate()
      if (peer.fingerprint256 !== started.fingerprint) return reject(new Error('not the station printed'))
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(body) }))
    })
    request.on('error', reject)
  })
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(!socket.end()))
    socket.on('error', () => resolve(false))
  })
}

/** Lines the launcher printed on its own account (`mfc-station: ...`). */
const launcherLines = (output: string) => output.split('\n').filter((line) => line.startsWith('mfc-station: '))

describe('first run anywhere: npm install && npm start on a fresh clone', () => {
  it(
    "installs without Electron's download and runs the headless station, saying why in one line",
    async () => {
      execFileSync('git', ['clone', '--quiet', '--no-hardlinks', packageRoot(), clone], { stdio: 'pipe' })
      const port = await freeLoopbackPort()
      const started = await startInClone(
        'npm install --no-audit --no-fund && npm start',
        freshMachineEnv({ MFC_PORT: String(port) }),
        INSTALL_AND_START_MS,
      )
      expect(started.url).toBe(`https://127.0.0.1:${port}`)
      const { version } = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { version: string }
      expect(await health(started)).toMatchObject({ status: 200, body: { version } })
      expect(launcherLines(started.output())).toEqual([
        'mfc-station: no display (neither DISPLAY nor WAYLAND_DISPLAY is set); running the headless station instead',
      ])
      expect(started.output()).not.toMatch(/npm error/)
      expect(existsSync(join(clone, 'node_modules', 'electron', 'dist'))).toBe(false)
      await stopGroup(started.child)
      expect(await portAnswers(port)).toBe(false)
    },
    INSTALL_AND_START_MS + 30_000,
  )

  it(
    'runs headless with the reason in one line where a display exists but Electron cannot be downloaded',
    async () => {
      const port = await freeLoopbackPort()
      const started = await startInClone(
        'npm start',
        freshMachineEnv({ MFC_PORT: String(port), DISPLAY: ':99' }),
        START_MS,
      )
      expect(await health(started)).toMatchObject({ status: 200 })
      const lines = launcherLines(started.output())
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        /^mfc-station: no Electron binary is installed \(its download failed: .+\); running the headless station instead$/,
      )
      // The download's stack trace stays out of the console.
      expect(started.output()).not.toMatch(/^\s+at /m)
    },
    START_MS + 30_000,
  )
})
