import type { Db } from '../store/database.js'
import type { Migration } from '../store/migrations.js'

/**
 * Pushed samples at full resolution with the time the device gave them (docs/instruments.md "HTTP push").
 * The key (device, channel, time) makes ingest idempotent: a batch sent twice is stored once. No index on
 * time alone: it would double the cost of every insert, for an hourly retention pass that can scan.
 */
export const instrumentMigrations: Migration[] = [
  {
    module: 'instruments',
    version: 1,
    up: (db) =>
      db.exec(`
        CREATE TABLE instrument_samples (
          device TEXT NOT NULL,
          channel TEXT NOT NULL,
          t_ms REAL NOT NULL,
          value REAL NOT NULL,
          PRIMARY KEY (device, channel, t_ms)
        ) WITHOUT ROWID;
      `),
  },
]

export type StoredSample = { channel: string; t: number; value: number }

/** Rows per INSERT statement: a statement per row costs more than the rows themselves (docs/benchmarks.md). */
const ROWS_PER_INSERT = 250

/** Writes and prunes pushed samples; every batch is one transaction, so an answered request is stored. */
export function createSampleStore(db: Db) {
  const insertSql = (rows: number) =>
    `INSERT OR IGNORE INTO instrument_samples (device, channel, t_ms, value) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?)').join(', ')}`
  const insertMany = db.prepare(insertSql(ROWS_PER_INSERT))
  const insertOne = db.prepare(insertSql(1))
  const prune = db.prepare('DELETE FROM instrument_samples WHERE t_ms < ?')
  const range = db.prepare<[string, number, number, number], StoredSample>(
    'SELECT channel, t_ms AS t, value FROM instrument_samples WHERE device = ? AND t_ms >= ? AND t_ms <= ? ORDER BY t_ms LIMIT ?',
  )
  const write = db.transaction((device: string, samples: readonly StoredSample[]) => {
    let stored = 0
    let at = 0
    for (; at + ROWS_PER_INSERT <= samples.length; at += ROWS_PER_INSERT) {
      const values: unknown[] = []
      for (const sample of samples.slice(at, at + ROWS_PER_INSERT))
        values.push(device, sample.channel, sample.t, sample.value)
      stored += insertMany.run(values).changes
    }
    for (const sample of samples.slice(at))
      stored += insertOne.run(device, sample.channel, sample.t, sample.value).changes
    return stored
  })
  return {
    /** Stores a batch; returns how many samples were new (the rest were already stored). */
    write: (device: string, samples: readonly StoredSample[]): number => write(device, samples),
    samples: (device: string, fromMs: number, toMs: number, limit: number): StoredSample[] =>
      range.all(device, fromMs, toMs, limit),
    /** Removes samples older than `beforeMs`; returns how many. */
    prune: (beforeMs: number): number => prune.run(beforeMs).changes,
  }
}
export type SampleStore = ReturnType<typeof createSampleStore>
