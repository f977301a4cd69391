import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { call, componentHealth, openStream, signIn, type StationTarget } from '../../server/testing/station-client.js'
import { spawnStation, startStationProcess } from '../../server/testing/station-process.js'

// The fault matrix's process rows (docs/testing.md "Fault matrix"): a port in use, no keychain, kill -9
// mid-run and SIGTERM under load, each against real station processes.
const TOKEN = 'mfc_fault_process_operator_token_01234567'
const ADMIN_PASSWORD = 'fault matrix admin password'
const env = {
  MFC_API_TOKEN: TOKEN,
  MFC_ADMIN_PASSWORD: ADMIN_PASSWORD,
  MFC_SIM_TICK_HZ: '20',
  MFC_RECORD_BATCH_MS: '200',
}
const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: undefined }
const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-fault-process-'))
  temps.push(dir)
  return dir
}
// Every station a test started is stopped by its PID afterwards, also when an assertion failed half way.
const started: Array<{ stop(): Promise<unknown> }> = []
afterEach(async () => {
  for (const station of started.splice(0)) await station.stop()
})
const start = async (dataDir: string, extra: Record<string, string | undefined> = {}) => {
  const process = await startStationProcess({ dataDir, env: { ...env, ...noKeychain, ...extra } })
  started.push(process)
  return { ...process, token: TOKEN }
}
type Run = { runId: string; frames: number }
const runs = async (station: StationTarget) =>
  (JSON.parse((await call(station, '/api/v1/runs')).body) as { runs: Run[] }).runs
const integrity = (dataDir: string) =>
  spawnSync('sqlite3', [join(dataDir, 'station.db'), 'PRAGMA integrity_check;'], { encoding: 'utf8' }).stdout.trim()

describe('process faults: start-up', () => {
  it('port in use: the second station says so in one line and exits, the first keeps serving', async () => {
    const first = await start(tempDir())
    try {
      const second = spawnStation({ dataDir: tempDir(), port: first.port, env: noKeychain })
      expect(await second.exited).toBe(1)
      expect(second.stderr().trim().split('\n').at(-1)).toBe(
        `mfc-station: port ${first.port} on 127.0.0.1 is already in use; stop the other program or choose another port with --port`,
      )
      expect((await call(first, '/api/v1/simulation')).status).toBe(200)
    } finally {
      await first.stop()
    }
  })

  it('keychain missing: refused in one line when required, a loud fallback in health otherwise', async () => {
    const required = spawnStation({ dataDir: tempDir(), args: ['--secrets', 'keychain'], env: noKeychain })
    expect(await required.exited).toBe(1)
    expect(required.stderr().trim().split('\n').at(-1)).toMatch(
      /^mfc-station: the OS keychain is required \(--secrets keychain\) but not usable: /,
    )
    const station = await start(tempDir())
    try {
      expect(station.stderr()).toMatch(/SECURITY WARNING: no OS keychain reachable .*secrets are kept in the file/)
      const admin = await signIn(station, 'admin', ADMIN_PASSWORD)
      const health = JSON.parse((await call(station, '/api/v1/health', { token: null, headers: admin })).body) as {
        secrets: { backend: string; warning?: string }
      }
      expect(health.secrets).toMatchObject({ backend: 'file', warning: expect.stringContaining('no OS keychain') })
    } finally {
      await station.stop()
    }
  })
})

/** 16 keep-alive clients reading the simulation as fast as they can, until stopped: the statuses they got. */
function startLoad(station: StationTarget) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16, ca: station.certificatePem() })
  const statuses: number[] = []
  let loading = true
  const one = () =>
    new Promise<void>((resolve) => {
      const req = request(new URL('/api/v1/simulation', station.url), {
        agent,
        headers: { authorization: `Bearer ${TOKEN}` },
      })
      req.on('response', (res) => {
        statuses.push(res.statusCode ?? 0)
        res.resume().on('end', resolve)
      })
      req.on('error', () => resolve())
      req.end()
    })
  const workers = Array.from({ length: 16 }, async () => {
    while (loading) await one()
  })
  return {
    async stop(): Promise<number[]> {
      loading = false
      await Promise.all(workers)
      agent.destroy()
      return statuses
    },
  }
}

describe('process faults: the station killed or stopped under load', () => {
  it('kill -9 mid-run: the restart finds the database whole, every account, the audit chain and the recorded frames', async () => {
    const dataDir = tempDir()
    const station = await start(dataDir)
    const admin = await signIn(station, 'admin', ADMIN_PASSWORD)
    const user = { username: 'olga', password: 'operator password', role: 'operator' }
    expect(
      (await call(station, '/api/v1/users', { method: 'POST', token: null, headers: admin, body: user })).status,
    ).toBe(201)
    const seen = await vi.waitFor(
      async () => {
        const [run] = await runs(station)
        expect(run?.frames).toBeGreaterThan(20)
        return run!
      },
      { timeout: 10_000, interval: 200 },
    )
    expect(await station.stop('SIGKILL')).toBe('SIGKILL')
    expect(integrity(dataDir)).toBe('ok')
    const again = await start(dataDir)
    try {
      const kept = (await runs(again)).find((run) => run.runId === seen.runId)
      expect(kept?.frames).toBeGreaterThanOrEqual(seen.frames)
      const adminAgain = await signIn(again, 'admin', ADMIN_PASSWORD)
      const users = JSON.parse(
        (await call(again, '/api/v1/users', { token: null, headers: adminAgain })).body,
      ) as Array<{
        username: string
      }>
      expect(users.map((entry) => entry.username)).toContain('olga')
      const verify = await call(again, '/api/v1/security/audit/verify', { token: null, headers: adminAgain })
      expect(JSON.parse(verify.body)).toMatchObject({ ok: true })
      expect((await componentHealth(again, 'audit')).component?.up).toBe(true)
    } finally {
      await again.stop()
    }
  })

  it('SIGTERM under load: answers or closes every request without a 5xx, exits 0, and keeps what it recorded', async () => {
    const dataDir = tempDir()
    const station = await start(dataDir, { MFC_RATE_LIMIT_AUTHENTICATED: '1000000' })
    const streams = await Promise.all(Array.from({ length: 10 }, () => openStream(station)))
    const load = startLoad(station)
    const [seen] = await vi.waitFor(
      async () => {
        const found = await runs(station)
        expect(found[0]?.frames).toBeGreaterThan(0)
        return found
      },
      { timeout: 10_000, interval: 200 },
    )
    const startedAt = Date.now()
    const code = await station.stop('SIGTERM')
    const statuses = await load.stop()
    for (const ws of streams) ws.terminate()
    expect(code).toBe(0)
    expect(Date.now() - startedAt).toBeLessThan(10_000)
    expect(statuses.length).toBeGreaterThan(50)
    expect(statuses.filter((status) => status >= 500)).toEqual([])
    expect(integrity(dataDir)).toBe('ok')
    const again = await start(dataDir)
    try {
      expect((await runs(again)).find((run) => run.runId === seen!.runId)?.frames).toBeGreaterThanOrEqual(seen!.frames)
    } finally {
      await again.stop()
    }
  })
})
