import type { Statement } from 'better-sqlite3'
import {
  channelUnits,
  type HistoryChannel,
  type HistoryQuery,
  type HistoryResponse,
  type HistorySeries,
  type RunDetail,
  type RunSummary,
} from '../contract/telemetry.js'
import { AppError } from '../errors.js'
import type { Db } from '../store/database.js'
import { aggregateSql, columnOf, ROLLUP_LEVELS, type ChannelColumn, type RollupLevel } from './channels.js'

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

/** The range is inclusive at both ends: samples at exactly `to` join the last bucket, keeping at most `points` buckets. */
const lastBucket = (fromS: number, toS: number, bucketS: number) => Math.max(Math.ceil((toS - fromS) / bucketS) - 1, 0)

const emptySeries = (cell: number | null, channel: HistoryChannel): HistorySeries => ({
  cell,
  channel,
  unit: channelUnits[channel],
  t: [],
  min: [],
  mean: [],
  max: [],
  n: [],
})

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
  const seqRange = db.prepare<[number, number, number], { s0: number | null; s1: number | null }>(
    'SELECT MIN(seq) AS s0, MAX(seq) AS s1 FROM telemetry_frames WHERE run = ? AND sim_time_s >= ? AND sim_time_s <= ?',
  )
  const statements = new Map<string, Statement<unknown[]>>()
  /** Prepared once per distinct query shape (columns and source), not per request. */
  const prepared = (sql: string) => {
    let statement = statements.get(sql)
    if (!statement) statements.set(sql, (statement = db.prepare<unknown[]>(sql).raw()))
    return statement
  }

  const findRun = (runId: string | undefined): RunRow => {
    const row = runId === undefined ? latestRun.get() : runById.get(runId)
    if (!row)
      throw new AppError('not_found', runId === undefined ? 'no run has been recorded yet' : `no recorded run ${runId}`)
    return row
  }

  /** Raw buckets: one GROUP BY over the seq range of the time range (index range scans). */
  const rawSeries = (
    run: RunRow,
    columns: ChannelColumn[],
    cell: number | null,
    fromS: number,
    toS: number,
    bucketS: number,
  ): HistorySeries[] => {
    const range = seqRange.get(run.id, fromS, toS)
    if (!range || range.s0 === null || range.s1 === null || columns.length === 0)
      return columns.map(({ channel }) => emptySeries(cell, channel))
    const table = cell === null ? 'telemetry_frames WHERE run = ?' : 'telemetry_cells WHERE run = ? AND cell = ?'
    const sql = `SELECT MIN(CAST((sim_time_s - ?) / ? AS INTEGER), ?) AS b, AVG(sim_time_s), COUNT(*), ${aggregateSql(columns)} FROM ${table} AND seq BETWEEN ? AND ? GROUP BY b ORDER BY b`
    const rows = prepared(sql).all(
      fromS,
      bucketS,
      lastBucket(fromS, toS, bucketS),
      run.id,
      ...(cell === null ? [] : [cell]),
      range.s0,
      range.s1,
    ) as number[][]
    return columns.map(({ channel }, i) => {
      const series = emptySeries(cell, channel)
      for (const row of rows) {
        // A bucket where the source had no value for this channel (absent, not zero) is no point.
        if (row[3 + i * 3] === null) continue
        series.t.push(row[1]!)
        series.n.push(row[2]!)
        series.min.push(row[3 + i * 3]!)
        series.mean.push(row[4 + i * 3]!)
        series.max.push(row[5 + i * 3]!)
      }
      return series
    })
  }

  /** Rollup buckets of one level merged into wider ones: min of mins, max of maxes, sample-weighted mean. */
  const rollupSeries = (
    run: RunRow,
    level: RollupLevel,
    channel: HistoryChannel,
    cell: number | null,
    fromS: number,
    toS: number,
    bucketS: number,
  ): HistorySeries => {
    const sql = `SELECT MIN(CAST((bucket * ${level} - ?) / ? AS INTEGER), ?) AS b, AVG(bucket * ${level} + ${level / 2}), SUM(n), MIN(min), SUM(mean * n) / SUM(n), MAX(max)
      FROM telemetry_rollups WHERE run = ? AND level = ${level} AND channel = ? AND cell = ? AND bucket BETWEEN ? AND ? GROUP BY b ORDER BY b`
    const rows = prepared(sql).all(
      fromS,
      bucketS,
      lastBucket(fromS, toS, bucketS),
      run.id,
      channel,
      cell ?? -1,
      Math.floor(fromS / level),
      Math.floor(toS / level),
    ) as number[][]
    const series = emptySeries(cell, channel)
    for (const [, t, n, min, mean, max] of rows) {
      if (min === null) continue
      series.t.push(t!)
      series.n.push(n!)
      series.min.push(min!)
      series.mean.push(mean!)
      series.max.push(max!)
    }
    return series
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

      const fromRollups = (level: RollupLevel, width: number): HistoryResponse => ({
        runId: run.run_id,
        fromS,
        toS,
        bucketS: width,
        source: 'rollup',
        series: targets.flatMap(({ cell, columns }) =>
          columns.map(({ channel }) => rollupSeries(run, level, channel, cell, fromS, toS, width)),
        ),
      })
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
