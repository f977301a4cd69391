import type { Db } from '../store/database.js'
import { CELL_COLUMNS, ROLLUP_LEVELS, STACK_COLUMNS, type ChannelColumn, type RollupLevel } from './channels.js'

/** A run as the rollup writer sees it; `marks` holds, per level, the last bucket already rolled up. */
export type RollupRun = { id: number; cells: number; marks: Map<RollupLevel, number> }

type SeqRange = { run: number; from: number; through: number }

/**
 * Live, a bucket holding one frame gets no rollup rows: they would repeat that frame's raw rows (at the default
 * 600x speed and 10 Hz every 5 s and 60 s bucket is such a bucket; docs/recording.md "Rollups"). The history
 * reader takes those buckets from the raw rows, and retention writes their rows (`backfill`) in the transaction
 * that deletes the raw rows. Backfill ranges end one frame past the cut, so a bucket the cut splits counts
 * the frame beyond it, and backfill never replaces a row: the last frame left of a bucket an earlier cut split
 * looks like a one-frame bucket, but its bucket has its rows already.
 */
const LIVE = 'COUNT(*) > 1'
const BACKFILL = 'COUNT(*) = 1 AND MAX(seq) <= @cut'

/**
 * One statement rolling a seq range of a run up into one level, for every cell (or the stack) and every
 * channel at once: the aggregates are computed once per (cell, bucket) in a materialized table, then
 * unpivoted into one row per channel with UNION ALL. A channel whose values are all absent in a bucket
 * (MIN is NULL) gets no row: absent, not zero. Parameters: run, the seq range from..through, and (for cells) the run's cell count.
 */
export function rollupSql(
  level: RollupLevel,
  columns: readonly ChannelColumn[],
  stack: boolean,
  having = LIVE,
): string {
  const bucket = `CAST(sim_time_s / ${level} AS INTEGER)`
  const aggregates = columns
    .map(({ column }, i) => `MIN(${column}) AS min${i}, AVG(${column}) AS mean${i}, MAX(${column}) AS max${i}`)
    .join(', ')
  // The cells are walked one by one (a recursive count) so each reads its own (run, cell, seq) index range, not
  // every row the run has; CROSS JOIN keeps the count as the outer loop (SQLite's planner otherwise scans the
  // run's rows and looks each cell up: https://sqlite.org/optoverview.html#manual_control_of_join_order).
  const source = stack
    ? `SELECT -1 AS cell, ${bucket} AS b, COUNT(*) AS n, ${aggregates} FROM telemetry_frames WHERE run = @run AND seq BETWEEN @from AND @through GROUP BY b HAVING ${having}`
    : `SELECT t.cell AS cell, ${bucket} AS b, COUNT(*) AS n, ${aggregates} FROM cell_ids CROSS JOIN telemetry_cells t ON t.run = @run AND t.cell = cell_ids.id AND t.seq BETWEEN @from AND @through GROUP BY t.cell, b HAVING ${having}`
  const cellIds = stack
    ? ''
    : 'cell_ids(id) AS (SELECT 0 WHERE @cells > 0 UNION ALL SELECT id + 1 FROM cell_ids WHERE id + 1 < @cells), '
  const rows = columns
    .map(
      ({ channel }, i) =>
        `SELECT @run, ${level}, '${channel}', cell, b, n, min${i}, mean${i}, max${i} FROM buckets WHERE min${i} IS NOT NULL`,
    )
    .join(' UNION ALL ')
  return `WITH RECURSIVE ${cellIds}buckets AS MATERIALIZED (${source})
    ${having === BACKFILL ? 'INSERT OR IGNORE' : 'INSERT OR REPLACE'} INTO telemetry_rollups (run, level, channel, cell, bucket, n, min, mean, max) ${rows}`
}

/**
 * Computes the min/mean/max of every channel per bucket of every rollup level from a run's raw rows
 * (idempotent: a bucket computed twice is replaced) and records how far each level got. Runs inside
 * the caller's transaction.
 */
export function createRollupWriter(db: Db, stackColumns: readonly ChannelColumn[] = STACK_COLUMNS) {
  const seqRange = db.prepare<[number, number, number], { s0: number | null; s1: number | null }>(
    'SELECT MIN(seq) AS s0, MAX(seq) AS s1 FROM telemetry_frames WHERE run = ? AND sim_time_s >= ? AND sim_time_s < ?',
  )
  const backfillRange = db.prepare<[{ run: number; cut: number }], { s0: number | null; s1: number | null }>(
    'SELECT MIN(seq) AS s0, (SELECT COALESCE(MIN(seq), @cut) FROM telemetry_frames WHERE run = @run AND seq > @cut) AS s1 FROM telemetry_frames WHERE run = @run',
  )
  const prepare = (having: string) =>
    ROLLUP_LEVELS.map((level) => ({
      cells: db.prepare<[SeqRange & { cells: number; cut?: number }]>(rollupSql(level, CELL_COLUMNS, false, having)),
      stack: db.prepare<[SeqRange & { cut?: number }]>(rollupSql(level, stackColumns, true, having)),
    }))
  const live = prepare(LIVE)
  const statements = new Map(ROLLUP_LEVELS.map((level, i) => [level, live[i]!]))
  const backfills = prepare(BACKFILL)
  const mark = db.prepare(
    'INSERT INTO telemetry_rollup_marks (run, level, through_bucket) VALUES (?, ?, ?) ON CONFLICT (run, level) DO UPDATE SET through_bucket = MAX(through_bucket, excluded.through_bucket)',
  )
  const readMarks = db.prepare<[number], { level: RollupLevel; through: number }>(
    'SELECT level, through_bucket AS through FROM telemetry_rollup_marks WHERE run = ?',
  )

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
            const { cells, stack } = statements.get(level)!
            cells.run({ run: run.id, from: s0, through: s1, cells: run.cells })
            stack.run({ run: run.id, from: s0, through: s1 })
          }
          run.marks.set(level, through)
        }
        mark.run(run.id, level, run.marks.get(level)!)
      }
    },
    /**
     * Writes the rows of the one-frame buckets of every level among a run's raw rows through seq `cut`
     * (retention, before it deletes them), so the rollups keep every bucket once the raw rows are gone.
     */
    backfill(run: { id: number; cells: number }, cut: number): void {
      const { s0, s1 } = backfillRange.get({ run: run.id, cut }) ?? { s0: null, s1: null }
      if (s0 === null || s1 === null) return
      for (const { cells, stack } of backfills) {
        cells.run({ run: run.id, from: s0, through: s1, cut, cells: run.cells })
        stack.run({ run: run.id, from: s0, through: s1, cut })
      }
    },
  }
}

export type RollupWriter = ReturnType<typeof createRollupWriter>
