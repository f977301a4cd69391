import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI_PATH } from '../../server/testing/station-process.js'

// What a newcomer sees on the first start (docs/operations.md "First start"), from a real process.
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Runs `serve` until a stdout line satisfies `done`, then stops it; returns both streams and the log file. */
async function firstStart(args: string[], env: Record<string, string>, done: (line: string) => boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mfc-first-start-'))
  dirs.push(dataDir)
  // The runner's own MFC_ADMIN_PASSWORD would hide the setup code: only `env` sets one.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, MFC_ADMIN_PASSWORD: undefined, ...env }
  if (childEnv['MFC_ADMIN_PASSWORD'] === undefined) delete childEnv['MFC_ADMIN_PASSWORD']
  const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--data-dir', dataDir, ...args], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const stdout: string[] = []
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout.push(line)
      if (done(line)) resolve()
    })
    void exited.then((code) => reject(new Error(`station exited (${code}); stderr: ${stderr}`)))
  })
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
  return { dataDir, stdout, stderr, log: readFileSync(join(dataDir, 'logs', 'station.log'), 'utf8') }
}

const count = (text: string, part: string) => text.split(part).length - 1

/** Stops at the second `+---+` rule: the end of the framed setup block. */
const afterSetupBlock = () => {
  let rules = 0
  return (line: string) => /^\+-+\+$/.test(line) && (rules += 1) === 2
}

describe('first start', () => {
  it('opens with the URL, fingerprint, admin and log file, then shows the setup code once, framed, on stdout', async () => {
    const { dataDir, stdout, stderr, log } = await firstStart([], {}, afterSetupBlock())
    expect(stdout[0]).toMatch(
      /^MFC Station \S+ at (https:\/\/127\.0\.0\.1:\d+) {2}certificate SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/,
    )
    const url = /at (\S+)/.exec(stdout[0]!)![1]!
    expect(stdout[1]).toBe('  admin user: none yet; create the first admin with the one-time setup code below')
    expect(stdout[2]).toBe(`  logs: ${join(dataDir, 'logs', 'station.log')}`)
    const block = stdout.slice(4)
    expect(block).toHaveLength(5)
    expect(new Set(block.map((line) => line.length)).size).toBe(1)
    const code = /One-time setup code: (\S+)/.exec(block[1]!)![1]!
    expect(block[2]).toContain(`Open ${url}/setup`)
    // Once: on stdout, never on the console's stderr nor in the log file.
    expect(count(stdout.join('\n'), code)).toBe(1)
    expect(stderr).not.toContain(code)
    expect(log).not.toContain(code)
    expect(log).toContain('no admin account yet: a one-time setup code was shown on the console')
    // Start-up warnings (the keychain fallback here) appear once each, not doubled by print and log.
    const messages = stderr
      .split('\n')
      .map((line) => line.replace(/^[\d:.]+ › /, ''))
      .filter((line) => line !== '')
    expect(messages.length).toBe(new Set(messages).size)
  })

  it('--ready-json says setupRequired while there is no admin, never the code, which goes once to stderr', async () => {
    const { stdout, stderr } = await firstStart(['--ready-json'], {}, (line) => line.startsWith('{'))
    expect(stdout).toHaveLength(1)
    const ready = JSON.parse(stdout[0]!) as Record<string, unknown>
    expect(ready).toMatchObject({ event: 'ready', setupRequired: true })
    expect(Object.keys(ready).sort()).toEqual(['event', 'fingerprint', 'setupRequired', 'url'])
    const code = /One-time setup code: (\S+)/.exec(stderr)![1]!
    expect(count(stderr, code)).toBe(1)
    expect(stdout[0]).not.toContain(code)
  })

  it('names the admin from MFC_ADMIN_PASSWORD and shows no setup code', async () => {
    const env = { MFC_ADMIN_PASSWORD: 'first admin password' }
    const human = await firstStart([], env, (line) => line.startsWith('  logs: '))
    expect(human.stdout[1]).toBe('  admin user: admin')
    expect(human.stdout.join('\n')).not.toContain('setup code')
    const json = await firstStart(['--ready-json'], env, (line) => line.startsWith('{'))
    expect(json.stdout).toHaveLength(1)
    expect(JSON.parse(json.stdout[0]!)).toMatchObject({ setupRequired: false })
  })
})
