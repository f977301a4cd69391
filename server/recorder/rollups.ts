import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/database.js'
import {
  aggregateSql,
  CELL_COLUMNS,
  ROLLUP_LEVELS,
  STACK_COLUMNS,
  type ChannelColumn,
  type RollupLevel,
} from './channels.js'

/** A run as the rollup writer sees it; `marks` holds, per level, the last bucket already rolled up. */
export type RollupRun = { id: number; cells: number; marks: Map<RollupLevel, number> }

/**
 * Computes the min/mean/max of every channel per bucket of every rollup level from a run's raw rows
 * (idempotent: a bucket computed twice is replaced) and records how far each level got. Runs inside
 * the caller's transaction.
 */
export function createRollupWriter(db: Db, stackColumns: readonly ChannelColumn[] = STACK_COLUMNS) {
  const seqRange = db.prepare<[number, number, number], { s0: number | null; s1: number | null }>(
    'SELECT MIN(seq) AS s0, MAX(seq) AS s1 FROM telemetry_frames WHERE run = ? AND sim_time_s >= ? AND sim_time_s < ?',
  )
  const aggregates = new Map<RollupLevel, { cells: Statement<unknown[]>; stack: Statement<unknown[]> }>()
  for (const level of ROLLUP_LEVELS) {
    const bucket = `CAST(sim_time_s / ${level} AS INTEGER)`
    aggregates.set(level, {
      cells: db
        .prepare<unknown[]>(
          `SELECT ${bucket} AS b, COUNT(*) AS n, ${aggregateSql(CELL_COLUMNS)} FROM telemetry_cells WHERE run = ? AND cell = ? AND seq BETWEEN ? AND ? GROUP BY b`,
        )
        .raw(),
      stack: db
        .prepare<unknown[]>(
          `SELECT ${bucket} AS b, COUNT(*) AS n, ${aggregateSql(stackColumns)} FROM telemetry_frames WHERE run = ? AND seq BETWEEN ? AND ? GROUP BY b`,
        )
        .raw(),
    })
  }
  const insert = db.prepare(
    'INSERT OR REPLACE INTO telemetry_rollups (run, level, channel, cell, bucket, n, min, mean, max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const mark = db.prepare(
    'INSERT INTO telemetry_rollup_marks (run, level, through_bucket) VALUES (?, ?, ?) ON CONFLICT (run, level) DO UPDATE SET through_bucket = MAX(through_bucket, excluded.through_bucket)',
  )
  const readMarks = db.prepare<[number], { level: RollupLevel; through: number }>(
    'SELECT level, through_bucket AS through FROM telemetry_rollup_marks WHERE run = ?',
  )

  const store = (
    run: number,
    level: RollupLevel,
    cell: number,
    columns: readonly ChannelColumn[],
    rows: unknown[][],
  ) => {
    for (const row of rows) {
      const [bucket, n] = row as [number, number]
      columns.forEach(({ channel }, i) => {
        // A channel the source does not have in this bucket gets no rollup row (absent, not zero).
        if (row[2 + i * 3] !== null)
          insert.run(run, level, channel, cell, bucket, n, row[2 + i * 3], row[3 + i * 3], row[4 + i * 3])
      })
    }
  }

  return {
    /** Each level's progress for a run (-1: nothing rolled up yet). */
    marksOf(run: number): Map<RollupLevel, number> {
      const marks = new Map<RollupLevel, number>(ROLLUP_LEVELS.map((level) => [level, -1]))
      for (const { level, through } of readMarks.all(run)) marks.set(level, through)
      return marks
    },
    /**
     * Rolls every level up through its last complete bucket at simulated time `lastSimS`; with
     * `final` (the run ended) the last, partial bucket too. Every level's mark is written, so a
     * level with nothing complete yet still says so (retention relies on that).
     */
    rollUp(run: RollupRun, lastSimS: number, final: boolean): void {
      for (const level of ROLLUP_LEVELS) {
        const through = Math.floor(lastSimS / level) - (final ? 0 : 1)
        const from = run.marks.get(level)! + 1
        if (through >= from) {
          const { s0, s1 } = seqRange.get(run.id, from * level, (through + 1) * level) ?? { s0: null, s1: null }
          if (s0 !== null && s1 !== null) {
            const statements = aggregates.get(level)!
            for (let cell = 0; cell < run.cells; cell += 1)
              store(run.id, level, cell, CELL_COLUMNS, statements.cells.all(run.id, cell, s0, s1) as unknown[][])
            store(run.id, level, -1, stackColumns, statements.stack.all(run.id, s0, s1) as unknown[][])
          }
          run.marks.set(level, through)
        }
        mark.run(run.id, level, run.marks.get(level)!)
      }
    },
  }
}

export type RollupWriter = ReturnType<typeof createRollupWriter>
