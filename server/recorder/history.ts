import {
  type HistoryChannel,
  type HistoryQuery,
  type HistoryResponse,
  type RunDetail,
  type RunSummary,
} from '../contract/telemetry.js'
import { AppError } from '../errors.js'
import type { Db } from '../store/database.js'
import { columnOf, ROLLUP_LEVELS, type ChannelColumn, type RollupLevel } from './channels.js'
import { createSeriesQueries } from './history-series.js'

type RunRow = {
  id: number
  run_id: string
  source: RunSummary['source']
  name: string
  seed: number
  controller: string
  cells: number
  config_json: string
  started_at_ms: number
  ended_at_ms: number | null
  end_state: string | null
  notes: string
  frames: number
  last_seq: number | null
  last_sim_time_s: number
}

const DEFAULT_CHANNELS: HistoryChannel[] = ['voltageV', 'powerW', 'stack.powerW']

const iso = (ms: number) => new Date(ms).toISOString()

function toSummary(row: RunRow): RunSummary {
  return {
    runId: row.run_id,
    source: row.source,
    name: row.name,
    seed: row.seed,
    controller: row.controller as RunSummary['controller'],
    cells: row.cells,
    startedAt: iso(row.started_at_ms),
    endedAt: row.ended_at_ms === null ? null : iso(row.ended_at_ms),
    endState: row.end_state,
    frames: row.frames,
    lastSeq: row.last_seq,
    simTimeS: row.last_sim_time_s,
    notes: row.notes,
  }
}

/**
 * Reads recorded runs and telemetry. History is downsampled in SQL to at most `points` buckets per
 * series: from the coarsest rollup level (60 s, 5 s) whose buckets fit in one point, so a day or a
 * month costs thousands of rows, not millions; from raw rows below 5 s; and from the 5 s rollups when
 * retention has removed the raw rows of a range.
 */
export function createHistoryReader(db: Db) {
  const runById = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE run_id = ?')
  // Newest recorded first by insertion order, not by wall time: a clock that jumped ahead must not put
  // the runs it stamped before every later one.
  const latestRun = db.prepare<[], RunRow>('SELECT * FROM runs ORDER BY id DESC LIMIT 1')
  const listRuns = db.prepare<[number, number], RunRow>('SELECT * FROM runs ORDER BY id DESC LIMIT ? OFFSET ?')
  const countRuns = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM runs')
  const setNotes = db.prepare('UPDATE runs SET notes = ? WHERE run_id = ?')
  const { rawSeries, rollupSeries, lonelyFrames } = createSeriesQueries(db)

  const findRun = (runId: string | undefined): RunRow => {
    const row = runId === undefined ? latestRun.get() : runById.get(runId)
    if (!row)
      throw new AppError('not_found', runId === undefined ? 'no run has been recorded yet' : `no recorded run ${runId}`)
    return row
  }

  return {
    listRuns(limit: number, offset: number): { runs: RunSummary[]; total: number } {
      return { runs: listRuns.all(limit, offset).map(toSummary), total: countRuns.get()!.n }
    },
    run(runId: string): RunDetail {
      const row = findRun(runId)
      return { ...toSummary(row), config: JSON.parse(row.config_json) as unknown }
    },
    setNotes(runId: string, notes: string): RunDetail {
      if (setNotes.run(notes, runId).changes === 0) throw new AppError('not_found', `no recorded run ${runId}`)
      return this.run(runId)
    },
    /** The internal key and cell count of a run (for export). */
    runKey(runId: string): { id: number; cells: number; summary: RunSummary } {
      const row = findRun(runId)
      return { id: row.id, cells: row.cells, summary: toSummary(row) }
    },
    history(query: HistoryQuery): HistoryResponse {
      const run = findRun(query.runId)
      const fromS = query.from ?? 0
      const toS = query.to ?? Math.max(run.last_sim_time_s, fromS + 1)
      const bucketS = (toS - fromS) / query.points
      const channels = query.channels ?? DEFAULT_CHANNELS
      const cells = (query.cells ?? Array.from({ length: run.cells }, (_v, i) => i)).filter((cell) => cell < run.cells)
      const cellColumns = channels.map(columnOf).filter((column) => !column.stack)
      const stackColumns = channels.map(columnOf).filter((column) => column.stack)
      const targets: Array<{ cell: number | null; columns: ChannelColumn[] }> = [
        ...cells.map((cell) => ({ cell, columns: cellColumns })),
        { cell: null, columns: stackColumns },
      ].filter((target) => target.columns.length > 0)

      const fromRollups = (level: RollupLevel, width: number): HistoryResponse => {
        // Once per query, not per series: which of the level's buckets are read from raw rows.
        const range = { fromS, toS, bucketS: width, lonely: lonelyFrames(run, level, fromS, toS) }
        return {
          ...{ runId: run.run_id, fromS, toS, bucketS: width, source: 'rollup' },
          series: targets.flatMap(({ cell, columns }) =>
            columns.map((column) => rollupSeries(run, level, column, cell, range)),
          ),
        }
      }
      // The coarsest level whose buckets fit in one point; below the finest level, the raw rows.
      const level = [...ROLLUP_LEVELS].reverse().find((candidate) => candidate <= bucketS)
      if (level !== undefined) return fromRollups(level, bucketS)
      const raw = targets.flatMap(({ cell, columns }) => rawSeries(run, columns, cell, fromS, toS, bucketS))
      if (raw.some((series) => series.t.length > 0) || run.frames === 0)
        return { runId: run.run_id, fromS, toS, bucketS, source: 'raw', series: raw }
      // Retention removed these raw rows: the finest rollups are the finest data left.
      return fromRollups(ROLLUP_LEVELS[0], ROLLUP_LEVELS[0])
    },
  }
}

export type HistoryReader = ReturnType<typeof createHistoryReader>
