import { join } from 'node:path'
import type { Clock } from '../clock.js'
import type { DatabaseConfig } from '../config/database-schema.js'
import type { ComponentHealth } from '../contract/health.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import type { StationModule } from '../module.js'
import { backupDatabase, backupsDir, pruneScheduledBackups } from './backups.js'
import { createLossWatch } from './loss-watch.js'
import { openDatabase, type Db } from './database.js'
import type { Migration } from './migrations.js'
import { createWriteBehind, type Bookkeeping, type WriteBehindStats } from './write-behind.js'
import { createWriteHealth, type WriteReports } from './write-health.js'

/** What Prometheus reads about the database: refused writes and the bookkeeping queue. */
export type DatabaseStats = WriteBehindStats & { writeFailures: number; acceptingWrites: boolean }

export type DatabaseModule = Omit<StationModule, 'health' | 'close'> & {
  health(): ComponentHealth[]
  close(): void
  db: Db
  /** Deferred bookkeeping writes (token and session last use, lockout counters). */
  bookkeeping: Bookkeeping
  /** Every writer reports refused writes here; the database is degraded until one succeeds again. */
  writes: WriteReports
  /** Why state-changing requests must be refused now (their audit entry could not be written), or undefined. */
  refusingWrites(): string | undefined
  stats(): DatabaseStats
}

/** The database module's own table: the one-row write probe that tells when a failing disk works again. */
export const storeMigrations: Migration[] = [
  {
    module: 'store',
    version: 1,
    up: (db) => db.exec('CREATE TABLE write_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at_ms INTEGER NOT NULL)'),
  },
]

type DatabaseModuleDeps = {
  dataDir: string
  migrations: readonly Migration[]
  config: DatabaseConfig
  clock: Clock
  bus: EventBus
  log: Logger
}

/**
 * The station database (docs/operations.md "Database"): opened with every module's migrations, backed up
 * online on a schedule, and watched. Refused writes (a full disk, another process's lock) degrade it in
 * health until a write succeeds again; bookkeeping writes wait in a queue meanwhile. A database file
 * deleted or replaced under the running station stops all writes (see createLossWatch).
 */
export function createDatabaseModule(deps: DatabaseModuleDeps): DatabaseModule {
  const path = join(deps.dataDir, 'station.db')
  const dir = backupsDir(deps.dataDir)
  const db = openDatabase(path, [...storeMigrations, ...deps.migrations], { busyTimeoutMs: deps.config.busyTimeoutMs })
  const startedAt = deps.clock.now()
  const writes = createWriteHealth(deps.clock)
  const bookkeeping = createWriteBehind({
    ...{ db, clock: deps.clock, log: deps.log, writes },
    ...{ flushMs: deps.config.bookkeepingFlushMs, maxPending: deps.config.bookkeepingMaxPending },
  })
  const probe = db.prepare(
    'INSERT INTO write_probe (id, at_ms) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET at_ms = excluded.at_ms',
  )
  const loss = createLossWatch({ db, path, backupsDir: dir, clock: deps.clock, bus: deps.bus, log: deps.log })
  /** While writes fail, one tiny write per check finds out when the disk or the lock is back. */
  const probeWrites = () => {
    if (writes.failing() === undefined || !bookkeeping.flush()) return
    try {
      probe.run(deps.clock.now())
      writes.succeeded()
    } catch (error) {
      writes.failed('write probe', error)
    }
  }
  const watch = deps.clock.setInterval(() => loss.check() && probeWrites(), deps.config.identityCheckSeconds * 1000)
  const scheduled = async () => {
    if (loss.lost() !== undefined) return
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
  const refusingWrites = () => loss.lost() ?? writes.failing()
  const queueNote = () => {
    const { pending, dropped } = bookkeeping.stats()
    return `; ${pending} bookkeeping writes waiting, ${dropped} dropped`
  }

  return {
    name: 'database',
    db,
    bookkeeping,
    writes,
    refusingWrites,
    stats: () => ({ ...bookkeeping.stats(), writeFailures: writes.failures(), acceptingWrites: !refusingWrites() }),
    health: (): ComponentHealth[] => {
      const problem = refusingWrites()
      return [
        {
          name: 'database',
          state: 'up',
          up: problem === undefined,
          uptimeSeconds: Math.round((deps.clock.now() - startedAt) / 1000),
          restarts: 0,
          lastError: problem === undefined ? null : `${problem}${loss.lost() === undefined ? queueNote() : ''}`,
        },
      ]
    },
    close() {
      deps.clock.clearInterval(watch)
      if (backups) deps.clock.clearInterval(backups)
      bookkeeping.close()
      db.close()
    },
  }
}
