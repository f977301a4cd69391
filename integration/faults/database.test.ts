import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { httpsRequest } from '../../server/testing/station-fixture.js'
import { CLI_PATH, startStationProcess, type StationProcess } from '../../server/testing/station-process.js'

const TOKEN = 'mfc_fault_matrix_operator_token_0123456789'
const ADMIN_PASSWORD = 'fault matrix admin password'
const env = { MFC_API_TOKEN: TOKEN, MFC_ADMIN_PASSWORD: ADMIN_PASSWORD, MFC_DB_IDENTITY_CHECK_SECONDS: '1' }
const dataDir = mkdtempSync(join(tmpdir(), 'mfc-fault-db-'))
// Every station a test started is stopped by its PID, also when an assertion failed half way.
const started: StationProcess[] = []
const startStation = async (options: Parameters<typeof startStationProcess>[0]) => {
  const station = await startStationProcess(options)
  started.push(station)
  return station
}
afterEach(async () => {
  for (const station of started.splice(0)) await station.stop()
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [CLI_PATH, ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 20_000 })
const call = (station: StationProcess, path: string, init: { method?: string; body?: unknown } = {}) =>
  httpsRequest({ url: station.url, certificatePem: station.certificatePem() }, path, {
    ...(init.method ? { method: init.method } : {}),
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
const databaseHealth = async (station: StationProcess) => {
  const health = JSON.parse((await call(station, '/api/v1/health')).body) as {
    status: string
    components: Array<{ name: string; up: boolean; lastError: string | null }>
  }
  return { status: health.status, database: health.components.find((c) => c.name === 'database') }
}

describe('losing the database while the station runs (reliability issue, item 6)', () => {
  it('is detected, stops writes, keeps the last state recoverable, and restore brings it back', async () => {
    const options = { dataDir, env, args: ['--secrets', 'file'] }
    const station = await startStation(options)
    const listRuns = async (on: StationProcess) =>
      (JSON.parse((await call(on, '/api/v1/runs')).body) as { runs: Array<{ runId: string }> }).runs
    // The recorder commits every 500 ms: wait for the run to be on disk before losing the database.
    const runs = await vi.waitFor(async () => {
      const found = await listRuns(station)
      expect(found.length).toBeGreaterThan(0)
      return found
    })
    const backup = cli('backup', '--json')
    expect(backup.status, backup.stderr).toBe(0)
    expect(existsSync((JSON.parse(backup.stdout) as { backup: string }).backup)).toBe(true)
    expect(cli('restore', 'whatever.db').stderr.trim()).toMatch(
      /^mfc-station: a station \(process \d+\) is running on .*: stop it first$/,
    )

    for (const file of ['station.db', 'station.db-wal', 'station.db-shm']) rmSync(join(dataDir, file), { force: true })
    // The alarm comes at once; the recovery backup of what the connection still holds follows.
    await vi.waitFor(
      async () => expect((await databaseHealth(station)).database?.lastError).toContain('mfc-station restore'),
      { timeout: 15_000, interval: 250 },
    )
    const { status, database } = await databaseHealth(station)
    expect(status).toBe('degraded')
    expect(database?.lastError).toMatch(/station\.db was deleted while the station ran; writes are stopped/)
    const recovered = readdirSync(join(dataDir, 'backups')).find((name) => name.startsWith('recovered-'))
    expect(recovered).toBeDefined()
    expect(database?.lastError).toContain(`mfc-station restore ${join(dataDir, 'backups', recovered!)}`)
    expect(station.stderr()).toContain('was deleted while the station ran')
    // Reads go on; a write that would be lost is refused as unavailable, not accepted.
    expect((await call(station, '/api/v1/simulation')).status).toBe(200)
    const refused = await call(station, '/api/v1/runs/' + runs[0]!.runId, {
      method: 'PATCH',
      body: { notes: 'x' },
    })
    expect(refused.status).toBe(503)
    await station.stop()

    const restored = cli('restore', join(dataDir, 'backups', recovered!))
    expect(restored.status, restored.stderr).toBe(0)
    const again = await startStation(options)
    try {
      expect((await listRuns(again)).map((run) => run.runId)).toContain(runs[0]!.runId)
      expect((await databaseHealth(again)).database?.up).toBe(true)
    } finally {
      await again.stop()
    }
  })
})

describe('audit entries deleted from the end while the station is stopped (item 6, the anchor)', () => {
  it('are reported at the next start in health and by mfc-station audit verify', async () => {
    const tailDir = mkdtempSync(join(tmpdir(), 'mfc-fault-audit-tail-'))
    const options = { dataDir: tailDir, env, args: ['--secrets', 'file'] }
    const first = await startStation(options)
    // Audited writes, then time for the anchor (it trails the log by a second at most) before stopping.
    for (const notes of ['a', 'b', 'c'])
      await call(first, '/api/v1/simulation/pause', { method: 'POST', body: { notes } })
    await first.stop()
    const db = join(tailDir, 'station.db')
    const cut = spawnSync('sqlite3', [db, 'DELETE FROM audit WHERE seq > (SELECT MAX(seq) - 2 FROM audit);'])
    expect(cut.status).toBe(0)

    const again = await startStation(options)
    try {
      const health = JSON.parse((await call(again, '/api/v1/health')).body) as {
        status: string
        components: Array<{ name: string; up: boolean; lastError: string | null }>
      }
      expect(health.status).toBe('degraded')
      expect(health.components.find((c) => c.name === 'audit')?.lastError).toMatch(/2 entries were removed$/)
      expect(again.stderr()).toMatch(/the audit log ends at entry \d+ but its anchor names entry \d+/)
    } finally {
      await again.stop()
    }
    const verify = spawnSync(process.execPath, [CLI_PATH, 'audit', 'verify', '--data-dir', tailDir], {
      encoding: 'utf8',
    })
    expect(verify.status).toBe(1)
    expect(verify.stdout).toMatch(/^audit log BROKEN: 2 entries are missing at its end/)
    rmSync(tailDir, { recursive: true, force: true })
  })
})
