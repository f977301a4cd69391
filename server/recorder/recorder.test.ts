import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { TelemetryFrame } from '../contract/stream.js'
import { historyQuerySchema } from '../contract/telemetry.js'
import { openDatabase, type Db } from '../store/database.js'
import { telemetryMigrations } from './schema.js'
import { systemClock } from '../clock.js'
import { silentLogger } from '../logger.js'
import { createManualClock } from '../testing/manual-clock.js'
import { createHistoryReader } from './history.js'
import { createTelemetryRecorder } from './recorder.js'
import { createRetention } from './retention.js'

const cleanup: Array<() => void> = []
afterEach(() => {
  for (const undo of cleanup.splice(0).reverse()) undo()
})

function tempDb(): { db: Db; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-rec-'))
  const path = join(dir, 'station.db')
  const db = openDatabase(path, telemetryMigrations)
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  cleanup.push(() => db.open && db.close())
  return { db, path }
}

/** Frame `seq` of a 2-cell run: one frame per 10 simulated seconds, power rising with seq. */
function frame(seq: number, runId = 'run-1', wallTimeMs = 1_700_000_000_000 + seq * 100): TelemetryFrame {
  const cell = (k: number) => ({
    voltageV: 0.3 + k / 100,
    currentA: 0.01,
    powerW: seq / 1000 + k,
    substrateMgL: 20,
    anodeLossV: 0.1,
    internalOhm: 50,
    alarms: seq % 7 === 0 ? (['voltage-reversal'] as const).slice() : [],
  })
  return {
    type: 'telemetry',
    source: 'simulation',
    runId,
    seq,
    simTimeS: seq * 10,
    wallTimeMs,
    state: 'running',
    controller: 'fixed',
    cells: [cell(0), cell(1)],
    stack: {
      voltageV: 0.6,
      currentA: 0.01,
      powerW: seq / 500,
      loadConnected: true,
      loadOhm: 100,
      feedLPerDay: 1,
      temperatureK: 303,
    },
  }
}

const description = {
  source: 'simulation' as const,
  name: 'test run',
  seed: 7,
  controller: 'fixed',
  cells: 2,
  config: { name: 'test run' },
}

function recorder(db: Db, extra: Partial<Parameters<typeof createTelemetryRecorder>[0]> = {}) {
  const rec = createTelemetryRecorder({
    db,
    log: silentLogger,
    describeRun: () => description,
    clock: { ...systemClock, now: () => 1_800_000_000_000 },
    batchMs: 60_000,
    ...extra,
  })
  cleanup.push(() => rec.close())
  return rec
}

describe('telemetry recorder: batches', () => {
  it('writes runs and frames in batches, ends runs, and rolls complete minutes up', () => {
    const { db } = tempDb()
    const rec = recorder(db)
    for (let seq = 1; seq <= 30; seq += 1) rec.record(frame(seq))
    expect(db.prepare('SELECT COUNT(*) AS n FROM telemetry_frames').get()).toEqual({ n: 0 })
    rec.flush()
    expect(rec.status()).toMatchObject({ state: 'recording', framesWritten: 30, batchesWritten: 1, pendingFrames: 0 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM telemetry_cells').get()).toEqual({ n: 60 })
    // Sim time reached 300 s, so minutes 0..4 (0-299 s) are complete and rolled up; minute 5 is open.
    expect(
      db.prepare("SELECT MAX(bucket) AS b FROM telemetry_rollups WHERE level = 60 AND channel = 'powerW'").get(),
    ).toEqual({ b: 4 })
    // Frames are 10 s apart: every 5 s bucket holds one frame, so that level has no rows (the raw rows answer).
    expect(db.prepare('SELECT COUNT(*) AS n FROM telemetry_rollups WHERE level = 5').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT through_bucket AS b FROM telemetry_rollup_marks WHERE level = 5').get()).toEqual({
      b: 59,
    })
    const minute1 = db
      .prepare(
        "SELECT n, min, mean, max FROM telemetry_rollups WHERE level = 60 AND channel = 'powerW' AND cell = 0 AND bucket = 1",
      )
      .get()
    expect(minute1).toEqual({ n: 6, min: 0.006, mean: expect.closeTo(0.0085, 9), max: 0.011 })

    rec.record({
      type: 'event',
      wallTimeMs: 1_700_000_001_000,
      event: { kind: 'run-state', runId: 'run-1', state: 'stopped' },
    })
    for (let seq = 1; seq <= 3; seq += 1) rec.record(frame(seq, 'run-2'))
    rec.record({
      type: 'event',
      wallTimeMs: 1_700_000_002_000,
      event: { kind: 'run-state', runId: 'run-3', state: 'idle' },
    })
    rec.flush()
    const runs = createHistoryReader(db).listRuns(10, 0)
    expect(runs.total).toBe(2)
    expect(runs.runs.map((run) => [run.runId, run.endState, run.frames])).toEqual(
      expect.arrayContaining([
        ['run-1', 'stopped', 30],
        ['run-2', 'replaced', 3],
      ]),
    )
  })

  it('keeps frames queued while the database refuses writes, reports it, and catches up', () => {
    const { db } = tempDb()
    const states: string[] = []
    const rec = recorder(db, { maxPendingFrames: 5, onStateChange: (status) => states.push(status.state) })
    db.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON telemetry_frames BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END",
    )
    for (let seq = 1; seq <= 8; seq += 1) rec.record(frame(seq))
    rec.flush()
    expect(rec.status()).toMatchObject({
      state: 'failing',
      pendingFrames: 5,
      framesLost: 3,
      lastError: expect.stringContaining('simulated'),
    })
    expect(db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 0 })
    db.exec('DROP TRIGGER refuse')
    rec.flush()
    expect(rec.status()).toMatchObject({ state: 'recording', framesWritten: 5 })
    expect(states).toEqual(['failing', 'recording'])
    expect(db.prepare('SELECT MIN(seq) AS first, COUNT(*) AS n FROM telemetry_frames').get()).toEqual({
      first: 4,
      n: 5,
    })
  })
})

