import type { Statement } from 'better-sqlite3'
import { channelUnits, type HistoryChannel, type HistorySeries } from '../contract/telemetry.js'
import type { Db } from '../store/database.js'
import { aggregateSql, type ChannelColumn, type RollupLevel } from './channels.js'

/** The recorded run a series is read from (its row key). */
export type SeriesRun = { id: number }

/** The range is inclusive at both ends: samples at exactly `to` join the last bucket, keeping at most `points` buckets. */
const lastBucket = (fromS: number, toS: number, bucketS: number) => Math.max(Math.ceil((toS - fromS) / bucketS) - 1, 0)

export const emptySeries = (cell: number | null, channel: HistoryChannel): HistorySeries => ({
  cell,
  channel,
  unit: channelUnits[channel],
  t: [],
  min: [],
  mean: [],
  max: [],
  n: [],
})

/** The seqs of the frames alone in their bucket of a level (parameters: run, from, to in simulated seconds). */
const lonelySql = (level: RollupLevel) =>
  `SELECT json_group_array(seq) FROM (SELECT MIN(seq) AS seq FROM telemetry_frames WHERE run = ? AND sim_time_s >= ? AND sim_time_s < ? GROUP BY CAST(sim_time_s / ${level} AS INTEGER) HAVING COUNT(*) = 1)`

/** A level's rollup rows and its one-frame buckets' raw rows, merged into buckets of `@width` seconds. */
function rollupSeriesSql(level: RollupLevel, column: string, stack: boolean): string {
  const source = stack ? 'telemetry_frames WHERE run = @run' : 'telemetry_cells WHERE run = @run AND cell = @cell'
  const rowOf = (bucket: string) =>
    `FROM telemetry_rollups WHERE run = @run AND level = ${level} AND channel = @channel AND cell = @rollupCell AND bucket ${bucket}`
  return `SELECT MIN(CAST((start - @from) / @width AS INTEGER), @last) AS b, AVG(start + ${level / 2}), SUM(n), MIN(lo), SUM(mean * n) / SUM(n), MAX(hi) FROM (
        SELECT bucket * ${level} AS start, n, min AS lo, mean, max AS hi ${rowOf('BETWEEN @b0 AND @b1')}
        UNION ALL
        SELECT CAST(sim_time_s / ${level} AS INTEGER) * ${level}, 1, ${column}, ${column}, ${column} FROM ${source}
          AND seq IN (SELECT value FROM json_each(@lonely)) AND ${column} IS NOT NULL
          AND NOT EXISTS (SELECT 1 ${rowOf(`= CAST(sim_time_s / ${level} AS INTEGER)`)})
      ) GROUP BY b ORDER BY b`
}

/**
 * The two ways a history series is read: raw rows grouped into buckets over a seq range, or rollup buckets
 * of one level merged into wider ones. Statements are prepared once per distinct query shape.
 */
export function createSeriesQueries(db: Db) {
  const seqRange = db.prepare<[number, number, number], { s0: number | null; s1: number | null }>(
    'SELECT MIN(seq) AS s0, MAX(seq) AS s1 FROM telemetry_frames WHERE run = ? AND sim_time_s >= ? AND sim_time_s <= ?',
  )
  const statements = new Map<string, Statement<unknown[]>>()
  const prepared = (sql: string) => {
    let statement = statements.get(sql)
    if (!statement) statements.set(sql, (statement = db.prepare<unknown[]>(sql).raw()))
    return statement
  }

  /** Raw buckets: one GROUP BY over the seq range of the time range (index range scans). */
  const rawSeries = (
    run: SeriesRun,
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

  /**
   * The raw frames alone in their bucket of a level, as a JSON array of seqs: the writer leaves those buckets
   * without rollup rows while the raw rows exist (rollups.ts), so the level's series read them from the raw rows.
   */
  const lonelyFrames = (run: SeriesRun, level: RollupLevel, fromS: number, toS: number): string => {
    const range = [Math.floor(fromS / level) * level, (Math.floor(toS / level) + 1) * level]
    return (prepared(lonelySql(level)).get(run.id, ...range) as [string])[0]
  }

  /**
   * Rollup buckets of one level merged into wider ones (min of mins, max of maxes, sample-weighted mean), with
   * the level's one-frame buckets taken from the raw rows where they have no rollup row (`lonely`). A bucket
   * that has a row is never read twice: a frame counts only where its bucket has none.
   */
  const rollupSeries = (
    run: SeriesRun,
    level: RollupLevel,
    { channel, column }: ChannelColumn,
    cell: number | null,
    range: { fromS: number; toS: number; bucketS: number; lonely: string },
  ): HistorySeries => {
    const { fromS, toS, bucketS, lonely } = range
    const sql = rollupSeriesSql(level, column, cell === null)
    const rows = prepared(sql).all({
      ...{ run: run.id, channel, rollupCell: cell ?? -1, lonely, from: fromS, width: bucketS },
      ...{ last: lastBucket(fromS, toS, bucketS), b0: Math.floor(fromS / level), b1: Math.floor(toS / level) },
      ...(cell === null ? {} : { cell }),
    }) as number[][]
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

  return { rawSeries, rollupSeries, lonelyFrames }
}
