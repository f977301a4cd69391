import type { Lockout, LockoutKind } from '../contract/security.js'
import type { IpMatcher } from '../config/cidr.js'
import { iso, type StoreContext } from './store-context.js'

export type { LockoutKind }

export type LockoutPolicy = {
  /** Failures before the first lock, per account and per client IP. */
  accountMaxFailures: number
  ipMaxFailures: number
  /** First lock length; each further failure doubles it, up to maxLockMs. */
  baseLockMs: number
  maxLockMs: number
  /** Failures older than this are forgotten. */
  windowMs: number
}

type Row = { kind: LockoutKind; key: string; failures: number; locked_until: number | null; last_failure_at: number }

export type LockoutService = ReturnType<typeof createLockout>

/** Counters kept in memory besides the database; beyond this the oldest are read back from the database. */
const CACHED_COUNTERS = 10_000

/**
 * Brute-force lockout with exponential backoff, per account and per client IP, persisted so a restart
 * does not reset an attack. The counters in memory decide; their database rows are bookkeeping written
 * behind (a full disk must not turn a wrong password into a 500). Failures from never-banned addresses
 * (loopback by default) count on the account's own `local-account` counter and never lock an address: a
 * local process guessing passwords is locked out per account, and a remote attacker's failures can never
 * lock out the owner at the machine.
 */
export function createLockout(
  { db, bookkeeping, clock }: Pick<StoreContext, 'db' | 'bookkeeping' | 'clock'>,
  policy: LockoutPolicy,
  neverBan: IpMatcher,
) {
  const get = db.prepare<[LockoutKind, string], Row>('SELECT * FROM lockouts WHERE kind = ? AND key = ?')
  const upsert = db.prepare(
    'INSERT INTO lockouts (kind, key, failures, locked_until, last_failure_at) VALUES (@kind, @key, @failures, @locked_until, @last_failure_at) ON CONFLICT(kind, key) DO UPDATE SET failures = @failures, locked_until = @locked_until, last_failure_at = @last_failure_at',
  )
  const remove = db.prepare('DELETE FROM lockouts WHERE kind = ? AND key = ?')
  // A cleared counter stays in the cache as zero failures until its deletion is written.
  const counters = new Map<string, Row>()
  const max = (kind: LockoutKind) => (kind === 'ip' ? policy.ipMaxFailures : policy.accountMaxFailures)
  const keyOf = (kind: LockoutKind, value: string) => (kind === 'ip' ? value : value.toLowerCase())
  const slot = (kind: LockoutKind, key: string) => `${kind}\n${key}`

  const read = (kind: LockoutKind, key: string): Row | undefined => counters.get(slot(kind, key)) ?? get.get(kind, key)
  const keep = (row: Row) => {
    const name = slot(row.kind, row.key)
    counters.delete(name)
    if (counters.size >= CACHED_COUNTERS) counters.delete(counters.keys().next().value!)
    counters.set(name, row)
    const write = row.failures > 0 ? () => upsert.run(row) : () => remove.run(row.kind, row.key)
    bookkeeping.defer(`lockout:${name}`, write)
  }
  /** Milliseconds until (kind, key) may try again; 0 when not locked. Never more than the longest lock: a clock set back must not lengthen one. */
  const remaining = (kind: LockoutKind, value: string) =>
    Math.min(policy.maxLockMs, Math.max(0, (read(kind, keyOf(kind, value))?.locked_until ?? 0) - clock.now()))
  /** The counters a failure from `ip` moves. */
  const countersFor = (username: string, ip: string): Array<[LockoutKind, string]> =>
    neverBan(ip)
      ? [['local-account', username]]
      : [
          ['account', username],
          ['ip', ip],
        ]

  const countFailure = (kind: LockoutKind, value: string, now: number): number => {
    const key = keyOf(kind, value)
    const previous = read(kind, key)
    const recent = previous !== undefined && previous.failures > 0 && now - previous.last_failure_at < policy.windowMs
    const failures = recent ? previous.failures + 1 : 1
    const over = failures - max(kind)
    const lockMs = over >= 0 ? Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** over) : 0
    keep({ kind, key, failures, locked_until: lockMs > 0 ? now + lockMs : null, last_failure_at: now })
    return lockMs
  }
  const clear = (kind: LockoutKind, value: string): boolean => {
    const key = keyOf(kind, value)
    const existing = read(kind, key)
    if (!existing || existing.failures === 0) return false
    keep({ kind, key, failures: 0, locked_until: null, last_failure_at: existing.last_failure_at })
    return true
  }

  return {
    exempt: (ip: string) => neverBan(ip),
    /** The longest remaining lock of the counters this attempt is subject to, in ms (0: go ahead). */
    retryAfterMs: (username: string, ip: string): number =>
      Math.max(0, ...countersFor(username, ip).map(([kind, value]) => remaining(kind, value))),
    /** Counts a failed login; returns the resulting lock length in ms (0 when not locked yet). */
    fail(username: string, ip: string): number {
      const now = clock.now()
      return Math.max(...countersFor(username, ip).map(([kind, value]) => countFailure(kind, value, now)))
    },
    /** A successful login clears the account's count (the IP's stays: one good password does not excuse a scan). */
    succeed: (username: string, ip: string) => void clear(neverBan(ip) ? 'local-account' : 'account', username),
    list(): Lockout[] {
      const rows = new Map(
        db
          .prepare<[], Row>('SELECT * FROM lockouts')
          .all()
          .map((row) => [slot(row.kind, row.key), row]),
      )
      for (const [name, row] of counters) rows.set(name, row)
      return [...rows.values()]
        .filter((row) => row.failures > 0)
        .sort((a, b) => b.last_failure_at - a.last_failure_at)
        .map((row) => ({
          kind: row.kind,
          key: row.key,
          failures: row.failures,
          ...(row.locked_until && row.locked_until > clock.now() ? { lockedUntil: iso(row.locked_until) } : {}),
        }))
    },
    lift: (kind: LockoutKind, value: string): boolean => clear(kind, value),
  }
}
