import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { authMigrations } from '../../server/auth/schema.js'
import { serverMessageSchema } from '../../server/contract/stream.js'
import { openDatabase } from '../../server/store/database.js'
import { telemetryMigrations } from '../../server/recorder/schema.js'
import { systemClock } from '../../server/clock.js'
import { silentLogger } from '../../server/logger.js'
import { createHistoryReader } from '../../server/recorder/history.js'
import { createTelemetryRecorder } from '../../server/recorder/recorder.js'

const cli = fileURLToPath(new URL('../../dist/server/cli/main.js', import.meta.url))
const TOKEN = 'crash-test-token-0123456789'
const BATCH_MS = 200
const TICK_HZ = 20

const cleanup: Array<() => void> = []
afterEach(() => {
  for (const undo of cleanup.splice(0).reverse()) undo()
})

describe('recording survives kill -9', () => {
  it('opens cleanly after SIGKILL mid-run and holds every frame up to the last committed batch', async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (npx tsc -b)`)
    const dataDir = mkdtempSync(join(tmpdir(), 'mfc-crash-'))
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const child = spawn(
      process.execPath,
      [
        cli,
        'serve',
        '--ready-json',
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--tick-hz',
        String(TICK_HZ),
        '--log-level',
        'warn',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, MFC_API_TOKEN: TOKEN, MFC_RECORD_BATCH_MS: String(BATCH_MS), MFC_SECRETS: 'file' },
      },
    )
    cleanup.push(() => child.kill('SIGKILL'))
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    )
    const ready = JSON.parse(
      await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve)),
    ) as { url: string }

    // Watch the live stream to know which frames the station had produced when it was killed.
    const ws = new WebSocket(`${ready.url.replace('https', 'wss')}/api/v1/stream`, {
      ca: readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8'),
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    cleanup.push(() => ws.terminate())
    ws.on('error', () => {})
    let lastSeq = 0
    let runId = ''
    const enough = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const message = serverMessageSchema.parse(JSON.parse(String(data)))
        if (message.type !== 'telemetry') return
        lastSeq = message.seq
        runId = message.runId
        if (lastSeq >= 40) resolve()
      }),
    )
    await Promise.race([
      enough,
      new Promise((_resolve, reject) => setTimeout(() => reject(new Error('no 40 frames within 15 s')), 15_000)),
    ])
    child.kill('SIGKILL')
    const seenAtKill = lastSeq
    expect(await exited).toBe('SIGKILL')

    const db = openDatabase(join(dataDir, 'station.db'), [...authMigrations, ...telemetryMigrations])
    cleanup.push(() => db.close())
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const run = db.prepare<[string], { id: number }>('SELECT id FROM runs WHERE run_id = ?').get(runId)!
    const stored = db
      .prepare<[number], { first: number; last: number; n: number; cells: number }>(
        'SELECT MIN(f.seq) AS first, MAX(f.seq) AS last, COUNT(*) AS n, (SELECT COUNT(*) FROM telemetry_cells c WHERE c.run = f.run) AS cells FROM telemetry_frames f WHERE f.run = ?',
      )
      .get(run.id)!
    // Contiguous from the first frame, each with all five cells.
    expect(stored.first).toBe(1)
    expect(stored.n).toBe(stored.last)
    expect(stored.cells).toBe(stored.n * 5)
    // At most the uncommitted batch is missing (one batch period of frames, plus one period of timer slack).
    expect(stored.last).toBeGreaterThanOrEqual(seenAtKill - 2 * (BATCH_MS / 1000) * TICK_HZ)

    createTelemetryRecorder({
      db,
      log: silentLogger,
      describeRun: () => ({ source: 'simulation', name: '', seed: 0, controller: 'fixed', cells: 5, config: {} }),
      clock: systemClock,
    }).close()
    expect(createHistoryReader(db).run(runId)).toMatchObject({ endState: 'interrupted', frames: stored.n })
  })
})
