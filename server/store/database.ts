import { chmodSync, closeSync, existsSync, openSync } from 'node:fs'
import Database from 'better-sqlite3'
import { runMigrations, type Migration } from './migrations.js'

export type Db = Database.Database

/**
 * The database holds password hashes, token HMACs and the audit log: only the station's user may read it.
 * SQLite creates the -wal and -shm files with the database file's mode, so creating that file 0600 first
 * covers all three; files left looser by an older version are tightened.
 */
function restrictToOwner(path: string): void {
  if (path === ':memory:' || path === '') return
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600))
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600)
}

/**
 * Opens (creating) the station database in WAL mode and brings every module's schema up to date.
 * WAL lets readers (API queries) run while the writer (telemetry batches, audit) commits;
 * synchronous=NORMAL is durable across process crashes in WAL mode, which is what the design asks.
 */
export function openDatabase(
  path: string,
  migrations: readonly Migration[],
  options: { busyTimeoutMs?: number } = {},
): Db {
  restrictToOwner(path)
  const db = new Database(path)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    // The wait blocks the event loop: short by default (config database.busyTimeoutMs).
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 100}`)
    runMigrations(db, migrations)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
