import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { Clock } from '../clock.js'
import type { DatabaseConfig } from '../config/database-schema.js'
import type { ComponentHealth } from '../contract/health.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import type { StationModule } from '../module.js'
import { backupDatabase, backupsDir, pruneScheduledBackups } from './backups.js'
import { openDatabase, type Db } from './database.js'
import type { Migration } from './migrations.js'

export type DatabaseModule = StationModule & { db: Db }

type Identity = { dev: number; ino: number }
const identityOf = (path: string): Identity | undefined => {
  try {
    const { dev, ino } = statSync(path)
    return { dev, ino }
  } catch {
    return undefined
  }
}

/**
 * The station database (docs/operations.md "Database and backups"): opened with every module's migrations, backed up
 * online on a schedule, and watched. If its file is deleted or replaced under the running station, writes
 * would go to an inode nobody will ever open again: the station stops writing (SQLite's query_only), saves
 * what the live connection still holds as a recovery backup, raises an alarm and reports itself degraded.
 */
export function createDatabaseModule(deps: {
  dataDir: string
  migrations: readonly Migration[]
  config: DatabaseConfig
  clock: Clock
  bus: EventBus
  log: Logger
}): DatabaseModule {
  const path = join(deps.dataDir, 'station.db')
  const dir = backupsDir(deps.dataDir)
  const db = openDatabase(path, deps.migrations, { busyTimeoutMs: deps.config.busyTimeoutMs })
  const opened = identityOf(path)
  const startedAt = deps.clock.now()
  let lost: string | undefined

  const announce = (message: string) => {
    deps.log.error(message)
    const event = { kind: 'service' as const, service: 'database', status: 'failing' as const, message }
    deps.bus.publish('event', { type: 'event', wallTimeMs: deps.clock.now(), event })
  }
  const onLost = async (what: string) => {
    db.pragma('query_only = ON')
    lost = `${path} was ${what} while the station ran; writes are stopped`
    try {
      const saved = await backupDatabase(db, dir, 'recovered', deps.clock.now())
      lost += `; its last state is saved in ${saved}: stop the station and run mfc-station restore ${saved}`
    } catch (error) {
      lost += `; saving its last state failed: ${(error as Error).message}`
    }
    announce(lost)
  }
  const check = () => {
    if (lost !== undefined) return
    const now = identityOf(path)
    if (!now) void onLost('deleted')
    else if (opened && (now.dev !== opened.dev || now.ino !== opened.ino)) void onLost('replaced')
  }
  const watch = deps.clock.setInterval(check, deps.config.identityCheckSeconds * 1000)
  const scheduled = async () => {
    if (lost !== undefined) return
    try {
      const file = await backupDatabase(db, dir, 'scheduled', deps.clock.now())
      await pruneScheduledBackups(dir, deps.config.backupsKept)
      deps.log.info(`database backed up to ${file}`)
    } catch (error) {
      deps.log.error(`scheduled database backup failed: ${(error as Error).message}`)
    }
  }
  const hours = deps.config.backupIntervalHours
  const backups = hours > 0 ? deps.clock.setInterval(() => void scheduled(), hours * 3_600_000) : undefined

  return {
    name: 'database',
    db,
    health: (): ComponentHealth[] => [
      {
        name: 'database',
        state: 'up',
        up: lost === undefined,
        uptimeSeconds: Math.round((deps.clock.now() - startedAt) / 1000),
        restarts: 0,
        lastError: lost ?? null,
      },
    ],
    close() {
      deps.clock.clearInterval(watch)
      if (backups) deps.clock.clearInterval(backups)
      db.close()
    },
  }
}
