import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../../dist/server/cli/main.js', import.meta.url))

export type StationProcess = {
  url: string
  port: number
  fingerprint: string
  dataDir: string
  certificatePem: string
  process: ChildProcess
  /** Everything the current process wrote to stderr (its console: setup code, warnings). */
  stderr(): string
  stop(): Promise<void>
  /** Stops the process and starts a new one on the same port and data dir (same certificate). */
  restart(): Promise<void>
}

type ProcessHandle = { url: string; fingerprint: string; child: ChildProcess; exited: Promise<void>; stderr(): string }

async function spawnStation(
  port: number,
  dataDir: string,
  extraArgs: string[],
  env: Record<string, string | undefined>,
): Promise<ProcessHandle> {
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--ready-json', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn', ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The suite signs in, and loads signed-out pages (the sign-in page, the API reference), from one address many
      // times a minute; the default limits (10 sign-ins, 60 anonymous requests a minute) are for people.
      env: withoutUnset({
        ...process.env,
        MFC_ADMIN_PASSWORD: E2E_ADMIN.password,
        MFC_API_TOKEN: E2E_API_TOKEN,
        // The tests inject faults and reset runs with it: hazardous actions, which tokens need explicitly.
        MFC_API_TOKEN_HAZARDOUS: 'true',
        MFC_RATE_LIMIT_AUTH: '500',
        MFC_RATE_LIMIT_ANONYMOUS: '6000',
        ...env,
      }),
    },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const ready = await new Promise<{ url: string; fingerprint: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`station did not report ready within 20 s; stderr: ${stderr}`))
    }, 20_000)
    const lines = createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { event?: string; url: string; fingerprint: string }
      if (message.event === 'ready') {
        clearTimeout(timer)
        resolve(message)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`station exited with ${code} before ready; stderr: ${stderr}`))
    })
  })
  return { ...ready, child, exited, stderr: () => stderr }
}

/** An environment without the variables set to undefined (a test's way of unsetting a default). */
function withoutUnset(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined))
}

async function stopHandle(handle: ProcessHandle): Promise<void> {
  if (handle.child.exitCode === null && handle.child.signalCode === null) handle.child.kill('SIGTERM')
  await handle.exited
}

/** Starts `mfc-station serve --ready-json` as a real process and resolves once it reports ready. */
/**
 * Credentials every test station starts with: the first admin and a static API token (both ignored by
 * a station without access control), so tests sign in the same way before and after login exists.
 */
export const E2E_ADMIN = { username: 'admin', password: 'e2e admin password' }
export const E2E_API_TOKEN = 'e2e-api-token-0123456789abcdef'

/** `env` adds MFC_* settings (e.g. MFC_SIM_SCENARIO) on top of the test runner's environment; undefined unsets one. */
export async function startStationProcess(
  options: { port?: number; dataDir?: string; extraArgs?: string[]; env?: Record<string, string | undefined> } = {},
): Promise<StationProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mfc-e2e-'))
  const extraArgs = options.extraArgs ?? []
  const env = options.env ?? {}
  let handle = await spawnStation(options.port ?? 0, dataDir, extraArgs, env)
  const port = Number(new URL(handle.url).port)
  const station: StationProcess = {
    url: handle.url,
    fingerprint: handle.fingerprint,
    port,
    dataDir,
    certificatePem: readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8'),
    process: handle.child,
    stderr: () => handle.stderr(),
    stop: () => stopHandle(handle),
    async restart() {
      await stopHandle(handle)
      handle = await spawnStation(port, dataDir, extraArgs, env)
      station.process = handle.child
    },
  }
  return station
}
