import Database from 'better-sqlite3'
import { runMigrations, type Migration } from './migrations.js'

export type Db = Database.Database

/**
 * Opens (creating) the station database in WAL mode and brings every module's schema up to date.
 * WAL lets readers (API queries) run while the writer (telemetry batches, audit) commits;
 * synchronous=NORMAL is durable across process crashes in WAL mode, which is what the design asks.
 */
export function openDatabase(path: string, migrations: readonly Migration[]): Db {
  const db = new Database(path)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    runMigrations(db, migrations)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
