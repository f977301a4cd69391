import type { Db } from '../store/database.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import { ROLLUP_LEVELS } from './channels.js'
import { createRollupWriter } from './rollups.js'

const DAY_MS = 86_400_000

/**
 * Retention: raw frames older than `rawDays` are deleted once every rollup level holds their time;
 * the rollups stay (a month-long run remains queryable at 5 s and 60 s resolution). Runs every `everyMs` (hourly);
 * deletes in chunks so the writer is never blocked for long. rawDays 0 keeps everything.
 */
export function createRetention(options: {
  db: Db
  log: Logger
  rawDays: number
  clock: Clock
  everyMs?: number
  chunkFrames?: number
  onError?: (error: unknown) => void
}) {
  const { db, log } = options
  const chunk = options.chunkFrames ?? 5000
  // How far every level has rolled up, in simulated seconds (0 until each level has a mark).
  const candidates = db.prepare<[number], { id: number; cells: number; rolledUntilS: number }>(
    `SELECT r.id, r.cells, (SELECT CASE WHEN COUNT(*) = ${ROLLUP_LEVELS.length} THEN MIN((through_bucket + 1) * level) ELSE 0 END FROM telemetry_rollup_marks m WHERE m.run = r.id) AS rolledUntilS
     FROM runs r WHERE EXISTS (SELECT 1 FROM telemetry_frames f WHERE f.run = r.id AND f.wall_time_ms < ?)`,
  )
  const lastPrunable = db.prepare<[number, number, number, number], { seq: number | null }>(
    'SELECT MAX(seq) AS seq FROM (SELECT seq FROM telemetry_frames WHERE run = ? AND wall_time_ms < ? AND sim_time_s < ? ORDER BY seq LIMIT ?)',
  )
  const rollups = createRollupWriter(db)
  const deleteFrames = db.prepare('DELETE FROM telemetry_frames WHERE run = ? AND seq <= ?')
  const deleteCells = db.prepare('DELETE FROM telemetry_cells WHERE run = ? AND cell = ? AND seq <= ?')

  const pruneChunk = db.transaction(
    (run: { id: number; cells: number; rolledUntilS: number }, cutoffMs: number): number => {
      // Only time every rollup level already holds may lose its raw rows.
      const { seq } = lastPrunable.get(run.id, cutoffMs, run.rolledUntilS, chunk) ?? { seq: null }
      if (seq === null) return 0
      // One-frame buckets have no rollup rows while their raw rows exist (rollups.ts): written before these go.
      rollups.backfill(run, seq)
      for (let cell = 0; cell < run.cells; cell += 1) deleteCells.run(run.id, cell, seq)
      return deleteFrames.run(run.id, seq).changes
    },
  )

  /** Deletes expired raw rows; returns how many frames went. */
  function prune(): number {
    if (options.rawDays <= 0) return 0
    const cutoffMs = options.clock.now() - options.rawDays * DAY_MS
    let total = 0
    for (const run of candidates.all(cutoffMs)) {
      for (let removed = pruneChunk(run, cutoffMs); removed > 0; removed = pruneChunk(run, cutoffMs)) total += removed
    }
    if (total > 0) log.info(`retention: removed ${total} raw frames older than ${options.rawDays} days (rollups kept)`)
    return total
  }

  const timer =
    options.rawDays > 0
      ? options.clock.setInterval(() => {
          try {
            prune()
          } catch (error) {
            if (options.onError) options.onError(error)
            else log.error('retention: pruning failed', error)
          }
        }, options.everyMs ?? 3_600_000)
      : undefined

  return {
    prune,
    close(): void {
      if (timer) options.clock.clearInterval(timer)
    },
  }
}
