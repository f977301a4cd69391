import type { Lockout } from '../contract/security.js'
import type { IpMatcher } from '../config/cidr.js'
import { iso, type StoreContext } from './store-context.js'

export type LockoutKind = 'account' | 'ip'

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

/**
 * Brute-force lockout with exponential backoff, per account and per client IP, persisted so a
 * restart does not reset an attack. Addresses on the never-ban list (loopback by default) are never
 * locked and never lock accounts: the owner at the machine cannot be locked out by a remote attacker.
 */
export function createLockout(
  { db, clock }: Pick<StoreContext, 'db' | 'clock'>,
  policy: LockoutPolicy,
  neverBan: IpMatcher,
) {
  const get = db.prepare<[LockoutKind, string], Row>('SELECT * FROM lockouts WHERE kind = ? AND key = ?')
  const upsert = db.prepare(
    'INSERT INTO lockouts (kind, key, failures, locked_until, last_failure_at) VALUES (@kind, @key, @failures, @locked_until, @last_failure_at) ON CONFLICT(kind, key) DO UPDATE SET failures = @failures, locked_until = @locked_until, last_failure_at = @last_failure_at',
  )
  const remove = db.prepare('DELETE FROM lockouts WHERE kind = ? AND key = ?')
  const max = (kind: LockoutKind) => (kind === 'account' ? policy.accountMaxFailures : policy.ipMaxFailures)
  const key = (kind: LockoutKind, value: string) => (kind === 'account' ? value.toLowerCase() : value)

  /** Milliseconds until (kind, key) may try again; 0 when not locked. */
  const remaining = (kind: LockoutKind, value: string): number => {
    const row = get.get(kind, key(kind, value))
    return row?.locked_until ? Math.max(0, row.locked_until - clock.now()) : 0
  }

  return {
    exempt: (ip: string) => neverBan(ip),
    /** The longest remaining lock of this account or IP, in ms (0: go ahead). */
    retryAfterMs(username: string, ip: string): number {
      if (neverBan(ip)) return 0
      return Math.max(remaining('account', username), remaining('ip', ip))
    },
    /** Counts a failed login; returns the resulting lock length in ms (0 when not locked yet). */
    fail(username: string, ip: string): number {
      if (neverBan(ip)) return 0
      const now = clock.now()
      let locked = 0
      for (const [kind, value] of [
        ['account', username],
        ['ip', ip],
      ] as const) {
        const previous = get.get(kind, key(kind, value))
        const failures = previous && now - previous.last_failure_at < policy.windowMs ? previous.failures + 1 : 1
        const over = failures - max(kind)
        const lockMs = over >= 0 ? Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** over) : 0
        upsert.run({
          kind,
          key: key(kind, value),
          failures,
          locked_until: lockMs > 0 ? now + lockMs : null,
          last_failure_at: now,
        })
        locked = Math.max(locked, lockMs)
      }
      return locked
    },
    /** A successful login clears the account's count (the IP's stays: one good password does not excuse a scan). */
    succeed: (username: string) => void remove.run('account', key('account', username)),
    list(): Lockout[] {
      return db
        .prepare<[], Row>('SELECT * FROM lockouts ORDER BY last_failure_at DESC')
        .all()
        .map((row) => ({
          kind: row.kind,
          key: row.key,
          failures: row.failures,
          ...(row.locked_until && row.locked_until > clock.now() ? { lockedUntil: iso(row.locked_until) } : {}),
        }))
    },
    lift: (kind: LockoutKind, value: string): boolean => remove.run(kind, key(kind, value)).changes > 0,
  }
}
