import type { Clock, TimerHandle } from '../clock.js'
import type { Logger } from '../logger.js'
import type { Db } from './database.js'
import { storageRefusal } from './storage-errors.js'
import type { WriteReports } from './write-health.js'

/**
 * Where stores put writes that are bookkeeping, not the request's purpose (a token's last use, a
 * session's last request, lockout counters): they run later, off the request path, so a full disk or a
 * locked database never fails the request or the process (docs/operations.md "Database").
 */
export type Bookkeeping = {
  /** Runs `write` at the next flush; a later write with the same key replaces one still waiting. */
  defer(key: string, write: () => void): void
}

/** Runs every write at once: for tools and tests that have no station around their database. */
export const immediateBookkeeping: Bookkeeping = { defer: (_key, write) => write() }

export type WriteBehindStats = { pending: number; dropped: number; written: number }

export type WriteBehind = Bookkeeping & {
  stats(): WriteBehindStats
  /** Writes what is waiting now; false when the database refused (it stays queued). */
  flush(): boolean
  /** A last flush, then no more timers. */
  close(): void
}

const MAX_BACKOFF_MS = 30_000

/**
 * The bookkeeping queue: coalesced by key, bounded (the oldest are dropped and counted when the database
 * refuses writes for long), flushed in one transaction every `flushMs`. A refused flush stays queued and
 * is retried with a doubling delay, so a locked database costs one busy-timeout wait per retry, not one
 * per request; a write that fails for any other reason is dropped alone and logged.
 */
export function createWriteBehind(deps: {
  db: Db
  clock: Clock
  log: Logger
  writes: WriteReports
  flushMs: number
  maxPending: number
}): WriteBehind {
  const { db, clock, log } = deps
  const pending = new Map<string, () => void>()
  const counts = { dropped: 0, written: 0 }
  let timer: TimerHandle | undefined
  let delayMs = deps.flushMs
  let closed = false

  const schedule = () => {
    if (closed || timer !== undefined || pending.size === 0) return
    timer = clock.setTimeout(() => {
      timer = undefined
      flush()
      schedule()
    }, delayMs)
  }
  const runAll = db.transaction((batch: Array<[string, () => void]>) => {
    for (const [key, write] of batch) {
      try {
        db.transaction(write)()
      } catch (error) {
        if (storageRefusal(error)) throw error
        counts.dropped += 1
        log.error(`bookkeeping write ${key} failed and was dropped: ${(error as Error).message}`)
      }
    }
  })
  const flush = (): boolean => {
    if (pending.size === 0) return true
    const batch = [...pending]
    try {
      runAll(batch)
    } catch (error) {
      deps.writes.failed('bookkeeping', error)
      delayMs = Math.min(MAX_BACKOFF_MS, delayMs * 2)
      return false
    }
    for (const [key, write] of batch) if (pending.get(key) === write) pending.delete(key)
    counts.written += batch.length
    delayMs = deps.flushMs
    deps.writes.succeeded()
    return true
  }

  return {
    defer(key, write) {
      pending.delete(key)
      if (pending.size >= deps.maxPending) {
        pending.delete(pending.keys().next().value!)
        counts.dropped += 1
      }
      pending.set(key, write)
      schedule()
    },
    stats: () => ({ pending: pending.size, ...counts }),
    flush,
    close() {
      closed = true
      if (timer !== undefined) clock.clearTimeout(timer)
      timer = undefined
      if (!flush() && pending.size > 0) log.warn(`${pending.size} bookkeeping writes were not saved at shutdown`)
    },
  }
}
