import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { packageRoot } from '../package-info.js'

/** The built CLI (`npm run build`); integration tests and benchmarks (which run from dist/) run the station as operators do. */
export const CLI_PATH = join(packageRoot(), 'dist', 'server', 'cli', 'main.js')

export type StationProcessOptions = {
  dataDir: string
  /** Extra `serve` arguments (`--port 0 --ready-json` are always given unless `port` is set). */
  args?: readonly string[]
  port?: number
  /** Added to the test runner's environment; undefined removes a variable. */
  env?: Readonly<Record<string, string | undefined>>
  /** Working directory of the process (the station must not depend on it). */
  cwd?: string
  /** Another program to run the CLI under (e.g. `faketime`), with its arguments before node. */
  wrapper?: readonly string[]
  readyTimeoutMs?: number
}

export type StationProcess = {
  url: string
  port: number
  fingerprint: string
  dataDir: string
  certificatePem(): string
  child: ChildProcess
  /** Everything the process wrote to stderr so far (its console). */
  stderr(): string
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>
  /** SIGTERM (default) or another signal, then waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>
}

function environment(extra: StationProcessOptions['env']): Record<string, string> {
  const merged: Record<string, string | undefined> = { ...process.env, ...extra }
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined))
}

/** Spawns `mfc-station serve` without waiting: for stations that are expected to refuse to start. */
export function spawnStation(options: StationProcessOptions) {
  const port = String(options.port ?? 0)
  const serve = [
    CLI_PATH,
    'serve',
    '--ready-json',
    '--port',
    port,
    '--data-dir',
    options.dataDir,
    ...(options.args ?? []),
  ]
  const [command, ...prefix] = options.wrapper ?? []
  const child = spawn(command ?? process.execPath, command ? [...prefix, process.execPath, ...serve] : serve, {
    cwd: options.cwd,
    env: environment(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  )
  return { child, exited, stderr: () => stderr }
}

/** Starts a station process and resolves once it printed its ready line (rejects with its stderr otherwise). */
export async function startStationProcess(options: StationProcessOptions): Promise<StationProcess> {
  const { child, exited, stderr } = spawnStation(options)
  const timeoutMs = options.readyTimeoutMs ?? 20_000
  const ready = await new Promise<{ url: string; fingerprint: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`station did not report ready within ${timeoutMs} ms; stderr: ${stderr()}`))
    }, timeoutMs)
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return
      const message = JSON.parse(line) as { event?: string; url: string; fingerprint: string }
      if (message.event !== 'ready') return
      clearTimeout(timer)
      resolve(message)
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`station exited (${code}) before it was ready; stderr: ${stderr()}`))
    })
  })
  return {
    ...ready,
    port: Number(new URL(ready.url).port),
    dataDir: options.dataDir,
    certificatePem: () => readFileSync(join(options.dataDir, 'tls', 'server.crt'), 'utf8'),
    child,
    stderr,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
