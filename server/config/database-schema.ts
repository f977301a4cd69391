import { z } from 'zod'

/** The station database's safety net (config key `database`, docs/operations.md "Database"). */
export const databaseConfigSchema = z
  .object({
    /** Hours between online backups into `<dataDir>/backups`; 0 turns scheduled backups off. */
    backupIntervalHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .default(6),
    /** Scheduled backups kept; the oldest beyond this are deleted. */
    backupsKept: z.number().int().min(1).max(1000).default(4),
    /** How often the station checks that its database file is still the one it opened. */
    identityCheckSeconds: z.number().min(1).max(3600).default(5),
    /**
     * How long a write waits for another process's lock before it fails. Short on purpose: the wait blocks
     * the event loop, and a failed bookkeeping write is dropped or retried rather than making a request wait.
     */
    busyTimeoutMs: z.number().int().min(0).max(5000).default(100),
    /** Bookkeeping writes (last use of a token, last request of a session, lockout counters) are batched this often. */
    bookkeepingFlushMs: z.number().int().min(50).max(60_000).default(1000),
    /** Bookkeeping writes waiting while the database refuses them; beyond this the oldest are dropped and counted. */
    bookkeepingMaxPending: z.number().int().min(10).max(1_000_000).default(10_000),
  })
  .strict()

export type DatabaseConfig = z.infer<typeof databaseConfigSchema>
