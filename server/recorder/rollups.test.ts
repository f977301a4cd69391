import { describe, expect, it } from 'vitest'
import type { TelemetryFrame } from '../contract/stream.js'
import { silentLogger } from '../logger.js'
import { openDatabase, type Db } from '../store/database.js'
import { createManualClock } from '../testing/manual-clock.js'
import { CELL_COLUMNS, ROLLUP_LEVELS, STACK_COLUMNS, type ChannelColumn } from './channels.js'
import { createTelemetryRecorder } from './recorder.js'
import { createRollupWriter, rollupSql } from './rollups.js'
import { telemetryMigrations } from './schema.js'

const CELLS = 5

/**
 * Frame `seq` every 2 simulated seconds (so a 5 s bucket holds 2 or 3 frames): cell 3 loses its voltage on
 * every third frame and for all of 40..60 s, nothing models substrate, the stack has no pH.
 */
function frame(seq: number): TelemetryFrame {
  const simTimeS = seq * 2
  const cell = (k: number) => ({
    ...(k === 3 && (seq % 3 === 0 || (simTimeS >= 40 && simTimeS < 60))
      ? {}
      : { voltageV: 0.3 + ((seq * 7 + k) % 11) / 50 }),
    currentA: 0.01 * k,
    powerW: Math.sin(seq + k),
    anodeLossV: 0.1,
    internalOhm: 50 + seq,
    alarms: [],
  })
  return {
    ...{ type: 'telemetry', source: 'simulation', runId: 'ref', seq, simTimeS, wallTimeMs: 1_800_000_000_000 + seq },
    ...{ state: 'running', controller: 'fixed' },
    cells: Array.from({ length: CELLS }, (_v, k) => cell(k)),
    stack: { voltageV: 1.5, currentA: 0.02, powerW: Math.cos(seq), loadConnected: true, loadOhm: 100 + (seq % 4) },
  }
}

type Rollup = {
  level: number
  channel: string
  cell: number
  bucket: number
  n: number
  min: number
  mean: number
  max: number
}

/** The straightforward computation: every raw row read into JavaScript, grouped and aggregated there. */
function referenceRollups(db: Db): Rollup[] {
  const expected: Rollup[] = []
  const tables: Array<{ sql: string; columns: readonly ChannelColumn[] }> = [
    { sql: 'SELECT * FROM telemetry_cells', columns: CELL_COLUMNS },
    { sql: 'SELECT -1 AS cell, * FROM telemetry_frames', columns: STACK_COLUMNS },
  ]
  for (const level of ROLLUP_LEVELS) {
    for (const { sql, columns } of tables) {
      const groups = new Map<string, Array<Record<string, number | null>>>()
      for (const row of db.prepare<[], Record<string, number | null>>(sql).all()) {
        const key = `${row.cell}:${Math.floor(row.sim_time_s! / level)}`
        groups.set(key, [...(groups.get(key) ?? []), row])
      }
      for (const [key, rows] of groups) {
        const [cell, bucket] = key.split(':').map(Number) as [number, number]
        for (const { channel, column } of columns) {
          const values = rows.map((row) => row[column]).filter((value): value is number => value !== null)
          if (values.length === 0) continue
          const mean = values.reduce((a, b) => a + b, 0) / values.length
          expected.push({
            level,
            channel,
            cell,
            bucket,
            n: rows.length,
            min: Math.min(...values),
            mean,
            max: Math.max(...values),
          })
        }
      }
    }
  }
  return sorted(expected)
}

const sorted = (rows: Rollup[]) =>
  [...rows].sort(
    (a, b) => a.level - b.level || a.channel.localeCompare(b.channel) || a.cell - b.cell || a.bucket - b.bucket,
  )

const storedRollups = (db: Db) =>
  sorted(db.prepare<[], Rollup>('SELECT level, channel, cell, bucket, n, min, mean, max FROM telemetry_rollups').all())

