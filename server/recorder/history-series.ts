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

  /** Rollup buckets of one level merged into wider ones: min of mins, max of maxes, sample-weighted mean. */
  const rollupSeries = (
    run: SeriesRun,
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

  return { rawSeries, rollupSeries }
}
