import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

/** Fails (never skips) when a system tool a test needs is missing, naming the Debian package. */
export function requireBinary(binary: string, debianPackage: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' })
  if (found.status !== 0)
    throw new Error(`${binary} not found: install the Debian package "${debianPackage}" (bash .ci/system-packages)`)
}

/**
 * A P-256 self-signed certificate made by Debian's openssl (a peer other than the station: a proxy, an ACME
 * server), written as `keyPath` and `certPath`; throws with openssl's message if it fails.
 */
export function opensslSelfSigned(options: {
  commonName: string
  subjectAltName: string
  days: number
  keyPath: string
  certPath: string
}): void {
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
      ...['-days', String(options.days), '-subj', `/CN=${options.commonName}`],
      ...['-addext', `subjectAltName=${options.subjectAltName}`, '-keyout', options.keyPath, '-out', options.certPath],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 },
  )
}

/** A loopback port that was free a moment ago (for tools that cannot be told to pick one themselves). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Stops a child process by its PID: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** Starts `command` and resolves once a line of its output matches `ready`; rejects if it exits first or takes too long. */
export function startUntilReady(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; ready: RegExp; timeoutMs?: number },
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopProcess(child)
      reject(new Error(`${command} did not become ready within ${options.timeoutMs ?? 10_000} ms:\n${output}`))
    }, options.timeoutMs ?? 10_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (options.ready.test(output)) {
        clearTimeout(timer)
        resolve(child)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} exited with ${code} before it was ready:\n${output}`))
    })
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}