describe('telemetry recorder: runs across processes', () => {
  it('marks runs a previous process left open as interrupted', () => {
    const { db, path } = tempDb()
    const rec = recorder(db)
    for (let seq = 1; seq <= 3; seq += 1) rec.record(frame(seq))
    rec.flush()
    const again = openDatabase(path, telemetryMigrations)
    cleanup.push(() => again.close())
    recorder(again)
    expect(createHistoryReader(again).run('run-1')).toMatchObject({
      endState: 'interrupted',
      endedAt: new Date(1_700_000_000_300).toISOString(),
      frames: 3,
    })
  })

  it('reopens a run a restarted recorder sees again', () => {
    const { db } = tempDb()
    const first = recorder(db)
    first.record(frame(1))
    first.close()
    expect(createHistoryReader(db).run('run-1')).toMatchObject({ endState: 'interrupted' })
    const second = recorder(db)
    second.record(frame(2))
    second.flush()
    expect(createHistoryReader(db).run('run-1')).toMatchObject({ endState: null, endedAt: null, frames: 2 })
  })
})

describe('telemetry schema', () => {
  it('migrates a version 1 database, rebuilding the rollups of recorded runs at both levels', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mfc-rec-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const path = join(dir, 'station.db')
    const v1 = openDatabase(path, telemetryMigrations.slice(0, 1))
    v1.prepare(
      "INSERT INTO runs (run_id, name, seed, controller, cells, config_json, started_at_ms, ended_at_ms, end_state, frames, last_seq, last_sim_time_s) VALUES ('old', 'n', 1, 'fixed', 1, '{}', 0, 1, 'stopped', 12, 12, 120)",
    ).run()
    for (let seq = 1; seq <= 12; seq += 1) {
      v1.prepare(
        "INSERT INTO telemetry_frames (run, seq, sim_time_s, wall_time_ms, state, controller, power_w) VALUES (1, ?, ?, 0, 'running', 'fixed', ?)",
      ).run(seq, seq * 10, seq)
      v1.prepare('INSERT INTO telemetry_cells (run, cell, seq, sim_time_s, power_w) VALUES (1, 0, ?, ?, ?)').run(
        seq,
        seq * 10,
        seq,
      )
    }
    v1.close()
    const db = openDatabase(path, telemetryMigrations)
    cleanup.push(() => db.close())
    const buckets = (level: number) =>
      db
        .prepare(
          "SELECT bucket, n, max FROM telemetry_rollups WHERE level = ? AND channel = 'powerW' AND cell = 0 ORDER BY bucket",
        )
        .all(level)
    expect(buckets(60)).toEqual([
      { bucket: 0, n: 5, max: 5 },
      { bucket: 1, n: 6, max: 11 },
    ])
    // One-frame buckets (the last minute, every 5 s bucket) have no rows while the raw rows exist.
    expect(buckets(5)).toHaveLength(0)
  })
})

