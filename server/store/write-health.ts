import type { Clock } from '../clock.js'
import { storageRefusal } from './storage-errors.js'

/**
 * The narrow port through which any writer tells the database module how its writes went
 * (docs/operations.md "Database"): a refused write degrades the database in health until a later write
 * succeeds.
 */
export type WriteReports = {
  failed(source: string, error: unknown): void
  succeeded(): void
}

export type WriteHealth = WriteReports & {
  /** Why writes are failing, or undefined while they succeed. */
  failing(): string | undefined
  /** Writes refused since the station started. */
  failures(): number
}

const describe = (error: unknown) => storageRefusal(error)?.message ?? (error as Error)?.message ?? String(error)

/** Tracks whether the database accepts writes, from the reports of everyone who writes. */
export function createWriteHealth(clock: Pick<Clock, 'now'>): WriteHealth {
  let since: number | undefined
  let last = ''
  let failures = 0
  return {
    failed(source, error) {
      failures += 1
      since ??= clock.now()
      last = `${source}: ${describe(error).replace(/; see the station's health$/, '')}`
    },
    succeeded() {
      since = undefined
    },
    failing: () =>
      since === undefined ? undefined : `writes failing since ${new Date(since).toISOString()} (last: ${last})`,
    failures: () => failures,
  }
}
