import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

// The CLI is tested as users run it: the built entry point in a real process.
const cli = fileURLToPath(new URL('../../dist/server/cli/main.js', import.meta.url))
const dirs: string[] = []
let station: TestStation | undefined

afterEach(async () => {
  await station?.dispose()
  station = undefined
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-cli-'))
  dirs.push(dir)
  return dir
}

const fixturesDir = mkdtempSync(join(tmpdir(), 'mfc-cli-fixtures-'))
afterAll(() => rmSync(fixturesDir, { recursive: true, force: true }))

function badScenario(): string {
  const path = join(fixturesDir, 'bad-run.json')
  writeFileSync(path, JSON.stringify({ stack: { cells: 0 } }))
  return path
}

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, MFC_DATA_DIR: tempDir() },
  })
}

describe('mfc-station CLI', () => {
  it.each([
    [['serve', '--bogus'], /^mfc-station: Unknown option '--bogus'/],
    [['serve', '--port', 'eighty'], /^mfc-station: --port expects a number, got "eighty"$/],
    [['serve', '--port', '99999'], /^mfc-station: configuration: port: .*65535/],
    [['serve', '--log-level', 'loud'], /^mfc-station: configuration: logLevel: /],
    [['serve', 'extra'], /^mfc-station: Unexpected argument 'extra'/],
    [['frobnicate'], /^mfc-station: unknown command "frobnicate"/],
    [
      ['serve', '--port', '0', '--scenario', '/nonexistent/run.json'],
      /^mfc-station: sim.scenario: cannot read \/nonexistent\/run.json: ENOENT$/,
    ],
    [
      ['serve', '--port', '0', '--scenario', badScenario()],
      /^mfc-station: sim.scenario .*bad-run.json: invalid run config: stack.cells: /,
    ],
  ])('%j fails with one line and exit code 2', (args, message) => {
    const result = run(args)
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr.trim()).toMatch(message)
    expect(result.stdout).toBe('')
  })

  it('doctor is reachable from the CLI: one line per check, a fresh data dir has no certificate yet', () => {
    const result = run(['doctor', '--port', '0'])
    const lines = result.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^PASS {2}port 127\.0\.0\.1:0: free$/)
    expect(lines[1]).toMatch(/^WARN {2}certificate file: no certificate in .* yet/)
    // PASS with a Secret Service on the machine, FAIL without: either way the check ran and says so.
    expect(lines[2]).toMatch(/^(PASS|FAIL) {2}keychain: OS keychain /)
    expect(result.status).toBe(lines[2]!.startsWith('PASS') ? 0 : 1)
  })

  it('reports a port in use in one line with a non-zero exit', async () => {
    station = await startTestStation()
    const result = run(['serve', '--port', String(station.port)])
    expect(result.status).toBe(1)
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      `mfc-station: port ${station.port} on 127.0.0.1 is already in use; stop the other program or choose another port with --port`,
    )
  })

  it('serve --ready-json prints the ready event, serves, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir()
    const child = spawn(process.execPath, [cli, 'serve', '--ready-json', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    // stdout carries JSON only: the ready line comes first even without an admin (the setup code is on stderr).
    const firstLine = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).once('line', resolve),
    )
    const ready = JSON.parse(firstLine) as { event: string; url: string; fingerprint: string; setupRequired: boolean }
    expect(ready.setupRequired).toBe(true)
    expect(ready.event).toBe('ready')
    expect(ready.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(ready.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    const health = await httpsRequest(
      { url: ready.url, certificatePem: readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8') },
      '/api/v1/health',
    )
    expect(health.status).toBe(200)
    child.kill('SIGTERM')
    expect(await exit).toBe(0)
  })

  it('serve without --ready-json prints the URL and fingerprint on one line', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', tempDir()], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve))
    expect(line).toMatch(
      /^MFC Station \S+ at https:\/\/127\.0\.0\.1:\d+ {2}certificate SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/,
    )
    child.kill('SIGINT')
    expect(await exit).toBe(0)
  })
})
