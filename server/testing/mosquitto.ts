import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect as connectTcp } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port.js'

/** Why Debian's mosquitto cannot run here, or undefined if it can (docs/testing.md "Real components"). */
export function mosquittoUnavailable(): string | undefined {
  return spawnSync('mosquitto', ['-h']).error ? 'mosquitto (Debian package mosquitto)' : undefined
}

export type MosquittoOptions = {
  /** A TLS listener instead of plain TCP: PEM files, and whether clients must present a certificate. */
  tls?: { caFile: string; certFile: string; keyFile: string; requireCertificate?: boolean }
  /** A mosquitto_passwd file; anonymous clients are refused when given. */
  passwordFile?: string
  /** Keep persistent sessions and retained messages across a stop/start (in the broker's temp dir). */
  persistence?: boolean
}

export type Mosquitto = {
  port: number
  url: string
  /** Everything the broker logged so far. */
  log(): string
  /** SIGTERM (or another signal) and wait for the exit; start() runs it again on the same port. */
  stop(signal?: NodeJS.Signals): Promise<void>
  start(): Promise<void>
  dispose(): Promise<void>
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode}): ${log()}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = connectTcp(port, '127.0.0.1')
      socket.once('connect', () => (socket.destroy(), resolve(true)))
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`mosquitto did not listen on ${port} within 5 s: ${log()}`)
}

/** Debian's mosquitto on a free loopback port with its own temporary config, stopped by its PID. */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-mosquitto-'))
  const port = await freePort()
  // Started as root, mosquitto would switch to its own user, which cannot read the test's private files.
  const lines = [`listener ${port} 127.0.0.1`, `user ${userInfo().username}`, 'log_dest stderr', 'log_type error']
  lines.push('log_type warning')
  lines.push(options.passwordFile ? `password_file ${options.passwordFile}` : 'allow_anonymous true')
  if (options.passwordFile) lines.push('allow_anonymous false')
  if (options.tls) {
    const { caFile, certFile, keyFile, requireCertificate } = options.tls
    lines.push(`cafile ${caFile}`, `certfile ${certFile}`, `keyfile ${keyFile}`)
    lines.push(`require_certificate ${requireCertificate ? 'true' : 'false'}`)
  }
  lines.push(options.persistence ? `persistence true\npersistence_location ${dir}/` : 'persistence false')
  const config = join(dir, 'mosquitto.conf')
  writeFileSync(config, `${lines.join('\n')}\n`)
  let output = ''
  let child: ChildProcess | undefined
  let exited: Promise<void> = Promise.resolve()
  const start = async () => {
    const process = spawn('mosquitto', ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] })
    process.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    exited = new Promise((resolve) => process.once('exit', () => resolve()))
    child = process
    await waitForPort(port, process, () => output)
  }
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited
  }
  await start()
  return {
    port,
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    log: () => output,
    stop,
    start,
    async dispose() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
