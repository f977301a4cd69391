import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { mountTmpfs, mountUnavailable, type TestMount } from '../../server/testing/mounts.js'
import { requiredParts } from '../../server/testing/required-parts.js'
import { call, componentHealth, openStream, type StationTarget } from '../../server/testing/station-client.js'
import { startStationProcess, type StationProcess } from '../../server/testing/station-process.js'

// The fault matrix's storage rows against real station processes (docs/testing.md "Fault matrix"): the
// station keeps serving what it can, says what is wrong in one line and in health, and loses nothing committed.
const TOKEN = 'mfc_fault_storage_operator_token_012345'
const env = { MFC_API_TOKEN: TOKEN, MFC_DB_IDENTITY_CHECK_SECONDS: '1', MFC_SIM_TICK_HZ: '20' }
const running: StationProcess[] = []
const temps: string[] = []
afterEach(async () => {
  for (const station of running.splice(0)) await station.stop()
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function start(dataDir: string): Promise<StationTarget & { process: StationProcess }> {
  const process = await startStationProcess({ dataDir, env, args: ['--secrets', 'file'] })
  running.push(process)
  return { ...process, token: TOKEN, process }
}
const runsOf = async (station: StationTarget) =>
  (JSON.parse((await call(station, '/api/v1/runs')).body) as { runs: Array<{ runId: string; frames: number }> }).runs
/** Waits for the recorder to have committed the run, and returns it. */
const recordedRun = (station: StationTarget) =>
  vi.waitFor(
    async () => {
      const [run] = await runsOf(station)
      expect(run?.frames).toBeGreaterThan(0)
      return run!
    },
    { timeout: 10_000, interval: 200 },
  )
/** A request timed, for "no synchronous wait of seconds". */
async function timed(request: Promise<{ status: number; body: string }>) {
  const started = Date.now()
  const res = await request
  return { ...res, ms: Date.now() - started }
}
const login = (station: StationTarget) =>
  call(station, '/api/v1/auth/login', {
    method: 'POST',
    token: null,
    body: { username: 'admin', password: 'x'.repeat(12) },
  })

describe('database locked by another process (sqlite3 holding BEGIN EXCLUSIVE)', () => {
  let holder: ChildProcess | undefined
  afterEach(() => void holder?.kill('SIGKILL'))

  it('serves token reads and stream connects, refuses changes with 503 in one line, and recovers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mfc-fault-lock-'))
    temps.push(dataDir)
    const station = await start(dataDir)
    await recordedRun(station)
    holder = spawn('sqlite3', [join(dataDir, 'station.db')], { stdio: ['pipe', 'pipe', 'inherit'] })
    holder.stdin!.write('BEGIN EXCLUSIVE;\n.print locked\n')
    await new Promise<void>((resolve) => createInterface({ input: holder!.stdout! }).on('line', () => resolve()))

    // The token's first use is a bookkeeping write: queued, never a wait of seconds or a 5xx.
    const read = await timed(call(station, '/api/v1/simulation'))
    expect([read.status, read.ms < 1000]).toEqual([200, true])
    // A stream from a new address: bookkeeping and an audit observation the database refuses, no exit.
    const stream = await openStream(station, '127.0.0.2')
    stream.close()
    const { status, component } = await vi.waitFor(async () => {
      const health = await componentHealth(station, 'database')
      expect(health.component?.up).toBe(false)
      return health
    })
    expect(status).toBe('degraded')
    expect(component?.lastError).toMatch(
      /^writes failing since .*the database is locked by another process \(SQLITE_BUSY\)/,
    )
    const change = await call(station, '/api/v1/simulation/pause', { method: 'POST' })
    expect(change.status).toBe(503)
    expect(JSON.parse(change.body)).toMatchObject({ error: { code: 'unavailable' } })
    expect((await login(station)).status).toBe(503)

    holder.stdin!.end('ROLLBACK;\n')
    await vi.waitFor(async () => expect((await componentHealth(station, 'database')).component?.up).toBe(true), {
      timeout: 10_000,
      interval: 250,
    })
    expect((await call(station, '/api/v1/simulation/pause', { method: 'POST' })).status).toBe(200)
    expect(station.process.child.exitCode).toBeNull()
  })
})

const parts = requiredParts(
  'the full-disk fault tests',
  [mountUnavailable()].filter((p) => p !== undefined),
)
describe.skipIf(parts.skip)('on a small disk (tmpfs)', () => {
  let disk: TestMount
  beforeAll(() => {
    parts.assertPresent()
    disk = mountTmpfs(32 * 1024)
  })
  afterAll(() => disk?.unmount())

  /** Fills the disk to the last byte with a file; returns how to free it again. */
  function fill(dir: string): () => void {
    const path = join(dir, 'filler')
    const fd = openSync(path, 'w')
    const chunk = Buffer.alloc(1 << 20)
    try {
      for (;;) writeSync(fd, chunk)
    } catch {
      for (let size = 1 << 19; size >= 512; size >>= 1)
        try {
          for (;;) writeSync(fd, chunk.subarray(0, size))
        } catch {
          // this size no longer fits: try a smaller one
        }
    } finally {
      closeSync(fd)
    }
    return () => rmSync(path, { force: true })
  }

  it('full disk: reads and stream connects go on, changes are refused, health says why, nothing committed is lost', async () => {
    const dataDir = join(disk.dir, 'full')
    const station = await start(dataDir)
    const before = await recordedRun(station)
    const free = fill(disk.dir)
    await vi.waitFor(async () => expect((await componentHealth(station, 'recording')).component?.up).toBe(false), {
      timeout: 15_000,
      interval: 250,
    })
    const read = await timed(call(station, '/api/v1/runs'))
    expect([read.status, read.ms < 1000]).toEqual([200, true])
    ;(await openStream(station, '127.0.0.3')).close()
    expect((await login(station)).status).toBe(503)
    const database = await vi.waitFor(async () => {
      const { component } = await componentHealth(station, 'database')
      expect(component?.up).toBe(false)
      return component
    })
    expect(database?.lastError).toMatch(/the disk is full \(SQLITE_FULL\)/)

    free()
    await vi.waitFor(
      async () => {
        expect((await componentHealth(station, 'database')).component?.up).toBe(true)
        expect((await componentHealth(station, 'recording')).component?.up).toBe(true)
      },
      { timeout: 15_000, interval: 250 },
    )
    expect(station.process.child.exitCode).toBeNull()
    await station.process.stop()
    const again = await start(dataDir)
    const kept = (await runsOf(again)).find((run) => run.runId === before.runId)
    expect(kept?.frames).toBeGreaterThanOrEqual(before.frames)
  })
})
