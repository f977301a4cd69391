import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Db } from './database.js'

/** Where backups of the station database go: `<dataDir>/backups` (docs/operations.md "Database"). */
export const backupsDir = (dataDir: string) => join(dataDir, 'backups')

export type BackupFile = { file: string; bytes: number; modifiedMs: number }

const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z')

/**
 * An online backup (SQLite's backup API, page by page between event-loop turns) of the live database,
 * consistent even while the recorder writes: `<dir>/<kind>-<UTC time>.db`, private to the station's user.
 */
export async function backupDatabase(db: Db, dir: string, kind: string, nowMs: number): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const file = join(dir, `${kind}-${stamp(nowMs)}.db`)
  await db.backup(file)
  return file
}

/** The backups in `dir`, newest first. */
export async function listBackups(dir: string): Promise<BackupFile[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  const files = await Promise.all(
    names
      .filter((name) => name.endsWith('.db'))
      .map(async (name) => {
        const info = await stat(join(dir, name))
        return { file: join(dir, name), bytes: info.size, modifiedMs: info.mtimeMs }
      }),
  )
  return files.sort((a, b) => b.modifiedMs - a.modifiedMs)
}

/** Deletes the scheduled backups beyond the newest `keep` (recovery and manual backups are never pruned). */
export async function pruneScheduledBackups(dir: string, keep: number): Promise<void> {
  const scheduled = (await listBackups(dir)).filter((backup) => backup.file.includes(`${join(dir, 'scheduled-')}`))
  for (const old of scheduled.slice(keep)) await rm(old.file, { force: true })
}
