import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type SecretService = { address: string; stop(): void }

/** The Debian packages a real Secret Service needs here; named in the failure so CI logs say what to install. */
const REQUIRED = [
  ['dbus-run-session', 'dbus (dbus-x11)'],
  ['gnome-keyring-daemon', 'gnome-keyring'],
] as const

/** Which required programs are missing (empty when a Secret Service can be started). */
export function missingSecretServiceParts(): string[] {
  return REQUIRED.filter(([program]) => spawnSync('sh', ['-c', `command -v ${program}`]).status !== 0).map(
    ([program, pkg]) => `${program} (Debian package ${pkg})`,
  )
}

/**
 * Starts a private D-Bus session with an unlocked gnome-keyring Secret Service and returns its bus
 * address; point DBUS_SESSION_BUS_ADDRESS at it before keytar is first used. The keyring lives in a
 * temporary XDG_DATA_HOME, so it never touches (or depends on) the user's own keyrings. stop() ends
 * the whole session (its process group) by PID and removes the keyring.
 */
export function startSecretService(timeoutMs = 10_000): Promise<SecretService> {
  const script =
    'echo -n test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null && echo "BUS=$DBUS_SESSION_BUS_ADDRESS" && exec sleep 600'
  const home = mkdtempSync(join(tmpdir(), 'mfc-keyring-'))
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_DATA_HOME: home, XDG_CONFIG_HOME: home },
  })
  child.on('exit', () => rmSync(home, { recursive: true, force: true }))
  const stop = () => {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
  }
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`Secret Service did not start within ${timeoutMs} ms: ${output}`))
    }, timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /BUS=(\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ address: match[1]!, stop })
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}