function recordRun(frames: number, batch: number): Db {
  const db = openDatabase(':memory:', telemetryMigrations)
  const recorder = createTelemetryRecorder({
    ...{ db, log: silentLogger, clock: createManualClock(), batchMs: 60_000 },
    describeRun: () => ({ source: 'simulation', name: 'ref', seed: 1, controller: 'fixed', cells: CELLS, config: {} }),
  })
  for (let seq = 0; seq < frames; seq += 1) {
    recorder.record(frame(seq))
    if (seq % batch === batch - 1) recorder.flush()
  }
  recorder.record({ type: 'event', wallTimeMs: 0, event: { kind: 'run-state', runId: 'ref', state: 'finished' } })
  recorder.close()
  return db
}

function expectSameRollups(actual: Rollup[], expected: Rollup[]): void {
  expect(actual.map(({ level, channel, cell, bucket, n }) => ({ level, channel, cell, bucket, n }))).toEqual(
    expected.map(({ level, channel, cell, bucket, n }) => ({ level, channel, cell, bucket, n })),
  )
  actual.forEach((row, i) => {
    for (const field of ['min', 'mean', 'max'] as const) expect(row[field]).toBeCloseTo(expected[i]![field], 12)
  })
}

describe('rollups in SQL', () => {
  it('writes what a reference computation on the same raw rows gives, batch boundaries anywhere in buckets', () => {
    const db = recordRun(150, 7) // 0..298 s in batches of 7 frames (14 s): buckets complete mid-batch
    const expected = referenceRollups(db)
    expectSameRollups(storedRollups(db), expected)
    // Absent, not zero: no substrate or pH rows at all, no voltage of cell 3 for 45..50 s where it had none.
    expect(expected.some((row) => row.channel === 'substrateMgL' || row.channel === 'stack.ph')).toBe(false)
    const voltage3 = expected.filter((row) => row.level === 5 && row.channel === 'voltageV' && row.cell === 3)
    expect(voltage3.map((row) => row.bucket)).not.toContain(9)
    expect(voltage3.map((row) => row.bucket)).toContain(12)
    // 5 buckets of 60 s x (5 cells x 5 channels without substrate + the 4 stack channels the frames carry).
    expect(expected.filter((row) => row.level === 60)).toHaveLength(5 * (5 * 5 + 4))
    db.close()
  })

  it('recomputes idempotently and writes every level mark, also when no bucket of a level is complete', () => {
    const db = recordRun(150, 150)
    const before = storedRollups(db)
    const writer = createRollupWriter(db)
    const run = { id: 1, cells: CELLS, marks: new Map(ROLLUP_LEVELS.map((level) => [level, -1])) }
    db.transaction(() => writer.rollUp(run, 298, true))()
    expect(storedRollups(db)).toEqual(before)

    const fresh = recordRun(20, 20) // 0..38 s, run not ended below: no 60 s bucket is complete
    fresh.exec('DELETE FROM telemetry_rollups; DELETE FROM telemetry_rollup_marks')
    createRollupWriter(fresh).rollUp(
      { id: 1, cells: CELLS, marks: new Map(ROLLUP_LEVELS.map((l) => [l, -1])) },
      38,
      false,
    )
    expect(
      fresh.prepare('SELECT level, through_bucket AS through FROM telemetry_rollup_marks ORDER BY level').all(),
    ).toEqual([
      { level: 5, through: 6 },
      { level: 60, through: -1 },
    ])
    expect(fresh.prepare('SELECT COUNT(*) AS n FROM telemetry_rollups WHERE level = 60').get()).toEqual({ n: 0 })
    db.close()
    fresh.close()
  })
})

describe('the rollup statement', () => {
  it('reads each cell through its (run, cell, seq) index range, not every row of the run', () => {
    const db = openDatabase(':memory:', telemetryMigrations)
    const plan = db
      .prepare<[Record<string, number>], { detail: string }>(
        `EXPLAIN QUERY PLAN ${rollupSql(5, CELL_COLUMNS, false, 'COUNT(*) > 1')}`,
      )
      .all({ run: 1, from: 0, through: 10, cells: 512 })
      .map(({ detail }) => detail)
    expect(plan).toContain('SEARCH t USING PRIMARY KEY (run=? AND cell=? AND seq>? AND seq<?)')
    db.close()
  })
})
