import { statSync } from 'node:fs'
import type { Clock } from '../clock.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import { backupDatabase } from './backups.js'
import type { Db } from './database.js'

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
 * Notices the database file being deleted or replaced under the running station (docs/operations.md
 * "Database"): writes would go to an inode nobody will ever open again, so the station stops writing
 * (SQLite's query_only), saves what the live connection still holds as a recovery backup into
 * `backupsDir`, and raises an alarm on the bus.
 */
export function createLossWatch(deps: {
  db: Db
  path: string
  backupsDir: string
  clock: Pick<Clock, 'now'>
  bus: EventBus
  log: Logger
}) {
  const { db, path, clock } = deps
  const opened = identityOf(path)
  let lost: string | undefined

  const onLost = async (what: string) => {
    db.pragma('query_only = ON')
    lost = `${path} was ${what} while the station ran; writes are stopped`
    try {
      const saved = await backupDatabase(db, deps.backupsDir, 'recovered', clock.now())
      lost += `; its last state is saved in ${saved}: stop the station and run mfc-station restore ${saved}`
    } catch (error) {
      lost += `; saving its last state failed: ${(error as Error).message}`
    }
    deps.log.error(lost)
    const event = { kind: 'service' as const, service: 'database', status: 'failing' as const, message: lost }
    deps.bus.publish('event', { type: 'event', wallTimeMs: clock.now(), event })
  }
  return {
    /** Why the database is lost, once it is. */
    lost: () => lost,
    /** One identity check; true while the file is still the one the station opened. */
    check(): boolean {
      if (lost !== undefined) return false
      const now = identityOf(path)
      if (!now) void onLost('deleted')
      else if (opened && (now.dev !== opened.dev || now.ino !== opened.ino)) void onLost('replaced')
      else return true
      return false
    },
  }
}
