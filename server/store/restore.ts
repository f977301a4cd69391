import { chmod, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { backupDatabase, backupsDir } from './backups.js'

/** A file that is not a usable station database backup: worded for the operator. */
export class RestoreError extends Error {
  override name = 'RestoreError'
}

/** Opens a backup read-only and proves it whole (integrity_check) and a station database (migrations table). */
function checkBackup(file: string): void {
  if (!existsSync(file)) throw new RestoreError(`${file}: no such file`)
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new RestoreError(`${file} is not a SQLite database: ${(error as Error).message}`)
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') throw new RestoreError(`${file} is damaged: ${String(integrity)}`)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    if (tables.get() === undefined) throw new RestoreError(`${file} is not a station database backup`)
  } catch (error) {
    if (error instanceof RestoreError) throw error
    throw new RestoreError(`${file} is not a SQLite database: ${(error as Error).message}`)
  } finally {
    db.close()
  }
}

/**
 * Replaces the data dir's database with a backup (the station must be stopped). The database being replaced
 * is first saved as `backups/replaced-<time>.db`, so a restore never loses anything either.
 */
export async function restoreDatabase(
  backupFile: string,
  dataDir: string,
  nowMs: number,
): Promise<{ restoredFrom: string; previousSavedAs?: string }> {
  checkBackup(backupFile)
  const target = join(dataDir, 'station.db')
  let previousSavedAs: string | undefined
  if (existsSync(target)) {
    const current = new Database(target, { fileMustExist: true })
    try {
      previousSavedAs = await backupDatabase(current, backupsDir(dataDir), 'replaced', nowMs)
    } finally {
      current.close()
    }
    for (const file of [target, `${target}-wal`, `${target}-shm`]) await rm(file, { force: true })
  }
  const source = new Database(backupFile, { readonly: true, fileMustExist: true })
  try {
    await source.backup(target)
  } finally {
    source.close()
  }
  await chmod(target, 0o600)
  return { restoredFrom: backupFile, ...(previousSavedAs ? { previousSavedAs } : {}) }
}