function recordedRun(frames: number) {
  const { db } = tempDb()
  const rec = recorder(db)
  for (let seq = 1; seq <= frames; seq += 1) rec.record(frame(seq))
  rec.record({ type: 'event', wallTimeMs: 0, event: { kind: 'run-state', runId: 'run-1', state: 'finished' } })
  rec.flush()
  return { db, reader: createHistoryReader(db) }
}
const query = (input: Record<string, string>) => historyQuerySchema.parse(input)

describe('history', () => {
  it('downsamples to at most N points with min/mean/max, from raw rows below the finest rollup', () => {
    const { reader } = recordedRun(100) // sim time 10..1000 s
    const raw = reader.history(
      query({ runId: 'run-1', from: '0', to: '1000', points: '500', cells: '1', channels: 'powerW' }),
    )
    expect(raw).toMatchObject({ source: 'raw', bucketS: 2 })
    expect(raw.series[0]!.t).toHaveLength(100)
    expect(raw.series[0]!.max[1]).toBeCloseTo(1.002, 9)
    const answer = reader.history(
      query({ runId: 'run-1', from: '0', to: '1000', points: '50', cells: '1', channels: 'powerW,stack.powerW' }),
    )
    expect(answer).toMatchObject({ source: 'rollup', bucketS: 20 })
    expect(answer.series.map((s) => [s.cell, s.channel, s.unit])).toEqual([
      [1, 'powerW', 'W'],
      [null, 'stack.powerW', 'W'],
    ])
    const power = answer.series[0]!
    expect(power.t.length).toBeLessThanOrEqual(51)
    expect(power.n.reduce((a, b) => a + b, 0)).toBe(100)
    expect(power.min[1]).toBeCloseTo(1.002, 9)
    expect(power.max[1]).toBeCloseTo(1.003, 9)
    expect(power.mean[1]).toBeCloseTo(1.0025, 9)
  })

  it('answers wide ranges from rollups, and from rollups alone after retention removed raw rows', () => {
    const { db, reader } = recordedRun(600) // 100 simulated minutes
    const wide = reader.history(query({ points: '10', channels: 'powerW', cells: '0' }))
    expect(wide).toMatchObject({ source: 'rollup', bucketS: 600 })
    expect(wide.series[0]!.n.reduce((a, b) => a + b, 0)).toBe(600)
    expect(wide.series[0]!.max.at(-1)).toBeCloseTo(0.6, 9)

    const retention = createRetention({
      db,
      log: silentLogger,
      rawDays: 1,
      clock: { ...systemClock, now: () => 1_700_000_000_000 + 2 * 86_400_000 },
      chunkFrames: 100,
    })
    cleanup.push(() => retention.close())
    expect(retention.prune()).toBe(600)
    expect(db.prepare('SELECT COUNT(*) AS n FROM telemetry_cells').get()).toEqual({ n: 0 })
    const mid = reader.history(query({ from: '0', to: '1200', points: '100', channels: 'powerW', cells: '0' }))
    expect(mid).toMatchObject({ source: 'rollup', bucketS: 12 })
    expect(mid.series[0]!.n.reduce((a, b) => a + b, 0)).toBe(120)
    const narrow = reader.history(query({ from: '0', to: '1200', points: '1000', channels: 'powerW', cells: '0' }))
    expect(narrow).toMatchObject({ source: 'rollup', bucketS: 5 })
    expect(narrow.series[0]!.t).toHaveLength(120)
  })
})

describe('retention and history queries', () => {
  it('reports a failing pruning pass to its supervisor', () => {
    const { db } = tempDb()
    const clock = createManualClock()
    const failures: unknown[] = []
    const retention = createRetention({
      db,
      log: silentLogger,
      rawDays: 1,
      clock,
      everyMs: 20,
      onError: (error) => failures.push(error),
    })
    cleanup.push(() => retention.close())
    db.exec('DROP TABLE telemetry_frames')
    clock.advance(20)
    expect(failures.map(String)).toEqual([expect.stringMatching(/telemetry_frames/)])
    retention.close()
    expect(clock.pending()).toBe(0)
  })

  it('rejects bad history queries with the field named', () => {
    expect(historyQuerySchema.safeParse({ channels: 'powerW,bogus' }).success).toBe(false)
    expect(historyQuerySchema.safeParse({ cells: '1,x' }).success).toBe(false)
    expect(historyQuerySchema.safeParse({ from: '10', to: '5' }).success).toBe(false)
    expect(historyQuerySchema.safeParse({ points: '1' }).success).toBe(false)
    expect(() => createHistoryReader(tempDb().db).history(query({}))).toThrow(/no run has been recorded/)
  })
})
