import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../logger.js'
import { createManualClock } from '../testing/manual-clock.js'
import { openDatabase } from './database.js'
import { createDatabaseModule } from './module.js'
import { createWriteBehind } from './write-behind.js'
import { createWriteHealth } from './write-health.js'

const counters = {
  module: 'counters',
  version: 1,
  up: (db: Database.Database) => db.exec('CREATE TABLE c (k TEXT PRIMARY KEY, v INTEGER)'),
}
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-write-behind-'))
  dirs.push(dir)
  return dir
}

/** A second connection to the same file holding SQLite's write lock: another process's lock, in effect. */
function lockHolder(path: string) {
  const other = new Database(path)
  other.exec('BEGIN EXCLUSIVE')
  return { release: () => (other.exec('ROLLBACK'), other.close()) }
}

describe('the bookkeeping queue', () => {
  it('coalesces by key, flushes on its interval, and keeps what a locked database refused', () => {
    const path = join(tempDir(), 'station.db')
    const db = openDatabase(path, [counters], { busyTimeoutMs: 0 })
    const clock = createManualClock()
    const writes = createWriteHealth(clock)
    const queue = createWriteBehind({ db, clock, log: silentLogger, writes, flushMs: 1000, maxPending: 3 })
    const set = db.prepare('INSERT INTO c (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v')
    const value = (k: string) => (db.prepare('SELECT v FROM c WHERE k = ?').get(k) as { v: number } | undefined)?.v
    queue.defer('a', () => set.run('a', 1))
    queue.defer('a', () => set.run('a', 2))
    expect(value('a')).toBeUndefined()
    clock.advance(1000)
    expect([value('a'), queue.stats()]).toEqual([2, { pending: 0, dropped: 0, written: 1 }])

    const lock = lockHolder(path)
    queue.defer('b', () => set.run('b', 1))
    clock.advance(1000)
    expect(queue.stats().pending).toBe(1)
    expect(writes.failing()).toMatch(/^writes failing since .*bookkeeping: the database is locked by another process/)
    // Bounded: beyond maxPending the oldest waiting write is dropped and counted.
    for (const k of ['c', 'd', 'e']) queue.defer(k, () => set.run(k, 1))
    expect(queue.stats()).toMatchObject({ pending: 3, dropped: 1 })
    // The retry backs off (2 s after the first refusal), then writes everything once the lock is gone.
    lock.release()
    clock.advance(1999)
    expect(queue.stats().pending).toBe(3)
    clock.advance(1)
    expect([value('b'), value('c'), value('e'), writes.failing()]).toEqual([undefined, 1, 1, undefined])
    queue.close()
    expect(clock.pending()).toBe(0)
    db.close()
  })

  it('drops a write that fails for another reason alone, and writes the rest', () => {
    const db = openDatabase(':memory:', [counters])
    const clock = createManualClock()
    const queue = createWriteBehind({
      db,
      clock,
      log: silentLogger,
      writes: createWriteHealth(clock),
      flushMs: 10,
      maxPending: 10,
    })
    queue.defer('bad', () => db.prepare('INSERT INTO missing VALUES (1)').run())
    queue.defer('good', () => db.prepare("INSERT INTO c VALUES ('g', 1)").run())
    expect(queue.flush()).toBe(true)
    expect(queue.stats()).toEqual({ pending: 0, dropped: 1, written: 2 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM c').get()).toEqual({ n: 1 })
  })
})

describe('the database module under another process lock', () => {
  it('reports itself degraded, refuses changes, keeps reads, and recovers by itself when the lock goes', () => {
    const dataDir = tempDir()
    const clock = createManualClock()
    const events: string[] = []
    const bus = {
      publish: (_topic: string, message: { event: { message?: string } }) =>
        void events.push(String(message.event.message)),
      subscribe: () => () => {},
    }
    const config = {
      backupIntervalHours: 0,
      backupsKept: 1,
      identityCheckSeconds: 5,
      busyTimeoutMs: 0,
      bookkeepingFlushMs: 1000,
      bookkeepingMaxPending: 100,
    }
    const database = createDatabaseModule({
      dataDir,
      migrations: [counters],
      config,
      clock,
      bus: bus as never,
      log: silentLogger,
    })
    expect(database.health()[0]).toMatchObject({ name: 'database', up: true, lastError: null })
    const lock = lockHolder(join(dataDir, 'station.db'))
    database.bookkeeping.defer('k', () => database.db.prepare("INSERT INTO c VALUES ('k', 1)").run())
    clock.advance(1000)
    const [health] = database.health()
    expect(health?.up).toBe(false)
    expect(health?.lastError).toMatch(/locked by another process.*; 1 bookkeeping writes waiting, 0 dropped$/)
    expect(database.refusingWrites()).toBeDefined()
    expect(database.db.prepare('SELECT COUNT(*) AS n FROM c').get()).toEqual({ n: 0 })
    lock.release()
    clock.advance(5000)
    expect(database.health()[0]).toMatchObject({ up: true, lastError: null })
    expect(database.db.prepare('SELECT v FROM c').get()).toEqual({ v: 1 })
    expect(database.stats()).toMatchObject({ pending: 0, writeFailures: 1, acceptingWrites: true })
    database.close()
    expect(events).toEqual([])
  })
})
