import type { Db } from '../store/database.js'
import { aggregateSql, CELL_COLUMNS, ROLLUP_SECONDS, STACK_COLUMNS, type ChannelColumn } from './channels.js'

/**
 * Computes the per-minute min/mean/max of every channel for buckets [fromBucket, toBucket] of one run
 * from its raw rows (idempotent: a bucket computed twice is replaced). Runs inside the caller's
 * transaction.
 */
export function createRollupWriter(db: Db) {
  const seqRange = db.prepare<[number, number, number], { s0: number | null; s1: number | null }>('SELECT MIN(seq) AS s0, MAX(seq) AS s1 FROM telemetry_frames WHERE run = ? AND sim_time_s >= ? AND sim_time_s < ?')
  const bucketExpr = `CAST(sim_time_s / ${ROLLUP_SECONDS} AS INTEGER)`
  const cellAggregates = db.prepare(`SELECT ${bucketExpr} AS b, COUNT(*) AS n, ${aggregateSql(CELL_COLUMNS)} FROM telemetry_cells WHERE run = ? AND cell = ? AND seq BETWEEN ? AND ? GROUP BY b`).raw()
  const stackAggregates = db.prepare(`SELECT ${bucketExpr} AS b, COUNT(*) AS n, ${aggregateSql(STACK_COLUMNS)} FROM telemetry_frames WHERE run = ? AND seq BETWEEN ? AND ? GROUP BY b`).raw()
  const insert = db.prepare('INSERT OR REPLACE INTO telemetry_rollups (run, channel, cell, bucket, n, min, mean, max) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const mark = db.prepare('UPDATE runs SET rolled_through_bucket = MAX(rolled_through_bucket, ?) WHERE id = ?')

  const store = (run: number, cell: number, columns: readonly ChannelColumn[], rows: unknown[][]) => {
    for (const row of rows) {
      const [bucket, n] = row as [number, number]
      columns.forEach(({ channel }, i) => insert.run(run, channel, cell, bucket, n, row[2 + i * 3], row[3 + i * 3], row[4 + i * 3]))
    }
  }

  return (run: number, cells: number, fromBucket: number, toBucket: number): void => {
    if (toBucket < fromBucket) return
    const { s0, s1 } = seqRange.get(run, fromBucket * ROLLUP_SECONDS, (toBucket + 1) * ROLLUP_SECONDS) ?? { s0: null, s1: null }
    if (s0 !== null && s1 !== null) {
      for (let cell = 0; cell < cells; cell += 1) store(run, cell, CELL_COLUMNS, cellAggregates.all(run, cell, s0, s1) as unknown[][])
      store(run, -1, STACK_COLUMNS, stackAggregates.all(run, s0, s1) as unknown[][])
    }
    mark.run(toBucket, run)
  }
}
